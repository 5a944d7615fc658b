// Cancelling the remote job, as Spinnaker's cancel: the cancel endpoint called once, best
// effort, and bounded so that it ends before the runner's kill (signals.ts hears the runner).

import { formatDuration } from '../formats.js'
import { ExchangeError } from '../http/exchange.js'
import { describeCode, describeRequest } from './describe.js'
import { cancelRequest, exchange } from './request.js'
import { documentOf } from '../body.js'
import { fillTemplate } from '../jsonpath/index.js'
import type { StageContext, StageState } from '../stage.js'

/**
 * The cancel call must end before the runner's next step: SIGTERM comes 7.5 s after SIGINT, and
 * the kill 2.5 s after SIGTERM.
 */
const CANCEL_CALL_BOUND_MS = { SIGINT: 5_000, SIGTERM: 2_000 } as const

/**
 * Calls the cancel endpoint once, best effort: its failure is a warning and changes nothing
 * else. Once the runner cancels this run, before or during the call, the call has a few seconds
 * left at most, and none after the runner's second signal.
 */
export async function callCancelEndpoint(ctx: StageContext, state: StageState, hurry: AbortSignal): Promise<void> {
  const { config, timeline, secrets } = ctx
  if (!config.cancel) return
  // With monitor-only there is no webhook answer: the last poll answered 2xx or 3xx names the job.
  const answer = config.monitorOnly ? state.buildInfo : state.webhook?.payload
  const filled = config.cancelTemplate
    ? fillTemplate(config.cancelTemplate, config.cancel.url, answer && { document: documentOf(answer) }, secrets)
    : { url: config.cancel.url }
  if ('skipped' in filled) {
    timeline.record('cancel-call', `cancel call skipped: ${filled.skipped}`, 'warning')
    return
  }
  // A value from the answer under a secret query name is masked like the user's own.
  if (filled.url !== config.cancel.url) secrets.addUrl(filled.url)
  const spec = { ...config.cancel, url: filled.url }
  const giveUp = new AbortController()
  let bound: NodeJS.Timeout | undefined
  const onRunnerCancel = (): void => {
    const signal = ctx.cancelled.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT'
    bound = setTimeout(() => giveUp.abort(), CANCEL_CALL_BOUND_MS[signal])
  }
  if (ctx.cancelled.aborted) onRunnerCancel()
  else ctx.cancelled.addEventListener('abort', onRunnerCancel, { once: true })
  const signal = AbortSignal.any([giveUp.signal, hurry])

  const shown = describeRequest(ctx, spec)
  const timing = { startedAt: timeline.now() }
  try {
    const answer = await exchange(ctx, cancelRequest(ctx, filled.url, signal))
    const accepted = answer.code >= 200 && answer.code < 400
    timeline.record(
      'cancel-call',
      `cancel call ${shown} answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`,
      accepted ? 'info' : 'warning',
      timing
    )
  } catch (error) {
    const why =
      error instanceof ExchangeError
        ? error.kind === 'aborted'
          ? 'given up: the runner is cancelling the run'
          : error.message
        : String(error)
    timeline.record('cancel-call', `cancel call ${shown} failed: ${why}`, 'warning', timing)
  } finally {
    clearTimeout(bound)
    ctx.cancelled.removeEventListener('abort', onRunnerCancel)
  }
}
