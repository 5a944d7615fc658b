// The log: one line per change in the timeline, redacted and defused.

import * as runner from '../runner.js'
import { defuse, type Secrets } from '../redact.js'
import type { StageEvent } from '../timeline.js'

export function logEvent(event: StageEvent, secrets: Secrets): void {
  const line = defuse(secrets.redact(event.text))
  if (event.level === 'error') runner.error(line)
  else if (event.level === 'warning') runner.warning(line)
  else runner.info(line)
}
