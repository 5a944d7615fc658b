// @ts-check
// npm run demo: the action end to end against a job API it starts on 127.0.0.1 (no network).
// It prints what a workflow run would show: the step's log, its outputs and its job summary, and
// writes each summary to demo-output/ (open one in a Markdown viewer that draws Mermaid to see it
// as GitHub shows it).

import { mkdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startJobApi, WAIT_FOR_JOB } from './job-api.mjs'
import { runAction } from './local-runner.mjs'

const OUTPUT = fileURLToPath(new URL('../demo-output/', import.meta.url))
mkdirSync(OUTPUT, { recursive: true })
const summaryFiles = []

const TOKEN = 'demo-token-4f9a'
const api = await startJobApi({ token: TOKEN })

const waitForTheJob = { ...WAIT_FOR_JOB, 'poll-interval': '300ms', timeout: '1m', 'cancel-endpoint': 'cancel' }

/** @type {Array<{ title: string, inputs: Record<string, string>, expect: string }>} */
const scenarios = [
  {
    title: 'Deploy, wait for the job, hand on its build info',
    inputs: {
      url: `${api.url}/jobs`,
      headers: `Authorization: Bearer ${TOKEN}\nX-Team: shop`,
      payload: JSON.stringify({ name: 'deploy shop 1.4.2' }),
      ...waitForTheJob,
      outputs: 'image: $.image\nsite: $.url'
    },
    expect: 'SUCCEEDED'
  },
  {
    title: 'A job that fails: the step ends TERMINAL with the remote status',
    inputs: {
      url: `${api.url}/jobs`,
      headers: `Authorization: Bearer ${TOKEN}`,
      payload: JSON.stringify({ name: 'migrate shop', plan: 'fails' }),
      ...waitForTheJob
    },
    expect: 'TERMINAL'
  },
  {
    title: 'HTTP long-running work: 202 while it runs, Retry-After, 303 to the result',
    inputs: {
      url: `${api.url}/builds`,
      headers: `Authorization: Bearer ${TOKEN}`,
      'wait-for-completion': 'true',
      'status-url-resolution': 'location-header',
      'progress-json-path': '$.progress',
      'poll-interval': '300ms',
      timeout: '1m',
      outputs: 'artifact: $.artifact'
    },
    expect: 'SUCCEEDED'
  }
]

/** @param {string} text */
const bold = text => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
let failed = false
for (const [index, { title, inputs, expect }] of scenarios.entries()) {
  console.log(bold(`\n━━ ${title}`))
  console.log(bold('\n── with:'))
  for (const [name, value] of Object.entries(inputs))
    console.log(`  ${name}: ${value.includes('\n') ? `|\n    ${value.replace(/\n/g, '\n    ')}` : value}`)
  const run = await runAction({ inputs })
  console.log(bold('\n── log, as the runner shows it'))
  for (const line of run.lines) {
    if (line.startsWith('::add-mask::')) continue
    console.log(`  ${line.replace(/^::error[^:]*::/, 'Error: ').replace(/^::warning[^:]*::/, 'Warning: ')}`)
  }
  if (run.stderr) process.stdout.write(run.stderr.replace(/^/gm, '  '))
  console.log(bold('\n── outputs'))
  for (const [name, value] of Object.entries(run.outputs))
    console.log(`  ${name}: ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`)
  console.log(bold('\n── job summary (Markdown)'))
  process.stdout.write(run.summary.replace(/^/gm, '  '))
  const file = path.join(OUTPUT, `summary-${index + 1}.md`)
  writeFileSync(file, `<!-- ${title} -->\n\n${run.summary}`)
  summaryFiles.push(file)
  const status = run.outputs.status
  console.log(bold(`\n── exit code ${run.code}, status ${status}`))
  if (status !== expect) failed = true
}
await api.close()
console.log(bold('\n━━ The job summaries, as files'))
for (const file of summaryFiles) console.log(`  ${path.relative(process.cwd(), file)}`)
if (failed) {
  console.error('\nThe demo did not end as expected (SUCCEEDED, TERMINAL, SUCCEEDED): is dist/ built (npm run bundle)?')
  process.exitCode = 1
}
