// Abort listeners for the signals a run lives with (the runner's cancel, the monitor's stop): one
// listener on each signal for the whole run, and a set of what to call when it aborts. Each poll
// listens twice (its exchange, then the sleep before the next); adding and removing a listener of
// an AbortSignal each time was a few percent of a poll's CPU (docs/startup.md).

const listeners = new WeakMap<AbortSignal, Set<() => void>>()

/** Calls `onAbort` when `signal` aborts, unless the function returned is called first. */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  let calls = listeners.get(signal)
  if (!calls) {
    const set = new Set<() => void>()
    // A call stopped by an earlier one while the signal aborts is not made, as with a listener.
    signal.addEventListener('abort', () => set.forEach(call => call()), { once: true })
    listeners.set(signal, (calls = set))
  }
  calls.add(onAbort)
  return () => calls.delete(onAbort)
}
