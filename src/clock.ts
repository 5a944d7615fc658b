// The monotonic clock the stage times itself by, in milliseconds. process.hrtime rather than the
// global `performance`: Node loads all of perf_hooks on the first touch of `performance`, which
// costs a plain run 1.5 ms of its start (docs/startup.md).

/** Milliseconds on a monotonic clock with an arbitrary origin: only differences mean anything. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6
}
