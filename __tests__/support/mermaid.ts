// Reads a gantt chart with Mermaid's own parser and gantt database, as GitHub's renderer does
// before it draws: what bars it would draw, with which labels, tags, sections and times.

import mermaid from 'mermaid'

export interface DrawnBar {
  section: string
  label: string
  /** Milliseconds from the chart's zero (00:00:00.000 on its first day, in this machine's zone). */
  from: number
  to: number
  tags: string[]
}

export interface DrawnChart {
  bars: DrawnBar[]
  /** Configuration a directive (`%%{init: …}%%`) set: must be none. */
  config: object
  /** How many links a `click` statement set: must be none. */
  links: number
  title: string
}

interface GanttTask {
  section: string
  task: string
  startTime: Date
  endTime: Date
  done?: boolean
  crit?: boolean
  active?: boolean
  milestone?: boolean
}

interface GanttDb {
  getTasks(): GanttTask[]
  getLinks(): Map<string, string>
  getDiagramTitle(): string
}

/** Throws Mermaid's own error when the text is not a gantt chart it accepts. */
export async function readGantt(text: string): Promise<DrawnChart> {
  const parsed = await mermaid.parse(text)
  if (!parsed || parsed.diagramType !== 'gantt') throw new Error(`not a gantt chart: ${JSON.stringify(parsed)}`)
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text)
  const db = diagram.db as unknown as GanttDb
  // Mermaid reads the chart's dates in the viewer's zone: its zero is local midnight.
  const zero = new Date(1970, 0, 1).getTime()
  const bars = db.getTasks().map(task => ({
    section: task.section,
    label: task.task.trim(),
    from: task.startTime.getTime() - zero,
    to: task.endTime.getTime() - zero,
    tags: (['done', 'crit', 'active', 'milestone'] as const).filter(tag => task[tag])
  }))
  return { bars, config: parsed.config, links: db.getLinks().size, title: db.getDiagramTitle() }
}

/** The Mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map(match => match[1])
}
