// The stage's timeline of changes: the request, retries, the status URL, each new status or
// progress message, poll failures, the outcome. The log, the summary and the outputs are views
// of it. It stays small however long the wait: a repeat of the last event only counts up, and
// past MAX_EVENTS the oldest events after the first few are dropped and counted.

export type EventKind =
  | 'request'
  | 'retry'
  | 'answer'
  | 'status-url'
  | 'wait'
  | 'status'
  | 'progress'
  | 'poll-failure'
  | 'recovered'
  | 'cancel-call'
  | 'outcome'
  | 'note'

export type Level = 'info' | 'warning' | 'error'

export interface StageEvent {
  kind: EventKind
  text: string
  level: Level
  /** Milliseconds since the stage started. */
  at: number
  /** How many times in a row it happened; the last time is `lastAt`. */
  count: number
  lastAt: number
}

const MAX_EVENTS = 60
/** Dropped events are taken from after the first few, which tell how the stage began. */
export const KEEP_FIRST = 12

export class Timeline {
  private readonly kept: StageEvent[] = []
  /** Events dropped from the middle to keep the timeline short. */
  omitted = 0
  /** When the log last heard of anything: an event that was not a repeat, or a heartbeat. */
  lastReportedAt = 0

  constructor(
    private readonly clock: () => number,
    private readonly onNew: (event: StageEvent) => void = () => {}
  ) {}

  get events(): readonly StageEvent[] {
    return this.kept
  }

  /** Records an event; `onNew` hears of it unless it repeats the last one. */
  record(kind: EventKind, text: string, level: Level = 'info'): void {
    const at = this.clock()
    const last = this.kept.at(-1)
    if (last && last.kind === kind && last.text === text) {
      last.count++
      last.lastAt = at
      return
    }
    const event: StageEvent = { kind, text, level, at, count: 1, lastAt: at }
    this.kept.push(event)
    if (this.kept.length > MAX_EVENTS) {
      this.kept.splice(KEEP_FIRST, 1)
      this.omitted++
    }
    this.report(event)
  }

  /** A line for the log alone, that nothing changed; it is not kept. */
  heartbeat(text: string): void {
    const at = this.clock()
    this.report({ kind: 'note', text, level: 'info', at, count: 1, lastAt: at })
  }

  private report(event: StageEvent): void {
    this.lastReportedAt = event.at
    this.onNew(event)
  }

  /** Milliseconds since the stage started. */
  now(): number {
    return this.clock()
  }
}
