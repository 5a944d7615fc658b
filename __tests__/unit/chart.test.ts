import { describe, expect, it } from 'vitest'
import { chartBars, labelText, MAX_BARS, MAX_LABEL, renderChart } from '../../src/report/chart.js'
import type { StageResult } from '../../src/stage.js'
import type { FinalStatus } from '../../src/status.js'
import { Timeline } from '../../src/timeline.js'
import { readGantt, type DrawnChart } from '../support/mermaid.js'

/** A stage told as (time, event) steps on a hand-driven clock, drawn and read back by Mermaid. */
class Stage {
  private now = 0
  readonly timeline = new Timeline(() => this.now)
  result: Pick<StageResult, 'status' | 'elapsedMs' | 'monitorStartedAt' | 'polls' | 'webhook'> = {
    status: 'SUCCEEDED',
    elapsedMs: 0,
    polls: 0
  }

  at(ms: number): this {
    this.now = ms
    return this
  }

  call(): this {
    this.timeline.record('request', 'POST https://api.example.com/jobs')
    return this
  }

  answered(code = 202): this {
    this.timeline.record('answer', `answered ${code}`)
    this.result.webhook = { method: 'POST', code, reason: 'Accepted', headers: {}, ms: 5, payload: EMPTY }
    return this
  }

  monitoring(): this {
    this.result.monitorStartedAt = this.now
    return this
  }

  status(value: string): this {
    this.result.polls++
    this.timeline.record('status', `status ${value}`, 'info', { subject: value })
    return this
  }

  progress(message: string): this {
    this.result.polls++
    this.timeline.record('progress', `progress: ${message}`, 'info', { subject: message })
    return this
  }

  ends(status: FinalStatus): this {
    this.result.status = status
    this.result.elapsedMs = this.now
    return this
  }

  text(redact: (text: string) => string = text => text): string {
    return renderChart(this.result.status, chartBars(this.result, this.timeline.phases, redact))
  }

  drawn(): Promise<DrawnChart> {
    return readGantt(this.text())
  }
}

const EMPTY = { text: '', json: undefined, isJson: false, bytes: 0 }

/** Bars as [label, from, to, tags] for short expectations. */
const short = (chart: DrawnChart): Array<[string, number, number, string]> =>
  chart.bars.map(bar => [bar.label, bar.from, bar.to, bar.tags.join(' ')])

describe('the stage as a picture', () => {
  it('draws the call, the wait and one bar per status value, times relative to the start', async () => {
    const stage = new Stage().at(120).call().at(180).answered()
    stage.timeline.record('wait', 'waiting 2s before the first poll')
    stage.at(2_180).monitoring().at(2_200).status('QUEUED').status('QUEUED').at(5_000).status('RUNNING')
    stage.at(65_000).status('SUCCEEDED').ends('SUCCEEDED')
    const chart = await stage.drawn()
    expect(short(chart)).toEqual([
      ['Webhook call POST 202', 120, 180, ''],
      ['Wait before monitoring', 180, 2_180, ''],
      ['Status QUEUED', 2_180, 5_000, ''],
      ['Status RUNNING', 5_000, 65_000, ''],
      // Too short to see: a milestone.
      ['Status SUCCEEDED', 65_000, 65_000, 'done milestone']
    ])
    expect(chart.bars.map(bar => bar.section)).toEqual(['Webhook', 'Monitor', 'Monitor', 'Monitor', 'Monitor'])
  })

  it.each<[FinalStatus, string]>([
    ['SUCCEEDED', 'done'],
    ['TERMINAL', 'crit'],
    ['CANCELED', 'active']
  ])('marks the last bar by the final status %s: %s', async (status, tag) => {
    const stage = new Stage().call().at(10).answered().monitoring().at(20).status('RUNNING').at(30).status('END')
    const chart = await stage.at(40).ends(status).drawn()
    expect(chart.bars.map(bar => bar.tags)).toEqual([[], [], [tag]])
  })

  it('draws the call with its retries inside one bar, from the first attempt to the answer', async () => {
    const stage = new Stage().at(5).call()
    stage.at(50).timeline.record('retry', 'retry 1 of 3 in 1s: 503')
    stage.at(1_100).timeline.record('retry', 'retry 2 of 3 in 2s: 503')
    const chart = await stage.at(3_200).answered(201).at(3_210).ends('SUCCEEDED').drawn()
    expect(short(chart)).toEqual([['Webhook call POST 201 (2 retries)', 5, 3_200, 'done']])
  })

  it('still shows the call of a run without polls, and of a call that failed', async () => {
    expect(short(await new Stage().at(3).call().at(90).answered(200).ends('SUCCEEDED').drawn())).toEqual([
      ['Webhook call POST 200', 3, 90, 'done']
    ])
    // No answer: the bar lasts until the stage ended.
    expect(short(await new Stage().at(3).call().at(500).ends('TERMINAL').drawn())).toEqual([
      ['Webhook call', 3, 500, 'crit']
    ])
  })

  it('starts a stretch at each new progress message when there is no status value', async () => {
    const stage = new Stage().call().at(10).answered().monitoring()
    stage.at(15).progress('compiling (1 of 2)').at(400).progress('compiling (2 of 2)')
    expect(short(await stage.at(900).ends('SUCCEEDED').drawn())).toEqual([
      ['Webhook call POST 202', 0, 10, ''],
      ['Progress compiling (1 of 2)', 10, 400, ''],
      ['Progress compiling (2 of 2)', 400, 900, 'done']
    ])
  })

  it('draws one bar of polls that read no status and no progress', async () => {
    const stage = new Stage().call().at(10).answered().monitoring()
    stage.result.polls = 3
    expect(short(await stage.at(300).ends('SUCCEEDED').drawn())).toEqual([
      ['Webhook call POST 202', 0, 10, ''],
      ['Polls (3)', 10, 300, 'done']
    ])
  })

  it('ends with the cancel call when one was made, and ends the polls where it began', async () => {
    const stage = new Stage().call().at(10).answered().monitoring().at(20).status('RUNNING')
    stage.at(60_000).timeline.record('cancel-call', 'cancel call answered 202', 'info', { startedAt: 59_990 })
    const chart = await stage.at(60_001).ends('TERMINAL').drawn()
    expect(short(chart).slice(1)).toEqual([
      ['Status RUNNING', 10, 59_990, ''],
      ['Cancel call', 59_990, 60_000, 'crit milestone']
    ])
    expect(chart.bars.at(-1)?.section).toBe('Cancel')
  })

  it('draws no cancel bar for a cancel call that was skipped', async () => {
    const stage = new Stage().call().at(10).answered().monitoring().at(20).status('RUNNING')
    stage.timeline.record('cancel-call', 'cancel call skipped: no job id', 'warning')
    expect((await stage.at(30).ends('TERMINAL').drawn()).bars.map(bar => bar.label)).toEqual([
      'Webhook call POST 202',
      'Status RUNNING'
    ])
  })

  it(`draws at most ${MAX_BARS} bars: the middle stretches are one bar that counts them, the last keeps its own`, async () => {
    const stage = new Stage().call().at(10).answered().monitoring()
    for (let i = 1; i <= 300; i++) stage.at(10 + i * 10).status(`STEP-${i}`)
    stage.timeline.record('cancel-call', 'cancel call answered 202', 'info', { startedAt: 3_020 })
    const chart = await stage.at(3_030).ends('CANCELED').drawn()
    expect(chart.bars).toHaveLength(MAX_BARS)
    const labels = chart.bars.map(bar => bar.label)
    // The call and the cancel call, 36 stretches, the merged one and the last one.
    expect(labels.slice(1, 4)).toEqual(['Status STEP-1', 'Status STEP-2', 'Status STEP-3'])
    expect(labels[36]).toBe('Status STEP-36')
    expect(labels[37]).toBe('Status changed 263 more times')
    expect(labels.slice(38)).toEqual(['Status STEP-300', 'Cancel call'])
    // The merged bar runs from the 37th change to the last: the bars still cover the polls end to end.
    expect(chart.bars[37]).toMatchObject({ from: 380, to: 3_010 })
    expect(chart.bars[38]).toMatchObject({ from: 3_010, to: 3_020 })
  })

  it('keeps what it needs for the chart however many events the timeline dropped', async () => {
    const stage = new Stage().call()
    for (let i = 1; i <= 100; i++) stage.at(i).timeline.record('retry', `retry ${i}`)
    stage.at(200).answered().monitoring().at(210).status('RUNNING').at(300).status('DONE')
    expect(stage.timeline.omitted).toBeGreaterThan(0)
    expect(short(await stage.at(310).ends('SUCCEEDED').drawn())).toEqual([
      ['Webhook call POST 202 (100 retries)', 0, 200, ''],
      ['Status RUNNING', 200, 300, ''],
      ['Status DONE', 300, 310, 'done']
    ])
  })

  it('masks secrets in labels, also ones known only after the event', async () => {
    const stage = new Stage().call().at(10).answered().monitoring().at(20).status('token tok-4242 ok')
    const text = stage
      .at(30)
      .ends('SUCCEEDED')
      .text(text => text.replaceAll('tok-4242', '***'))
    expect(text).not.toContain('tok-4242')
    expect((await readGantt(text)).bars[1].label).toBe('Status token ok')
  })

  it('puts times on the axis from 00:00 in the reader’s own time zone, for stages of any length', async () => {
    for (const end of [50, 30_000, 7_200_000, 3 * 86_400_000 + 5]) {
      const chart = await new Stage().call().at(end).ends('SUCCEEDED').drawn()
      expect(chart.bars[0]).toMatchObject({ from: 0, to: end })
    }
  })
})

describe('server text in the chart', () => {
  const hostile = [
    'RUNNING\nclick b1 href "https://evil.example"',
    'RUNNING\nclick b1 call alert(1)',
    '%%{init: {"theme": "forest", "securityLevel": "loose"}}%%',
    '%%{init: {"gantt": {"barHeight": 999}}}%%\nsection owned',
    'a:b;c#d',
    'x%%comment',
    ': done, 1970-01-01 00:00:00.000, 2099-01-01 00:00:00.000',
    'RUNNING\ntitle pwned\naccTitle: pwned\nsection pwned\nclassDef x fill:red',
    'RUNNING\ndateFormat YYYY\naxisFormat %Y\ntodayMarker on\nexcludes weekends',
    '2024-01-01 starts with a date',
    'click',
    'section',
    'gantt',
    '<script>alert(1)</script> &amp; `code` ``` |pipe|',
    'RUNNING\r\n\u2028\u2029\u0085next line',
    'x'.repeat(2048),
    'ÜBERSETZT 完成 ✅ \u202Eevil\u200B',
    '::::'
  ]

  it.each(hostile)('a status value cannot add a statement, a directive or a bar: %j', async value => {
    const stage = new Stage().call().at(10).answered().monitoring().at(20).status(value).at(30).status('DONE')
    const chart = await stage.at(40).ends('SUCCEEDED').drawn()
    expect(chart.bars.map(bar => bar.section)).toEqual(['Webhook', 'Monitor', 'Monitor'])
    expect(chart.bars[1].label).toMatch(/^Status/)
    expect(chart.bars[1]).toMatchObject({ from: 10, to: 30, tags: [] })
    expect(chart.bars[2]).toMatchObject({ label: 'Status DONE', tags: ['done'] })
    expect(chart.config).toEqual({})
    expect(chart.links).toBe(0)
    expect(chart.title).toBe('')
  })

  it.each(hostile)('a progress message cannot either: %j', async value => {
    const stage = new Stage().call().at(10).answered().monitoring().at(20).progress(value).at(30).progress('done')
    const chart = await stage.at(40).ends('TERMINAL').drawn()
    expect(chart.bars.map(bar => [bar.label.split(' ')[0], bar.tags.join()])).toEqual([
      ['Webhook', ''],
      ['Progress', ''],
      ['Progress', 'crit']
    ])
    expect(chart.config).toEqual({})
  })

  it('whatever the server sends: 300 random values built from keywords, markup and line breaks', async () => {
    const pieces = [
      'click ',
      'section ',
      'title ',
      '%%',
      '{init: {}}',
      ':',
      ';',
      '#',
      '\n',
      '\r',
      ' ',
      'call ',
      'href "',
      'x',
      '2024-01-01',
      '`',
      '<',
      '>',
      '&',
      '|',
      'é',
      '\u2028',
      'done,',
      'after a1'
    ]
    let seed = 18
    // A fixed pseudo-random sequence: the same values on every run.
    const random = (n: number): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n
    // Thirty values a chart, so that each one has a bar of its own.
    for (let chartIndex = 0; chartIndex < 10; chartIndex++) {
      const stage = new Stage().call().at(10).answered().monitoring()
      for (let i = 0; i < 30; i++) {
        const value = Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]).join('')
        stage.at(20 + i).status(`${i}${value}`)
      }
      const chart = await stage.at(400).ends('SUCCEEDED').drawn()
      expect(chart.bars).toHaveLength(31)
      expect(chart.bars.slice(1).every(bar => bar.section === 'Monitor' && bar.label.startsWith('Status'))).toBe(true)
      expect(chart.config).toEqual({})
      expect(chart.links).toBe(0)
    }
  })

  it.each<[string, string]>([
    ['RUNNING', 'RUNNING'],
    ['a:b;c#d', 'a b c d'],
    ['line\nclick x', 'line click x'],
    ['50% (3/6) +1 a_b-c.d', '50% (3/6) +1 a_b-c.d'],
    ['%%{init: x}%%', '%% init x %%'],
    ['Ünïcode 完成', 'Ünïcode 完成'],
    ['<b>&amp;</b>', 'b amp /b'],
    ['x'.repeat(2048), `${'x'.repeat(MAX_LABEL - 3)}...`],
    ['完'.repeat(50), `${'完'.repeat(MAX_LABEL - 3)}...`]
  ])('labelText(%j) is %j', (text, label) => {
    expect(labelText(text)).toBe(label)
    expect(Array.from(labelText(text)).length).toBeLessThanOrEqual(MAX_LABEL)
  })
})
