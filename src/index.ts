import { run } from './main.js'

// Exit as soon as the stage is reported: a kept-alive connection or a proxy tunnel must not hold
// a finished step open.
run().finally(() => process.exit())

// A defect that escapes run() is one line, never a stack trace.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    process.stdout.write(`::error::internal error: ${String((error as Error)?.message ?? error).replace(/\r?\n/g, ' ')}\n`)
    process.exit(1)
  })
}
