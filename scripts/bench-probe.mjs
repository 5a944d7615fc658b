// Loaded with `node --import` by the benchmark: at exit, the process reports its own CPU time and
// peak memory on stderr, as one JSON line.
import { writeSync } from 'node:fs'

process.on('exit', () => {
  const usage = process.resourceUsage()
  writeSync(2, `\nbench-probe ${JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS })}\n`)
})
