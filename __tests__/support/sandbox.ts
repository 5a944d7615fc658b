// The network sandbox (sandbox.mjs) for a run of the action: the env that preloads it, and what
// it blocked.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'

const SANDBOX_MODULE = pathToFileURL(path.join(import.meta.dirname, 'sandbox.mjs')).href

/** Names the sandbox resolves unless told otherwise. */
export const SANDBOX_HOSTS: Record<string, string> = {
  'metadata.sandbox.test': '169.254.169.254',
  'v6.sandbox.test': 'fe80::1',
  'loopback.sandbox.test': '127.0.0.1'
}

export interface SandboxAttempt {
  /** connect: a connection outside loopback, refused; dns: a name it does not know or a DNS query; diverted: sent to loopback. */
  kind: 'connect' | 'dns' | 'diverted'
  host: string
  address?: string
  port?: number
  to?: string
}

export interface Sandbox {
  /** For `runStep(inputs, { env })`. */
  env: Record<string, string>
  /** What the sandbox saw, in order. */
  attempts(): SandboxAttempt[]
  /** Connections it refused: each would have left loopback. */
  blocked(): SandboxAttempt[]
}

/**
 * A fresh sandbox. `hosts` adds names (name to address); `divert` sends connections meant for an
 * address to a loopback address instead (same port).
 */
export function sandbox(options: { hosts?: Record<string, string>; divert?: Record<string, string> } = {}): Sandbox {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'webhook-sandbox-')), 'attempts.jsonl')
  const attempts = (): SandboxAttempt[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(line => JSON.parse(line) as SandboxAttempt)
      : []
  return {
    env: {
      NODE_OPTIONS: `--import ${SANDBOX_MODULE}`,
      SANDBOX_HOSTS: JSON.stringify({ ...SANDBOX_HOSTS, ...options.hosts }),
      SANDBOX_DIVERT: JSON.stringify(options.divert ?? {}),
      SANDBOX_LOG: log
    },
    attempts,
    blocked: () => attempts().filter(attempt => attempt.kind === 'connect')
  }
}
