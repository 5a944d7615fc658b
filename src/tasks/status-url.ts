// Status URL resolution, as Spinnaker's statusUrlResolution: the webhook URL itself, the answer's
// Location header, or a string in the answer's body.

import { documentOf } from '../body.js'
import type { StageConfig } from '../settings.js'
import { searchDocument } from '../jsonpath/index.js'
import { StageFailure, type StageContext, type StageState, type WebhookCall } from '../stage.js'
import { describeFound } from '../status.js'
import { ServerUrlError, urlFromServer, type UserInfoTaker } from '../url-from-server.js'

export class StatusUrlError extends Error {}

/** Where the status URL came from, for the log: `the webhook URL`, `the Operation-Location header` … */
export function resolutionSource(config: Pick<StageConfig, 'statusUrlResolution' | 'statusUrlHeader'>): string {
  switch (config.statusUrlResolution) {
    case 'get-method':
      return 'the webhook URL'
    case 'location-header':
      return `the ${config.statusUrlHeader} header`
    case 'webhook-response':
      return "the webhook's answer"
  }
}

/**
 * The status URL of this run, kept in `state`: a URL that cannot be resolved stops the wait
 * without a final status. (User info in any URL of the webhook's answer headers was taken as the
 * answer arrived: http/exchange.ts.)
 */
export function statusUrlFor(ctx: StageContext, state: StageState): URL {
  const { config, secrets, timeline } = ctx
  let statusUrl: URL
  try {
    statusUrl = resolveStatusUrl(config, state.webhook, secrets)
  } catch (error) {
    if (error instanceof StatusUrlError || error instanceof ServerUrlError) throw new StageFailure(error.message, true)
    throw error
  }
  // The server chose this URL: its query values are masked where it is shown (by name), not
  // hunted down in every body, where a job id in `?op_key=` would turn into ***.
  state.statusUrl = statusUrl
  timeline.record('status-url', `status URL (${resolutionSource(config)}): ${secrets.showUrl(statusUrl)}`)
  return statusUrl
}

/**
 * The URL to poll. A relative one is resolved against the webhook URL. Like Spinnaker, a status
 * URL on the webhook's host with another scheme takes the webhook's scheme (TLS is often
 * terminated in front of the service, which then reports http URLs).
 * User info is taken into `secrets` and blanked. Throws StatusUrlError saying what is missing,
 * or ServerUrlError when what the server named is not an http(s) URL.
 */
export function resolveStatusUrl(
  config: Pick<StageConfig, 'webhook' | 'statusUrlResolution' | 'statusUrlJsonPath' | 'statusUrlHeader'>,
  webhook: WebhookCall | undefined,
  secrets: UserInfoTaker
): URL {
  const base = config.webhook.url
  let text: string
  switch (config.statusUrlResolution) {
    case 'get-method':
      return new URL(base)
    case 'location-header': {
      const header = config.statusUrlHeader
      const value = webhook?.headers[header.toLowerCase()]
      const location = Array.isArray(value) ? value[0] : value
      if (!location) {
        throw new StatusUrlError(
          `the webhook's answer has no ${header} header to poll (status-url-resolution: location-header)`
        )
      }
      text = location
      break
    }
    case 'webhook-response': {
      const path = config.statusUrlJsonPath
      const search = path && webhook ? searchDocument(path, documentOf(webhook.payload)) : { found: [] }
      if ('unsearchable' in search) throw new StatusUrlError(`status-url-json-path ${search.unsearchable}`)
      const { found } = search
      if (found.length !== 1 || typeof found[0] !== 'string' || found[0].trim() === '') {
        throw new StatusUrlError(
          `status-url-json-path ${path?.source} found ${describeFound(found)} in the webhook's answer, not a URL to poll`
        )
      }
      text = found[0].trim()
      break
    }
  }
  const url = urlFromServer(text, base, secrets, `the status URL from ${resolutionSource(config)}`)
  if (url.hostname === base.hostname && url.protocol !== base.protocol) url.protocol = base.protocol
  return url
}
