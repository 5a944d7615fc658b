import { run } from './main.js'

// Exit as soon as the stage is reported and the log is written out: a kept-alive connection or a
// proxy tunnel must not hold a finished step open.
run()
  .catch(() => (process.exitCode = 1))
  .finally(() => process.stdout.write('', () => process.exit()))
