// The log: one line per change in the timeline, redacted and defused.

import * as core from '@actions/core'
import { defuse, type Secrets } from '../redact.js'
import type { StageEvent } from '../timeline.js'

export function logEvent(event: StageEvent, secrets: Secrets): void {
  const line = defuse(secrets.redact(event.text), Infinity)
  if (event.level === 'error') core.error(line)
  else if (event.level === 'warning') core.warning(line)
  else core.info(line)
}
