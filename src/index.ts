import { run } from './main.js'

// Exit as soon as the stage is reported and the log is written out: a kept-alive connection or a
// proxy tunnel must not hold a finished step open. The exit closes them all at once; closing each
// socket first took most of a millisecond after the final poll (docs/startup.md).
run()
  .catch(() => (process.exitCode = 1))
  .finally(() => process.stdout.write('', () => process.exit()))
