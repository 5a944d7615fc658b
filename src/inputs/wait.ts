// The inputs of waiting for completion: how the status URL is found, the status lists, the
// mapped outputs, cancel placeholders and poll-retry-limits. Read by readConfig (index.ts).

import { parseList } from '../formats.js'
import {
  compileJsonPath,
  isJsonPathSyntaxError,
  parseTemplate,
  type JsonPath,
  type UrlTemplate
} from '../jsonpath/index.js'
import { parseMapping } from '../mapping.js'
import { ACTION_OUTPUTS, type StatusHeaders, type StatusUrlResolution } from '../settings.js'
import { normalizeStatus, type MissingStatus, type StatusLists } from '../status.js'
import { InputError, quote } from './values.js'

/** A poll-retry-limits count past this is a mistake; Spinnaker's are single digits. */
const MAX_POLL_RETRIES = 1_000_000
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/

export function readStatusUrlResolution(text: string): StatusUrlResolution {
  // Spinnaker's spellings (getMethod, locationHeader, webhookResponse) are accepted too.
  const key = text.toLowerCase().replace(/[-_]/g, '')
  const modes: Record<string, StatusUrlResolution> = {
    getmethod: 'get-method',
    locationheader: 'location-header',
    webhookresponse: 'webhook-response'
  }
  const mode = modes[key]
  if (!mode)
    throw new InputError(
      'status-url-resolution',
      `must be get-method, location-header or webhook-response (got ${quote(text)})`
    )
  return mode
}

export function readStatusHeaders(text: string): StatusHeaders {
  const value = text.toLowerCase()
  if (value !== 'same-origin' && value !== 'always' && value !== 'never') {
    throw new InputError('status-headers', `must be same-origin, always or never (got ${quote(text)})`)
  }
  return value
}

export function readMissingStatus(text: string): MissingStatus {
  const value = text.toLowerCase()
  if (value !== 'terminal' && value !== 'running') {
    throw new InputError('missing-status', `must be terminal or running (got ${quote(text)})`)
  }
  return value
}

const STATUS_LISTS = [
  ['success-statuses', 'success'],
  ['canceled-statuses', 'canceled'],
  ['terminal-statuses', 'terminal']
] as const

/** `waiting`: whether the lists will be used; if not, only their form is checked. */
export function readStatusLists(
  given: (name: string) => string,
  hasStatusPath: boolean,
  waiting: boolean
): StatusLists {
  const lists = { success: new Set<string>(), canceled: new Set<string>(), terminal: new Set<string>() }
  const owner = new Map<string, string>()
  for (const [name, key] of STATUS_LISTS) {
    for (const item of parseList(given(name))) {
      const status = normalizeStatus(item)
      const other = owner.get(status)
      if (other && other !== name)
        throw new InputError(name, `names ${quote(item)}, which ${other} names too; a status can mean one thing`)
      owner.set(status, name)
      lists[key].add(status)
    }
  }
  if (!waiting) return lists
  if (hasStatusPath && lists.success.size === 0) {
    throw new InputError('success-statuses', 'is required with status-json-path: the status values that mean SUCCEEDED')
  }
  if (!hasStatusPath && owner.size > 0) {
    throw new InputError(
      'status-json-path',
      `is required with ${[...new Set(owner.values())].join(', ')}: the JSONPath to the status value`
    )
  }
  return lists
}

export function readOutputs(text: string): Array<{ name: string; path: JsonPath }> {
  let entries
  try {
    entries = parseMapping(text)
  } catch (error) {
    throw new InputError('outputs', `must be a YAML mapping of \`name: JSONPath\`: ${(error as Error).message}`)
  }
  const taken = new Set<string>(ACTION_OUTPUTS)
  return entries.map(([name, value]) => {
    if (!OUTPUT_NAME.test(name)) {
      throw new InputError(
        'outputs',
        `has a name that is not a valid output name: ${quote(name)} (letters, digits, - and _, not starting with a digit or -)`
      )
    }
    const lower = name.toLowerCase()
    if (taken.has(lower)) {
      throw new InputError(
        'outputs',
        (ACTION_OUTPUTS as readonly string[]).includes(lower)
          ? `cannot use ${quote(name)}: the action sets that output itself`
          : `names ${quote(name)} twice`
      )
    }
    taken.add(lower)
    if (Array.isArray(value)) throw new InputError('outputs', `must map ${quote(name)} to one JSONPath, not a list`)
    try {
      return { name, path: compileJsonPath(value) }
    } catch (error) {
      throw new InputError('outputs', `must map ${quote(name)} to a JSONPath such as $.id: ${(error as Error).message}`)
    }
  })
}

/** `{JSONPath}` placeholders, checked now so that one that does not parse is an input error. */
export function readCancelTemplate(text: string): UrlTemplate {
  try {
    return parseTemplate(text)
  } catch (error) {
    if (!isJsonPathSyntaxError(error)) throw error
    throw new InputError('cancel-endpoint', `has a placeholder that is not a JSONPath: ${error.message}`)
  }
}

/** `code: n` per line (or `{404: 2, 504: 0}`): how often a poll answered with that code is retried. */
export function readPollRetryLimits(text: string): Map<number, number> {
  const limits = new Map<number, number>()
  let entries
  try {
    entries = parseMapping(text)
  } catch (error) {
    throw new InputError(
      'poll-retry-limits',
      `must be a YAML mapping of \`code: retries\`: ${(error as Error).message}`
    )
  }
  for (const [code, value] of entries) {
    if (!/^\d{3}$/.test(code) || Number(code) < 400 || Number(code) > 599) {
      throw new InputError('poll-retry-limits', `must name status codes from 400 to 599 (got ${quote(code)})`)
    }
    if (Array.isArray(value) || !/^\d+$/.test(value) || Number(value) > MAX_POLL_RETRIES) {
      const got = Array.isArray(value) ? 'a list' : quote(value)
      throw new InputError(
        'poll-retry-limits',
        `must map ${code} to a whole number from 0 to ${MAX_POLL_RETRIES} (got ${got})`
      )
    }
    limits.set(Number(code), Number(value))
  }
  return limits
}
