// The small value formats inputs are written in: durations, sizes, booleans and lists.
// Each parser returns undefined for text it does not accept, so the caller can name the input.

const DURATION_UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 }
const UNIT_ORDER = ['h', 'm', 's', 'ms']
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy

/** Longest duration a Node timer can wait (2^31 - 1 ms, about 24.8 days). */
export const MAX_DURATION_MS = 2_147_483_647

/** `500ms`, `30s`, `5m`, `1h`, `1h30m` (largest unit first) or a bare number of seconds, in milliseconds. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  if (value === '') return undefined
  DURATION_PART.lastIndex = 0
  let total = 0
  let lastUnit = -1
  let match: RegExpExecArray | null
  while ((match = DURATION_PART.exec(value)) !== null) {
    // Largest unit first, each once: `1h30m`, not `30m1h` or `5m5m`.
    const unit = UNIT_ORDER.indexOf(match[2])
    if (unit <= lastUnit) return undefined
    lastUnit = unit
    total += Number(match[1]) * DURATION_UNITS[match[2]]
    if (DURATION_PART.lastIndex === value.length) return Math.round(total)
  }
  return undefined
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

/** `512KB`, `16MB`, `1GB` (powers of 1024) or a bare number of bytes. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/.exec(text.trim().toLowerCase())
  if (!match) return undefined
  const unit = (match[2] ?? '').replace('i', '')
  return Math.floor(Number(match[1]) * SIZE_UNITS[unit])
}

export function parseBoolean(text: string): boolean | undefined {
  const value = text.trim().toLowerCase()
  return value === 'true' ? true : value === 'false' ? false : undefined
}

/** Items separated by commas or newlines, trimmed, empty ones dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[,\r\n]/)
    .map(item => item.trim())
    .filter(item => item !== '')
}

/** A human duration for logs and the summary: `850ms`, `12.5s`, `3m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))}s`
  const seconds = Math.round(ms / 1000)
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${Number((bytes / 1024).toFixed(1))} KB`
  return `${Number((bytes / 1024 ** 2).toFixed(1))} MB`
}
