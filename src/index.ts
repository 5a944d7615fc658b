import { run } from './main.js'

// Exit as soon as the stage is reported: a kept-alive connection or a proxy tunnel must not hold
// a finished step open.
run().finally(() => process.exit())
