// A network sandbox for the action's process in black-box tests, preloaded with
// `NODE_OPTIONS=--import <this file's URL>` (see sandbox.ts). Nothing leaves loopback:
//
// - The resolver is a fixed table: `localhost` and the names in SANDBOX_HOSTS (JSON, name to
//   address) resolve; any other name fails with ENOTFOUND, and no DNS query is sent.
// - A TCP connection to an address outside loopback is never made: it fails with ECONNREFUSED
//   and is appended to the file SANDBOX_LOG (one JSON line each). The address checked is the
//   literal host, or each address the connection's own `lookup` answers, so the check holds
//   whatever lookup the code under test passes.
// - SANDBOX_DIVERT (JSON, address to loopback address) sends a connection meant for an address
//   to a loopback one instead, same port, and logs it: code that may connect to a link-local
//   address can be tested against a local server.
//
// A regression in the code under test therefore fails its test (and shows in the log) instead of
// sending traffic.

import { appendFileSync } from 'node:fs'
import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'

const hosts = { localhost: '127.0.0.1', ...JSON.parse(process.env.SANDBOX_HOSTS || '{}') }
const divert = JSON.parse(process.env.SANDBOX_DIVERT || '{}')
const logFile = process.env.SANDBOX_LOG

const LOOPBACK = new net.BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

function isLoopback(address) {
  const family = net.isIP(address)
  return family !== 0 && LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

function record(entry) {
  if (logFile) appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, ...entry })}\n`)
}

// --- The resolver -------------------------------------------------------------------------

function resolveName(hostname, family) {
  if (net.isIP(hostname)) return [{ address: hostname, family: net.isIP(hostname) }]
  const address = hosts[String(hostname).toLowerCase().replace(/\.$/, '')]
  if (address === undefined || (family && net.isIP(address) !== family)) {
    record({ kind: 'dns', host: hostname })
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (the test sandbox knows no such name)`), {
      code: 'ENOTFOUND',
      errno: -3008,
      syscall: 'getaddrinfo',
      hostname
    })
  }
  return [{ address, family: net.isIP(address) }]
}

function lookup(hostname, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}]
  if (typeof options === 'number') options = { family: options }
  options ??= {}
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family || 0
  let addresses
  try {
    addresses = resolveName(hostname, family)
  } catch (error) {
    setImmediate(() => callback(error))
    return {}
  }
  setImmediate(() =>
    options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)
  )
  return {}
}

dns.lookup = lookup
dns.promises.lookup = async (hostname, options = {}) => {
  if (typeof options === 'number') options = { family: options }
  const addresses = resolveName(
    hostname,
    options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family || 0
  )
  return options.all ? addresses : addresses[0]
}
// Queries to DNS servers (resolve*, reverse) would leave the machine: they fail.
for (const api of [dns, dns.promises]) {
  for (const name of Object.keys(api)) {
    if (!/^(resolve|reverse)/.test(name) || typeof api[name] !== 'function') continue
    api[name] = (hostname, ...rest) => {
      record({ kind: 'dns', host: hostname, api: name })
      const error = Object.assign(new Error(`${name} ${hostname}: refused by the test sandbox`), { code: 'EREFUSED' })
      const callback = rest.find(arg => typeof arg === 'function')
      if (api === dns.promises) return Promise.reject(error)
      setImmediate(() => callback?.(error))
    }
  }
}
// `import { lookup } from 'node:dns'` sees the table too.
syncBuiltinESMExports()

// --- Connections --------------------------------------------------------------------------

function refusal(host, address, port) {
  record({ kind: 'connect', host, address, port })
  return Object.assign(new Error(`connect ECONNREFUSED ${address}:${port} (blocked by the test sandbox)`), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
    address,
    port
  })
}

const connect = net.Socket.prototype.connect

net.Socket.prototype.connect = function sandboxedConnect(...args) {
  // The forms of Socket#connect: (normalized [options, callback]), (options, callback),
  // (port, host, callback), (path, callback).
  let options
  if (Array.isArray(args[0])) options = args[0][0]
  else if (args[0] !== null && typeof args[0] === 'object') options = args[0]
  else if (typeof args[0] === 'string' && !/^\d+$/.test(args[0])) options = { path: args[0] }
  else options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined }
  if (options.path) return connect.apply(this, args) // a local socket (http passes `path: null`)
  const host = options.host || 'localhost'
  const port = options.port

  let checked
  if (net.isIP(host)) {
    if (divert[host] !== undefined) {
      record({ kind: 'diverted', host, address: host, port, to: divert[host] })
      checked = { ...options, host: divert[host] }
    } else if (!isLoopback(host)) {
      // Failed as a failed look-up is, so that the socket fails as any connection does.
      const error = refusal(host, host, port)
      checked = {
        ...options,
        host: 'refused.sandbox.invalid',
        lookup: (_name, _options, callback) => setImmediate(() => callback(error))
      }
    } else return connect.apply(this, args)
  } else {
    const inner = options.lookup ?? dns.lookup
    const guarded = (hostname, lookupOptions, callback) =>
      inner(hostname, lookupOptions, (error, address, family) => {
        if (error) return callback(error)
        const list = Array.isArray(address) ? address : [{ address, family }]
        const diverted = list.map(entry => {
          if (divert[entry.address] === undefined) return entry
          record({ kind: 'diverted', host: hostname, address: entry.address, port, to: divert[entry.address] })
          return { address: divert[entry.address], family: net.isIP(divert[entry.address]) }
        })
        const outside = diverted.find(entry => !isLoopback(entry.address))
        if (outside) return callback(refusal(hostname, outside.address, port))
        if (Array.isArray(address)) callback(null, diverted)
        else callback(null, diverted[0].address, diverted[0].family)
      })
    checked = { ...options, lookup: guarded }
  }

  if (Array.isArray(args[0])) {
    args[0][0] = checked
    return connect.apply(this, args)
  }
  const callback = args.find(arg => typeof arg === 'function')
  return connect.call(this, checked, ...(callback ? [callback] : []))
}
