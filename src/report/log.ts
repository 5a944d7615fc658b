// The log: one line per change in the timeline, redacted and defused. Warnings and errors are
// annotations, titled so that the annotations list says what they are about.

import * as core from '@actions/core'
import { defuse, type Secrets } from '../redact.js'
import type { EventKind, StageEvent } from '../timeline.js'

const TITLES: Partial<Record<EventKind, string>> = {
  retry: 'Webhook call retried',
  'poll-failure': 'Polling the status URL',
  'cancel-call': 'Cancel call',
  note: 'Webhook stage'
}

export function logEvent(event: StageEvent, secrets: Secrets): void {
  const line = defuse(secrets.redact(event.text))
  if (event.level === 'info') return core.info(line)
  const title = event.kind === 'outcome' ? `Webhook ${line.split(':', 1)[0]}` : (TITLES[event.kind] ?? 'Webhook stage')
  if (event.level === 'error') core.error(line, { title })
  else core.warning(line, { title })
}
