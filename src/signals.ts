// The runner cancelling this run: SIGINT, then SIGTERM 7.5 s later, then a kill 2.5 s after that.
// The process's signals are the runner's edge, so only the plan (main.ts) listens to them.

export interface RunnerSignals {
  /** Aborted at the runner's first signal (its reason is the signal's name): stop at once. */
  cancelled: AbortSignal
  /** Aborted at its second signal: even the cancel call is given up. */
  hurry: AbortSignal
  dispose(): void
}

export function watchRunnerSignals(): RunnerSignals {
  const first = new AbortController()
  const second = new AbortController()
  const onSignal = (name: NodeJS.Signals): void => {
    if (first.signal.aborted) second.abort(name)
    else first.abort(name)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    cancelled: first.signal,
    hurry: second.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
