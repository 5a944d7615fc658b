// Status URL resolution, as Spinnaker's statusUrlResolution: the webhook URL itself, the answer's
// Location header, or a string in the answer's body.

import { documentOf } from '../body.js'
import type { StageConfig } from '../settings.js'
import { findAll, JsonPathLimitError } from '../jsonpath/index.js'
import type { WebhookCall } from '../stage.js'
import { describeFound } from '../status.js'

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
 * The URL to poll. A relative one is resolved against the webhook URL. Like Spinnaker, a status
 * URL on the webhook's host with another scheme takes the webhook's scheme (TLS is often
 * terminated in front of the service, which then reports http URLs).
 * User info is left in the URL, for the caller to mask. Throws StatusUrlError saying what is missing.
 */
export function resolveStatusUrl(
  config: Pick<StageConfig, 'webhook' | 'statusUrlResolution' | 'statusUrlJsonPath' | 'statusUrlHeader'>,
  webhook: WebhookCall | undefined
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
      let found: unknown[] = []
      try {
        if (path && webhook) found = findAll(path, documentOf(webhook.payload))
      } catch (error) {
        if (error instanceof JsonPathLimitError) throw new StatusUrlError(`status-url-json-path ${error.message}`)
        throw error
      }
      if (found.length !== 1 || typeof found[0] !== 'string' || found[0].trim() === '') {
        throw new StatusUrlError(
          `status-url-json-path ${path?.source} found ${describeFound(found)} in the webhook's answer, not a URL to poll`
        )
      }
      text = found[0].trim()
      break
    }
  }
  let url: URL
  try {
    url = new URL(text, base)
  } catch {
    throw new StatusUrlError(`the status URL from ${resolutionSource(config)} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StatusUrlError(
      `the status URL from ${resolutionSource(config)} is a ${url.protocol} URL, not http or https`
    )
  }
  if (url.hostname === base.hostname && url.protocol !== base.protocol) url.protocol = base.protocol
  return url
}
