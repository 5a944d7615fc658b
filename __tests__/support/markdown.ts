// The repository's Markdown as the docs tests read it: which files there are, and the YAML
// examples in them with the line each starts on (so a failure points at the example).

import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'

export const root = path.resolve(import.meta.dirname, '../..')

/** Folders that hold no docs of this project: dependencies, the build, git's own files. */
const NOT_DOCS = new Set(['node_modules', 'dist', '.git', 'coverage', '.scratch'])

/** Every Markdown file of the repository, relative to its root, sorted. */
export function markdownFiles(): string[] {
  const found: string[] = []
  const visit = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name)
      if (entry.isDirectory() && !NOT_DOCS.has(entry.name)) visit(relative)
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(relative)
    }
  }
  visit('')
  return found.sort()
}

/** The Markdown files whose examples are the user's documentation: README, CONTRIBUTING, docs/. */
export function documentationFiles(): string[] {
  return markdownFiles().filter(file => /^(README|CONTRIBUTING)\.md$|^docs\/[^/]+\.md$/.test(file))
}

export interface YamlBlock {
  /** The Markdown file, relative to the repository's root. */
  file: string
  /** The 1-based line of the block's first line of YAML. */
  line: number
  text: string
  /** The file the block is, when a `<!-- convert output: PATH -->` line stands before its fence. */
  shownAs?: string
}

/**
 * Marks a block that is input to a tool, not a workflow (an Orca profile in docs/convert.md):
 * `<!-- convert input: orca-local.yml -->` on the line before its fence.
 */
const NOT_A_WORKFLOW = /^<!-- convert input: .* -->$/

/** Every ```yaml / ```yml block of a Markdown file that shows a workflow or a step. */
export function yamlBlocks(file: string): YamlBlock[] {
  const blocks: YamlBlock[] = []
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i])
    if (!open) continue
    const [, , fence, lang] = open
    const start = i + 1
    let end = start
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++
    const before = lines[i - 1]?.trim() ?? ''
    if (/^ya?ml$/i.test(lang) && !NOT_A_WORKFLOW.test(before)) {
      const shownAs = /^<!-- convert output: (\S+) -->$/.exec(before)?.[1]
      blocks.push({
        file,
        line: start + 1,
        text: lines.slice(start, end).join('\n') + '\n',
        ...(shownAs && { shownAs })
      })
    }
    i = end
  }
  return blocks
}

/** How many workflow ```yaml fences a Markdown file opens, counted apart from yamlBlocks as a check on it. */
export function yamlFenceCount(file: string): number {
  const text = readFileSync(path.join(root, file), 'utf8')
  const fences = text.match(/^\s*(`{3,}|~{3,})\s*ya?ml\b/gim) ?? []
  const inputs = text.match(/^<!-- convert input: .* -->\n\s*(`{3,}|~{3,})\s*ya?ml\b/gim) ?? []
  return fences.length - inputs.length
}
