// Cancellation, both ways: the runner cancelling this run (SIGINT, then SIGTERM 7.5 s later, then
// a kill), and this run cancelling the remote job through the cancel endpoint.

import { formatDuration } from './formats.js'
import { ExchangeError, send } from './http.js'
import { describeRequest, requestFor, type StageContext } from './stage.js'
import { describeCode } from './webhook.js'

/** The cancel call must end well before the runner's SIGTERM, 7.5 s after its SIGINT. */
const CANCEL_CALL_BOUND_MS = 5_000

export interface RunnerSignals {
  /** Aborted at the runner's first signal: stop at once. */
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

/**
 * Calls the cancel endpoint once, best effort: its failure is a warning and changes nothing
 * else. Bounded to a few seconds when the runner is cancelling this run.
 */
export async function callCancelEndpoint(ctx: StageContext, hurry: AbortSignal): Promise<void> {
  const { config, timeline } = ctx
  const spec = config.cancel
  if (!spec) return
  const timeoutMs = ctx.cancelled.aborted ? Math.min(config.requestTimeoutMs, CANCEL_CALL_BOUND_MS) : config.requestTimeoutMs
  const shown = describeRequest(ctx, spec)
  try {
    const answer = await send(requestFor(ctx, spec, { withCredentials: true, timeoutMs, signal: hurry }))
    const accepted = answer.code >= 200 && answer.code < 400
    timeline.record(
      'cancel-call',
      `cancel call ${shown} answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`,
      accepted ? 'info' : 'warning'
    )
  } catch (error) {
    const why = error instanceof ExchangeError ? error.message : String(error)
    timeline.record('cancel-call', `cancel call ${shown} failed: ${why}`, 'warning')
  }
}
