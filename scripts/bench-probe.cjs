// @ts-check
// Loaded with `node --require` by the benchmark: at exit, the process reports its own CPU time,
// peak memory and (with --expose-gc) the live heap after a full collection, on stderr as one
// JSON line (stderr to a pipe is synchronous on Linux and macOS, so the line is written in full).
//
// CommonJS and --require, not an ES module and --import: on Node 20, `--import` sends a CommonJS
// main (a peer action's dist/index.js) through the ES module loader, which more than doubles its
// start-up; --require costs nothing measurable to either kind of main.

// The wall-clock time (ms since the epoch, shared with the benchmark's own clock) when the last
// HTTP answer was read in full: the benchmark takes from it to the process's end.
/** @type {number | undefined} */
let lastAnswerAt
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload, on purpose (above)
require('node:diagnostics_channel').subscribe('http.client.response.finish', () => {
  lastAnswerAt = performance.timeOrigin + performance.now()
})

// The peak resident memory of this process alone. getrusage's maxRSS is not that on Linux: a
// child keeps the high-water mark of the process it was forked from (a vitest worker, the
// benchmark itself) across exec, so a small action run under a big parent reports the parent's
// size. /proc/self/status's VmHWM belongs to the new program only; elsewhere maxRSS serves.
function peakRssKb() {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (above)
    const status = require('node:fs').readFileSync('/proc/self/status', 'utf8')
    const match = /^VmHWM:\s*(\d+) kB$/m.exec(status)
    if (match) return Number(match[1])
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS
}

process.on('exit', () => {
  const usage = process.resourceUsage()
  const probing = performance.now()
  globalThis.gc?.()
  const heapUsedKb = Math.round(process.memoryUsage().heapUsed / 1024)
  const report = {
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssKb: peakRssKb(),
    heapUsedKb,
    lastAnswerAt,
    // The probe's own full GC delays the exit: the benchmark takes it off the time to exit.
    probeMs: performance.now() - probing
  }
  process.stderr.write(`\nbench-probe ${JSON.stringify(report)}\n`)
})
