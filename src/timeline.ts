// The stage's timeline of changes: the request, retries, the status URL, each new status or
// progress message, poll failures, the outcome. The log, the summary and the outputs are views
// of it. It stays small however long the wait: a repeat of the last event only counts up, and
// past MAX_EVENTS the oldest events after the first few are dropped and counted. What the chart
// draws (the phases and the changes of status) is kept apart, so that no dropped event loses a bar.

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

/** What an event adds for the chart: the value it is about, and when the exchange it reports began. */
export interface EventDetail {
  /** A status value or progress message, redacted and on one line. */
  subject?: string
  /** Milliseconds since the stage started, when the call the event reports went out. */
  startedAt?: number
}

export interface Change {
  at: number
  subject: string
}

/** The first changes, with their times, and a count of the rest: all a chart of 40 bars needs. */
export interface Changes {
  first: Change[]
  total: number
  last?: Change
}

/** The stage's phases, for the chart: milliseconds since the stage started. */
export interface Phases {
  call?: { from: number; to?: number; retries: number }
  wait?: { from: number }
  cancelCall?: { from: number; to: number }
  statuses: Changes
  progress: Changes
}

/** More changes than a chart can draw bars for; the rest are counted. */
export const KEEP_CHANGES = 40

const MAX_EVENTS = 60
/** Dropped events are taken from after the first few, which tell how the stage began. */
export const KEEP_FIRST = 12

export class Timeline {
  private readonly kept: StageEvent[] = []
  /** Events dropped from the middle to keep the timeline short. */
  omitted = 0
  /** When the log last heard of anything: an event that was not a repeat, or a heartbeat. */
  lastReportedAt = 0
  readonly phases: Phases = {
    statuses: { first: [], total: 0 },
    progress: { first: [], total: 0 }
  }

  constructor(
    private readonly clock: () => number,
    private readonly onNew: (event: StageEvent) => void = () => {}
  ) {}

  get events(): readonly StageEvent[] {
    return this.kept
  }

  /** Records an event; `onNew` hears of it unless it repeats the last one. */
  record(kind: EventKind, text: string, level: Level = 'info', detail: EventDetail = {}): void {
    const at = this.clock()
    this.notePhase(kind, at, detail)
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

  private notePhase(kind: EventKind, at: number, { subject, startedAt }: EventDetail): void {
    const phases = this.phases
    if (kind === 'request') phases.call = { from: at, retries: 0 }
    else if (kind === 'retry' && phases.call) phases.call.retries++
    else if (kind === 'answer' && phases.call) phases.call.to = at
    else if (kind === 'wait') phases.wait = { from: at }
    else if (kind === 'cancel-call' && startedAt !== undefined) phases.cancelCall = { from: startedAt, to: at }
    else if ((kind === 'status' || kind === 'progress') && subject !== undefined) {
      const changes = kind === 'status' ? phases.statuses : phases.progress
      if (changes.last?.subject === subject) return
      const change = { at, subject }
      if (changes.first.length < KEEP_CHANGES) changes.first.push(change)
      changes.total++
      changes.last = change
    }
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
