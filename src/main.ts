// The stage: a short plan of tasks, as in Spinnaker's Orca: call the webhook, resolve the status
// URL, monitor it, cancel the remote job when waiting stopped without its final status, report.

import * as core from '@actions/core'
import { callCancelEndpoint } from './tasks/cancel.js'
import { watchRunnerSignals } from './signals.js'
import { InputError, readInputs } from './inputs/index.js'
import { type StageConfig } from './settings.js'
import { defuse, Secrets } from './redact.js'
import { now } from './clock.js'
import { rehearseReport, report, reportEarlyFailure, type Report } from './report/index.js'
import { logEvent } from './report/log.js'
import { describeCode, describeRequest } from './tasks/describe.js'
import { StageFailure, type StageContext, type StageResult, type StageState } from './stage.js'
import { OidcTokens } from './oidc.js'
import type { Outcome } from './tasks/poll.js'
import type { FinalStatus } from './status.js'
import { Timeline } from './timeline.js'
import { callWebhook } from './tasks/webhook.js'

export async function run(): Promise<void> {
  const started = now()
  const secrets = new Secrets(value => core.setSecret(value))
  const timeline = new Timeline(
    () => now() - started,
    event => logEvent(event, secrets)
  )
  const signals = watchRunnerSignals()
  // A defect is one line, never a stack trace, even outside this function's promise chain.
  const internalError = (error: unknown): void => {
    let message: string
    try {
      message = defuse(secrets.redact(String((error as Error)?.message ?? error)))
    } catch {
      // The failure may be the masking itself: its message is not shown then.
      message = '(its message could not be masked, so it is not shown)'
    }
    reportEarlyFailure(`internal error: ${message}`)
  }
  const escaped = (error: unknown): void => {
    internalError(error)
    process.exit()
  }
  process.on('uncaughtException', escaped)
  process.on('unhandledRejection', escaped)
  try {
    let config: StageConfig
    try {
      config = await readInputs(secrets)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      return reportEarlyFailure(error.message)
    }
    const ctx: StageContext = { config, secrets, timeline, cancelled: signals.cancelled, debug: core.isDebug() }
    if (config.oidcAudience) {
      // Each new token is masked (secrets.add registers it with the runner) before any request.
      ctx.oidc = new OidcTokens(
        config.oidcAudience,
        audience => import('./http/oidc-token.js').then(client => client.requestIdToken(audience, secrets)),
        token => secrets.add(token)
      )
    }
    const result = await runStage(ctx, signals.hurry)
    await report(reportOf(ctx), result)
  } catch (error) {
    internalError(error)
  } finally {
    process.off('uncaughtException', escaped)
    process.off('unhandledRejection', escaped)
    signals.dispose()
  }
}

async function runStage(ctx: StageContext, hurry: AbortSignal): Promise<StageResult> {
  const { config, timeline } = ctx
  const state: StageState = { polls: 0 }
  let status: FinalStatus
  let reason: string
  let stoppedWaiting = false
  try {
    ;({ status, reason } = await executeTasks(ctx, state))
  } catch (error) {
    if (ctx.cancelled.aborted) {
      ;({ status, reason } = cancelledByRunner(ctx))
      stoppedWaiting = true
    } else if (error instanceof StageFailure) {
      status = 'TERMINAL'
      reason = error.message
      stoppedWaiting = error.stoppedWaiting
    } else throw error
  }
  if (stoppedWaiting && config.cancel) {
    if (status === 'TERMINAL') timeline.record('note', `stopped waiting: ${reason}`)
    await callCancelEndpoint(ctx, state, hurry)
    // The runner's signal during the cancel call still makes the run CANCELED.
    if (ctx.cancelled.aborted) ({ status, reason } = cancelledByRunner(ctx))
  }
  timeline.record('outcome', `${status}: ${reason}`, status === 'SUCCEEDED' ? 'info' : 'error')
  return { ...state, status, reason, elapsedMs: timeline.now() }
}

function cancelledByRunner(ctx: StageContext): { status: FinalStatus; reason: string } {
  return { status: 'CANCELED', reason: `the run was cancelled (${String(ctx.cancelled.reason)})` }
}

async function executeTasks(ctx: StageContext, state: StageState): Promise<Outcome> {
  const { config } = ctx
  if (!config.monitorOnly) {
    const call = await callWebhook(ctx, state)
    if (!config.waitForCompletion) return { status: 'SUCCEEDED', reason: `the webhook answered ${describeCode(call)}` }
  }
  // Loaded by a run that waits: a call that does not wait never evaluates them (docs/startup.md).
  const [{ statusUrlFor }, { monitor }] = await Promise.all([
    import('./tasks/status-url.js'),
    import('./tasks/monitor.js')
  ])
  statusUrlFor(ctx, state)
  // While the first poll is in flight, the report runs once in rehearsal (src/report/index.ts).
  const rehearsal = setImmediate(() => rehearseReport(reportOf(ctx), state, ctx.timeline.now()))
  try {
    return await monitor(ctx, state)
  } finally {
    clearImmediate(rehearsal)
  }
}

function reportOf(ctx: StageContext): Report {
  const { config, secrets, timeline } = ctx
  return { config, secrets, timeline, request: config.monitorOnly ? undefined : describeRequest(ctx, config.webhook) }
}
