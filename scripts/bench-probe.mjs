// Loaded with `node --import` by the benchmark: at exit, the process reports its own CPU time,
// peak memory and (with --expose-gc) the live heap after a full collection, on stderr as one
// JSON line.
import { writeSync } from 'node:fs'

process.on('exit', () => {
  const usage = process.resourceUsage()
  globalThis.gc?.()
  const report = {
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssKb: usage.maxRSS,
    heapUsedKb: Math.round(process.memoryUsage().heapUsed / 1024)
  }
  writeSync(2, `\nbench-probe ${JSON.stringify(report)}\n`)
})
