import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 9783:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ getProxyUrl)
/* harmony export */ });
/* unused harmony export checkBypass */
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/runner.ts
// The runner's side of the protocol: inputs from INPUT_* variables, workflow commands on stdout,
// outputs in the GITHUB_OUTPUT file, the job summary in the GITHUB_STEP_SUMMARY file.
//
// @actions/core does the same, but importing it also loads its OIDC client and, through it,
// undici (1 MB): that was 45 ms of every start, half the action's start-up. These few
// functions follow @actions/core's formats exactly.


/** An input as the runner passes it, trimmed; '' when not given. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
function info(message) {
    process.stdout.write(message + external_node_os_namespaceObject.EOL);
}
function runner_warning(message) {
    issue('warning', message);
}
function error(message) {
    issue('error', message);
}
/** Asks the runner to mask a value wherever it would show it. */
function setSecret(value) {
    issue('add-mask', value);
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
/** Sets step outputs, in one write to GITHUB_OUTPUT. */
function setOutputs(outputs) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        // Outside a runner (or an old one): the deprecated command, as @actions/core does.
        for (const [name, value] of outputs) {
            process.stdout.write(external_node_os_namespaceObject.EOL);
            issue(`set-output name=${escapeProperty(name)}`, value);
        }
        return;
    }
    // A random delimiter that the value does not hold ends each value (a heredoc).
    const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
    let text = '';
    for (const [name, value] of outputs) {
        if (name.includes(delimiter) || value.includes(delimiter))
            throw new Error('an output holds the delimiter');
        text += `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`;
    }
    (0,external_node_fs_namespaceObject.appendFileSync)(file, text, 'utf8');
}
/** Appends Markdown to the job summary; false when the runner gave no summary file. */
function appendSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
        return false;
    (0,external_node_fs_namespaceObject.appendFileSync)(file, markdown + external_node_os_namespaceObject.EOL, 'utf8');
    return true;
}
function issue(command, message) {
    process.stdout.write(`::${command}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`);
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

;// CONCATENATED MODULE: ./src/formats.ts
// The small value formats inputs are written in: durations, sizes, booleans and lists.
// Each parser returns undefined for text it does not accept, so the caller can name the input.
const DURATION_UNITS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const UNIT_ORDER = ['h', 'm', 's', 'ms'];
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
/** Longest duration a Node timer can wait (2^31 - 1 ms, about 24.8 days). */
const MAX_DURATION_MS = 2_147_483_647;
/** `500ms`, `30s`, `5m`, `1h`, `1h30m` (largest unit first) or a bare number of seconds, in milliseconds. */
function parseDuration(text) {
    const value = text.trim().toLowerCase();
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    if (value === '')
        return undefined;
    DURATION_PART.lastIndex = 0;
    let total = 0;
    let lastUnit = -1;
    let match;
    while ((match = DURATION_PART.exec(value)) !== null) {
        // Largest unit first, each once: `1h30m`, not `30m1h` or `5m5m`.
        const unit = UNIT_ORDER.indexOf(match[2]);
        if (unit <= lastUnit)
            return undefined;
        lastUnit = unit;
        total += Number(match[1]) * DURATION_UNITS[match[2]];
        if (DURATION_PART.lastIndex === value.length)
            return Math.round(total);
    }
    return undefined;
}
const SIZE_UNITS = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
/** `512KB`, `16MB`, `1GB` (powers of 1024) or a bare number of bytes. */
function parseSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/.exec(text.trim().toLowerCase());
    if (!match)
        return undefined;
    const unit = (match[2] ?? '').replace('i', '');
    return Math.floor(Number(match[1]) * SIZE_UNITS[unit]);
}
function parseBoolean(text) {
    const value = text.trim().toLowerCase();
    return value === 'true' ? true : value === 'false' ? false : undefined;
}
/** Items separated by commas or newlines, trimmed, empty ones dropped. */
function parseList(text) {
    return text
        .split(/[,\r\n]/)
        .map(item => item.trim())
        .filter(item => item !== '');
}
/** A human duration for logs and the summary: `850ms`, `12.5s`, `3m05s`, `1h02m`. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))}s`;
    const seconds = Math.round(ms / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 ** 2)
        return `${Number((bytes / 1024).toFixed(1))} KB`;
    return `${Number((bytes / 1024 ** 2).toFixed(1))} MB`;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var lib_proxy = __nccwpck_require__(9783);
;// CONCATENATED MODULE: ./src/retry.ts
// Which failures are transient, and how long to wait before the next try.
function judgeStatusCode(code, exchange, rules) {
    if (exchange === 'webhook' && rules.failFast.has(code))
        return 'fail-fast';
    if (code === 429 || code >= 500 || rules.retry.has(code))
        return 'transient';
    // A 3xx that was not followed (any method but GET and HEAD) is accepted, as in Spinnaker.
    if (code >= 200 && code < 400)
        return 'accepted';
    return 'rejected';
}
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/**
 * A request that never reached the server can always be sent again. One that broke off after
 * it was sent is sent again only when repeating it is harmless: a POST is never sent twice.
 */
function isTransientFailure(kind, method) {
    switch (kind) {
        case 'connect':
        case 'dns':
            return true;
        case 'reset':
        case 'timeout':
            return IDEMPOTENT_METHODS.has(method);
        default:
            return false;
    }
}
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const MAX_RETRY_AFTER_MS = 5 * 60_000;
const JITTER = 0.2;
/** The wait before retry number `retry` (1, 2, 3 …): 1 s doubling, capped at 30 s. */
function backoffDelay(retry) {
    return Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(retry - 1, 0), MAX_BACKOFF_MS);
}
/** A wait plus up to 20 %, never less, so that many clients do not retry in step. */
function withJitter(ms, random = Math.random) {
    return Math.round(ms * (1 + JITTER * random()));
}
/** `Retry-After` in seconds or as an HTTP date, in milliseconds, at most 5 minutes. */
function retryAfterDelay(header, now) {
    const value = (Array.isArray(header) ? header[0] : header)?.trim();
    if (!value)
        return undefined;
    let ms;
    if (/^\d+$/.test(value))
        ms = Number(value) * 1000;
    else {
        // Only an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`, or its older forms): Date.parse would
        // read `1.5` or `-1` as dates in 2001.
        const date = /^[A-Za-z]{3,9},? .*\d\d:\d\d:\d\d/.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(date))
            return undefined;
        ms = Math.max(date - now, 0);
    }
    return Math.min(ms, MAX_RETRY_AFTER_MS);
}
/** The wait before the next try: what Retry-After asks, else the backoff; plus jitter. */
function retryDelay(retry, retryAfterMs, random) {
    return retryAfterMs === undefined ? withJitter(backoffDelay(retry), random) : retryAfterWait(retryAfterMs, random);
}
/** What Retry-After asks plus jitter, the jitter kept within the 5-minute cap. */
function retryAfterWait(retryAfterMs, random) {
    return Math.max(retryAfterMs, Math.min(withJitter(retryAfterMs, random), MAX_RETRY_AFTER_MS));
}

;// CONCATENATED MODULE: ./src/http.ts
// One HTTP exchange with a whole-exchange deadline, a size cap enforced while the body streams
// in, and abort; and the redirect rules around it. The runner's proxy settings (https_proxy,
// http_proxy, no_proxy) apply, as @actions/http-client reads them.





class ExchangeError extends Error {
    kind;
    deadlinePassed;
    constructor(kind, message, 
    /** The exchange's deadline (timeoutMs) passed. */
    deadlinePassed = false) {
        super(message);
        this.kind = kind;
        this.deadlinePassed = deadlinePassed;
    }
}
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/** An exchange, following redirects for GET and HEAD only, never from https to http. */
async function send(request) {
    const follow = request.method === 'GET' || request.method === 'HEAD';
    let current = request;
    for (let redirects = 0;; redirects++) {
        const answer = await exchange(current);
        const location = answer.headers.location;
        if (!follow || !REDIRECT_CODES.has(answer.code) || !location)
            return answer;
        if (redirects === MAX_REDIRECTS) {
            throw new ExchangeError('redirect', `more than ${MAX_REDIRECTS} redirects`);
        }
        let next;
        try {
            next = new URL(location, current.url);
        }
        catch {
            throw new ExchangeError('redirect', `a redirect to a Location that is not a URL`);
        }
        next.username = '';
        next.password = '';
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            throw new ExchangeError('redirect', `refused a redirect to a ${next.protocol} URL`);
        }
        if (current.url.protocol === 'https:' && next.protocol === 'http:') {
            throw new ExchangeError('redirect', `refused a redirect from https to http (${next.host})`);
        }
        const sameOrigin = next.origin === current.url.origin;
        current = { ...current, url: next, credentials: sameOrigin ? current.credentials : {} };
    }
}
async function exchange(request) {
    const { url, method, signal, timeoutMs, maxResponseBytes } = request;
    // A broken-off POST must not be sent again, so it gets a fresh connection: a reused one may
    // have been closed by the server a moment before.
    const agent = await agentFor(url, IDEMPOTENT_METHODS.has(method));
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const secure = url.protocol === 'https:';
        // Whether any byte of the request may have reached the server.
        let sent = false;
        let settled = false;
        const req = (secure ? external_node_https_namespaceObject : external_node_http_).request({
            method,
            hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
            port: url.port || undefined,
            path: url.pathname + url.search,
            // Content-Length always: Node frames no body for DELETE or OPTIONS without it.
            headers: {
                ...request.headers,
                ...request.credentials,
                ...(request.body && { 'Content-Length': request.body.length })
            },
            agent
        });
        const settle = (error, answer) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(deadline);
            signal?.removeEventListener('abort', onAbort);
            if (error) {
                req.destroy();
                reject(error);
            }
            else
                resolve(answer);
        };
        const deadline = setTimeout(() => {
            const limit = formatDuration(timeoutMs);
            settle(sent
                ? new ExchangeError('timeout', `no complete answer within ${limit}`, true)
                : new ExchangeError('connect', `could not connect within ${limit}`, true));
        }, timeoutMs);
        const onAbort = () => settle(new ExchangeError('aborted', 'aborted'));
        if (signal?.aborted)
            return onAbort();
        signal?.addEventListener('abort', onAbort);
        req.on('socket', socket => {
            if (!socket.connecting)
                sent = true;
            else
                socket.once(secure ? 'secureConnect' : 'connect', () => (sent = true));
        });
        req.on('error', error => settle(describeFailure(error, sent, url)));
        req.on('response', res => {
            const tooLarge = () => settle(new ExchangeError('too-large', `the answer is larger than max-response-size (${formatBytes(maxResponseBytes)})`));
            // A HEAD, 204 or 304 answer declares the length of a body it does not send.
            const bodyless = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
            if (!bodyless && Number(res.headers['content-length']) > maxResponseBytes)
                return tooLarge();
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxResponseBytes)
                    tooLarge();
                else
                    chunks.push(chunk);
            });
            const brokeOff = () => settle(new ExchangeError('reset', 'the connection broke off during the answer'));
            res.on('error', brokeOff);
            res.on('close', () => {
                if (!res.complete)
                    brokeOff();
            });
            res.on('end', () => settle(undefined, {
                code: res.statusCode ?? 0,
                reason: res.statusMessage ?? '',
                headers: res.headers,
                body: Buffer.concat(chunks, size),
                url,
                ms: performance.now() - started
            }));
        });
        req.end(request.body);
    });
}
const TLS_FAILURE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME/;
function describeFailure(error, sent, url) {
    const code = error.code ?? '';
    switch (code) {
        case 'ECONNREFUSED':
            return new ExchangeError('connect', `connection refused by ${url.host}`);
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
        case 'EAI_FAIL':
            return new ExchangeError('dns', `DNS look-up of ${url.hostname} failed (${code})`);
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
        case 'EADDRNOTAVAIL':
        case 'ETIMEDOUT':
            if (!sent)
                return new ExchangeError('connect', `could not connect to ${url.host} (${code})`);
            break;
    }
    if (TLS_FAILURE.test(code))
        return new ExchangeError('tls', `TLS failed with ${url.host}: ${error.message}`);
    if (code.startsWith('HPE_'))
        return new ExchangeError('protocol', `${url.host} sent a malformed answer (${code})`);
    if (!sent)
        return new ExchangeError('connect', `could not connect to ${url.host} (${code || error.message})`);
    return new ExchangeError('reset', `the connection broke off (${code || error.message})`);
}
const agents = new Map();
async function agentFor(url, keepAlive) {
    const proxy = (0,lib_proxy/* getProxyUrl */.s)(url);
    const key = `${url.protocol} ${keepAlive} ${proxy?.href ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
        if (proxy) {
            // Only behind a proxy: @actions/http-client's tunnelling agents weigh 1 MB (undici).
            const { HttpClient } = await __nccwpck_require__.e(/* import() */ 779).then(__nccwpck_require__.bind(__nccwpck_require__, 2779));
            agent = new HttpClient('webhook-stage-action', [], { keepAlive }).getAgent(url.href);
        }
        else {
            agent = new (url.protocol === 'https:' ? external_node_https_namespaceObject.Agent : external_node_http_.Agent)({ keepAlive });
        }
        agents.set(key, agent);
    }
    return agent;
}
/** Closes kept-alive connections so that a finished step exits at once. */
function closeConnections() {
    for (const agent of agents.values())
        agent.destroy?.();
    agents.clear();
}

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: ./src/stage.ts
// What the stage's tasks share: the configuration, the secrets, the timeline, the runner's
// cancel signal, and the state they build up (Spinnaker's stage context).

/**
 * The stage cannot go on. `stoppedWaiting`: it stopped waiting without a final status from the
 * remote job, so the job may still run and the cancel endpoint is called.
 */
class StageFailure extends Error {
    stoppedWaiting;
    constructor(message, stoppedWaiting = false) {
        super(message);
        this.stoppedWaiting = stoppedWaiting;
    }
}
const USER_AGENT = 'webhook-stage-action (+https://github.com/features/actions)';
const ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.8';
/**
 * The HTTP request for a webhook call, a poll or a cancel call. `withCredentials`: whether the
 * user's headers and the URL's Basic authentication go along.
 */
function requestFor(ctx, spec, options) {
    const credentials = options.withCredentials ? { ...ctx.config.headers } : {};
    if (options.withCredentials && spec.authorization)
        credentials.Authorization = spec.authorization;
    const has = (lowerName) => Object.keys(credentials).some(name => name.toLowerCase() === lowerName);
    const headers = {};
    if (!has('user-agent'))
        headers['User-Agent'] = USER_AGENT;
    if (!has('accept'))
        headers.Accept = ACCEPT;
    if (spec.body && !has('content-type'))
        headers['Content-Type'] = spec.body.contentType;
    return {
        method: spec.method,
        url: spec.url,
        headers,
        credentials,
        body: spec.body?.bytes,
        timeoutMs: options.timeoutMs,
        maxResponseBytes: ctx.config.maxResponseBytes,
        signal: options.signal
    };
}
/** Waits, unless the signal aborts first (then it throws). */
async function sleep(ms, signal) {
    if (ms > 0)
        await (0,promises_namespaceObject.setTimeout)(ms, undefined, { signal });
    else
        signal.throwIfAborted();
}
/** `GET https://host/path` as the log and summary show it. */
function describeRequest(ctx, spec) {
    return `${spec.method} ${ctx.secrets.showUrl(spec.url)}`;
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __nccwpck_require__(4573);
;// CONCATENATED MODULE: ./src/mapping.ts
// Reads the flat mappings that inputs are written in (`headers`, `outputs`, a form payload):
// a YAML block mapping (`Name: value` per line) or a JSON object.
// Scalars are kept exactly as written: a YAML or JSON parser would turn `2.0` into `2` and
// `0123` into `123`, which changes what a header sends.
class MappingError extends Error {
}
function parseMapping(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return [];
    return trimmed.startsWith('{') ? parseJsonObject(trimmed) : parseYamlBlock(text);
}
// ---- JSON -------------------------------------------------------------------------------
const JSON_STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_LITERAL = /true|false|null/y;
const JSON_SPACE = /[ \t\r\n]*/y;
/** A JSON object whose values are scalars or lists of scalars, scalars kept as written. */
function parseJsonObject(text) {
    let at = 0;
    const space = () => {
        JSON_SPACE.lastIndex = at;
        JSON_SPACE.exec(text);
        at = JSON_SPACE.lastIndex;
    };
    const expect = (char) => {
        space();
        if (text[at] !== char)
            fail(`expected \`${char}\``);
        at++;
    };
    const fail = (what) => {
        throw new MappingError(`not a JSON object: ${what} at character ${at + 1}`);
    };
    const token = (pattern) => {
        pattern.lastIndex = at;
        const match = pattern.exec(text);
        if (!match)
            return undefined;
        at = pattern.lastIndex;
        return match[0];
    };
    const string = () => {
        const raw = token(JSON_STRING);
        return raw === undefined ? undefined : JSON.parse(raw);
    };
    const scalar = (key) => {
        space();
        const quoted = string();
        if (quoted !== undefined)
            return quoted;
        const raw = token(JSON_NUMBER) ?? token(JSON_LITERAL);
        if (raw !== undefined)
            return raw === 'null' ? '' : raw;
        if (text[at] === '{' || text[at] === '[') {
            throw new MappingError(`"${key}" holds a nested ${text[at] === '{' ? 'object' : 'list'}`);
        }
        return fail('expected a value');
    };
    const entries = [];
    expect('{');
    space();
    if (text[at] === '}')
        at++;
    else {
        for (;;) {
            space();
            const key = string() ?? fail('expected a quoted name');
            expect(':');
            space();
            if (text[at] === '[') {
                at++;
                const items = [];
                space();
                if (text[at] === ']')
                    at++;
                else {
                    for (;;) {
                        items.push(scalar(key));
                        space();
                        if (text[at] === ']')
                            break;
                        expect(',');
                    }
                    at++;
                }
                entries.push([key, items]);
            }
            else {
                entries.push([key, scalar(key)]);
            }
            space();
            if (text[at] === '}') {
                at++;
                break;
            }
            expect(',');
        }
    }
    space();
    if (at < text.length)
        fail('unexpected text after the object');
    return entries;
}
// ---- YAML -------------------------------------------------------------------------------
/** A YAML block mapping of scalars and lists of scalars (block `- item` or flow `[a, b]`). */
function parseYamlBlock(text) {
    const entries = [];
    // Lists opened by a `Name:` line with nothing after it; `- item` lines fill the last one.
    const blockLists = new Set();
    let openList;
    text.split(/\r?\n/).forEach((rawLine, index) => {
        const where = `line ${index + 1}`;
        const line = stripComment(rawLine);
        if (line.trim() === '')
            return;
        const item = /^\s*-(?:\s+(.*))?$/.exec(line);
        if (item) {
            if (!openList)
                throw new MappingError(`${where}: a list item belongs under a \`Name:\` line`);
            openList.push(yamlScalar((item[1] ?? '').trim(), where));
            return;
        }
        if (/^\s/.test(line))
            throw new MappingError(`${where}: unexpected indentation`);
        const pair = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(line);
        if (!pair)
            throw new MappingError(`${where}: expected \`Name: value\``);
        const key = yamlScalar(pair[1], where);
        const rest = (pair[2] ?? '').trim();
        openList = undefined;
        if (rest === '') {
            openList = [];
            blockLists.add(openList);
            entries.push([key, openList]);
        }
        else {
            entries.push([key, rest.startsWith('[') ? yamlFlowList(rest, where) : yamlScalar(rest, where)]);
        }
    });
    // `Name:` with neither a value nor list items is an empty value.
    return entries.map(([key, value]) => Array.isArray(value) && value.length === 0 && blockLists.has(value) ? [key, ''] : [key, value]);
}
/** YAML comments start at `#` at the line's start or after whitespace, outside quotes. */
function stripComment(line) {
    let quote;
    for (let i = 0; i < line.length; i++) {
        const char = line[i];
        if (quote) {
            if (char === '\\' && quote === '"')
                i++;
            else if (char === quote)
                quote = undefined;
        }
        else if (char === '"' || char === "'") {
            if (i === 0 || /[\s:[,-]/.test(line[i - 1]))
                quote = char;
        }
        else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
            return line.slice(0, i);
        }
    }
    return line;
}
function yamlScalar(text, where) {
    if (text.startsWith('"')) {
        if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) {
            throw new MappingError(`${where}: ${/^"(?:[^"\\]|\\.)*"/.test(text) ? 'text after a quoted value' : 'unclosed double quote'}`);
        }
        try {
            return JSON.parse(text);
        }
        catch {
            throw new MappingError(`${where}: bad escape in a double-quoted value`);
        }
    }
    if (text.startsWith("'")) {
        if (!/^'(?:[^']|'')*'$/.test(text)) {
            throw new MappingError(`${where}: ${/^'(?:[^']|'')*'/.test(text) ? 'text after a quoted value' : 'unclosed single quote'}`);
        }
        return text.slice(1, -1).replace(/''/g, "'");
    }
    if (text === '|' || text === '>' || /^[|>][+-]?\d*$/.test(text)) {
        throw new MappingError(`${where}: multi-line values are not supported`);
    }
    if (text.startsWith('{'))
        throw new MappingError(`${where}: nested mappings are not supported`);
    return text === '~' || text === 'null' ? '' : text;
}
function yamlFlowList(text, where) {
    if (!text.endsWith(']'))
        throw new MappingError(`${where}: unclosed \`[\``);
    const inner = text.slice(1, -1).trim();
    if (inner === '')
        return [];
    const items = [];
    const item = /\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]*?)\s*(?:,|$)/y;
    let at = 0;
    while (at < inner.length) {
        item.lastIndex = at;
        const match = item.exec(inner);
        if (!match || item.lastIndex === at)
            throw new MappingError(`${where}: bad list`);
        items.push(yamlScalar(match[1], where));
        at = item.lastIndex;
    }
    return items;
}

;// CONCATENATED MODULE: ./src/body.ts
// Bodies: what a request sends (content type rules, form encoding) and what an answer holds.


const FORM = 'application/x-www-form-urlencoded';
/**
 * A payload as it goes on the wire. JSON text is sent as `application/json`, other text as
 * `text/plain`; with a form Content-Type, a JSON object is sent form-encoded.
 * Throws MappingError when a form payload holds nested values.
 */
function encodeBody(payload, contentTypeHeader) {
    // A byte-order mark is not sent: JSON must not start with one (RFC 8259), and text needs none.
    if (payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf)
        payload = payload.subarray(3);
    const text = (0,external_node_buffer_.isUtf8)(payload) ? payload.toString('utf8') : undefined;
    const json = text !== undefined && isJsonText(text);
    if (contentTypeHeader !== undefined) {
        const mediaType = contentTypeHeader.split(';')[0].trim().toLowerCase();
        if (mediaType === FORM && json && text.trim().startsWith('{')) {
            const form = new URLSearchParams();
            for (const [key, value] of parseJsonObject(text.trim())) {
                for (const item of Array.isArray(value) ? value : [value])
                    form.append(key, item);
            }
            return { bytes: Buffer.from(form.toString()), contentType: contentTypeHeader };
        }
        return { bytes: payload, contentType: contentTypeHeader };
    }
    const contentType = json
        ? 'application/json'
        : text !== undefined
            ? 'text/plain; charset=utf-8'
            : 'application/octet-stream';
    return { bytes: payload, contentType };
}
function isJsonText(text) {
    return parseJson(text) !== NOT_JSON;
}
const EMPTY_PAYLOAD = { text: '', json: undefined, isJson: false, bytes: 0 };
/** Bodies are read as UTF-8 and parsed as JSON whenever they are JSON, whatever their Content-Type. */
function readPayload(body) {
    if (body.length === 0)
        return EMPTY_PAYLOAD;
    // A byte-order mark is not part of the text (RFC 8259 lets a JSON reader skip it).
    const text = body.toString('utf8').replace(/^\uFEFF/, '');
    const json = parseJson(text);
    return json === NOT_JSON
        ? { text, json: undefined, isJson: false, bytes: body.length }
        : { text, json, isJson: true, bytes: body.length };
}
/** The document JSONPath reads: the JSON value, or the text of a body that is not JSON. */
function documentOf(payload) {
    return payload.isJson ? payload.json : payload.text;
}
const NOT_JSON = Symbol('not JSON');
function parseJson(text) {
    // Most text that is not JSON is told apart by its first character, without an exception.
    if (!/^\s*[[{"\d tfn-]/.test(text))
        return NOT_JSON;
    try {
        return JSON.parse(text);
    }
    catch {
        return NOT_JSON;
    }
}

;// CONCATENATED MODULE: ./src/redact.ts
// Secrets never reach the log, the summary or the outputs, and text from the network cannot
// issue workflow commands.
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie)$|token|key|secret|auth|signature|password|session|credential/i;
const SECRET_QUERY_NAME = /token|key|secret|signature|password|auth|sig|code/i;
/**
 * Shorter values are not masked: no credential is that short, and masking `us` or `2` would
 * garble every line of the log and every output.
 */
const MIN_SECRET_LENGTH = 4;
const MASK = '***';
function isCredentialHeader(name) {
    return CREDENTIAL_HEADER.test(name);
}
function isSecretQueryName(name) {
    return SECRET_QUERY_NAME.test(name);
}
/**
 * The secret values of one run. Each value is registered with the runner (`::add-mask::`)
 * once, and `redact` replaces it, in every spelling it may take in a body, by `***`.
 */
class Secrets {
    register;
    known = new Set();
    pattern;
    constructor(register = () => { }) {
        this.register = register;
    }
    add(value) {
        for (const line of value.split(/\r?\n/)) {
            if (line.length < MIN_SECRET_LENGTH || this.known.has(line))
                continue;
            this.known.add(line);
            this.register(line);
            this.pattern = undefined;
            for (const spelling of spellings(line))
                this.known.add(spelling);
        }
    }
    /** A credential header's value, and the parts a server may echo on their own. */
    addHeaderValue(value) {
        this.add(value);
        const scheme = /^[A-Za-z][\w.+-]*\s+(\S.*)$/.exec(value);
        if (scheme)
            this.add(scheme[1]);
        if (/^basic\s/i.test(value) && scheme) {
            const decoded = Buffer.from(scheme[1], 'base64').toString('utf8');
            if (decoded.includes(':'))
                this.addCredentials(decoded);
        }
        if (value.includes('=')) {
            for (const cookie of value.split(';'))
                this.add(cookie.slice(cookie.indexOf('=') + 1).trim());
        }
    }
    /** User info (`user:password`) and secret query values of a URL. */
    addUrl(url) {
        if (url.username || url.password) {
            this.addCredentials(`${safeDecode(url.username)}:${safeDecode(url.password)}`);
        }
        for (const [name, value] of url.searchParams) {
            if (isSecretQueryName(name))
                this.add(value);
        }
        for (const raw of url.search.slice(1).split('&')) {
            const [name, value] = raw.split('=', 2);
            if (value && isSecretQueryName(safeDecode(name)))
                this.add(value);
        }
    }
    redact(text) {
        if (this.known.size === 0 || text === '')
            return text;
        this.pattern ??= new RegExp([...this.known]
            .sort((a, b) => b.length - a.length)
            .map(value => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'), 'g');
        // JSON encoders may write printable characters as \u escapes (.NET writes `+` as \u002B),
        // which hides a secret from the match; then the text is read with them unescaped.
        if (text.includes('\\u')) {
            const unescaped = text.replace(JSON_ESCAPED_PRINTABLE, unescapePrintable);
            this.pattern.lastIndex = 0;
            if (unescaped !== text && this.pattern.test(unescaped))
                text = unescaped;
        }
        return text.replace(this.pattern, MASK);
    }
    /** A URL as it may be shown: no user info, secret query values masked, the rest as written. */
    showUrl(url) {
        const shown = new URL(url);
        shown.username = '';
        shown.password = '';
        const query = shown.search
            .slice(1)
            .split('&')
            .map(pair => {
            const [name, value] = pair.split('=', 2);
            return value !== undefined && isSecretQueryName(safeDecode(name)) ? `${name}=${MASK}` : pair;
        })
            .join('&');
        return this.redact(`${shown.origin}${shown.pathname}${query ? `?${query}` : ''}${shown.hash}`);
    }
    addCredentials(userAndPassword) {
        this.add(userAndPassword);
        const colon = userAndPassword.indexOf(':');
        this.add(userAndPassword.slice(0, colon));
        this.add(userAndPassword.slice(colon + 1));
    }
}
/** How a value may appear in a body that echoes it: JSON-escaped (with or without `\/`), URL-encoded. */
function spellings(value) {
    const json = JSON.stringify(value).slice(1, -1);
    const encoded = encodeURIComponent(value);
    return [json, json.replaceAll('/', '\\/'), encoded, encoded.replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase())];
}
const JSON_ESCAPED_PRINTABLE = /\\u00([2-7][0-9a-fA-F])/g;
/** A \u escape of a printable ASCII character as that character; `"` and `\\` stay escaped. */
function unescapePrintable(escape, hex) {
    const char = String.fromCharCode(parseInt(hex, 16));
    return char === '"' || char === '\\' || char === '\x7f' ? escape : char;
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * Text from the network, made fit for one log line: control characters become spaces,
 * workflow-command markers are broken with a zero-width space, and long text is cut.
 */
function defuse(text, maxLength = 300) {
    let line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    if (line.length > maxLength)
        line = `${line.slice(0, maxLength)}…`;
    return line.replace(/:(?=:)/g, ':\u200b').replaceAll('##[', '#\u200b#[');
}

;// CONCATENATED MODULE: ./src/webhook.ts
// The webhook call: one request, retried while its failures are transient.






/** Calls the webhook; its answer is kept in `state` even when the call fails. */
async function callWebhook(ctx, state) {
    const { config, timeline } = ctx;
    const spec = config.webhook;
    const request = requestFor(ctx, spec, {
        withCredentials: true,
        timeoutMs: config.requestTimeoutMs,
        signal: ctx.cancelled
    });
    timeline.record('request', `${describeRequest(ctx, spec)}${describeSent(ctx, spec)}`);
    for (let retry = 1;; retry++) {
        const retriesLeft = retry <= config.retries;
        let answer;
        try {
            answer = await send(request);
        }
        catch (error) {
            if (!(error instanceof ExchangeError) || error.kind === 'aborted')
                throw error;
            if (!retriesLeft || !isTransientFailure(error.kind, spec.method)) {
                throw new StageFailure(`the webhook call failed: ${error.message}${afterRetries(retry)}`);
            }
            await retryLater(ctx, retry, undefined, error.message);
            continue;
        }
        const call = {
            method: spec.method,
            code: answer.code,
            reason: answer.reason,
            headers: answer.headers,
            payload: readPayload(answer.body),
            ms: answer.ms
        };
        state.webhook = call;
        state.buildInfo = call.payload;
        const answered = `the webhook answered ${describeCode(answer)}`;
        switch (judgeStatusCode(answer.code, 'webhook', { failFast: config.failFastStatusCodes, retry: config.retryStatusCodes })) {
            case 'accepted':
                timeline.record('answer', `answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`);
                return call;
            case 'fail-fast':
                throw new StageFailure(`${answered}, a fail-fast status code${bodySnippet(ctx, call)}`);
            case 'transient':
                if (!retriesLeft)
                    throw new StageFailure(`${answered}${afterRetries(retry)}${bodySnippet(ctx, call)}`);
                await retryLater(ctx, retry, retryAfterDelay(answer.headers['retry-after'], Date.now()), answered);
                continue;
            case 'rejected':
                throw new StageFailure(`${answered}${bodySnippet(ctx, call)}`);
        }
    }
    function afterRetries(retry) {
        return retry > 1 ? ` after ${retry - 1} ${retry === 2 ? 'retry' : 'retries'}` : '';
    }
}
async function retryLater(ctx, retry, retryAfterMs, why) {
    const wait = retryDelay(retry, retryAfterMs);
    const asked = retryAfterMs === undefined ? '' : ' as Retry-After asks';
    ctx.timeline.record('retry', `retry ${retry} of ${ctx.config.retries} in ${formatDuration(wait)}${asked}: ${why}`);
    await sleep(wait, ctx.cancelled);
}
/** `404 Not Found`. The reason phrase is not cut here: a cut secret could no longer be masked. */
function describeCode(answer) {
    return answer.reason ? `${answer.code} ${defuse(answer.reason, Infinity)}` : String(answer.code);
}
/** What went with a request, naming headers but never showing their values. */
function describeSent(ctx, spec) {
    const parts = [];
    const names = Object.keys(ctx.config.headers);
    if (spec.body) {
        const chosenType = names.some(name => name.toLowerCase() === 'content-type') ? '' : ` ${spec.body.contentType}`;
        parts.push(`body: ${formatBytes(spec.body.bytes.length)}${chosenType}`);
    }
    if (names.length > 0)
        parts.push(`headers: ${names.join(', ')}`);
    return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
/** The start of an answer's body, for an error message: one line, redacted, defused. */
function bodySnippet(ctx, call) {
    const text = call.payload.text.trim();
    return text ? `: ${defuse(ctx.secrets.redact(text), 200)}` : '';
}

;// CONCATENATED MODULE: ./src/cancel.ts
// Cancellation, both ways: the runner cancelling this run (SIGINT, then SIGTERM 7.5 s later, then
// a kill), and this run cancelling the remote job through the cancel endpoint.




/**
 * The cancel call must end before the runner's next step: SIGTERM comes 7.5 s after SIGINT, and
 * the kill 2.5 s after SIGTERM.
 */
const CANCEL_CALL_BOUND_MS = { SIGINT: 5_000, SIGTERM: 2_000 };
function watchRunnerSignals() {
    const first = new AbortController();
    const second = new AbortController();
    const onSignal = (name) => {
        if (first.signal.aborted)
            second.abort(name);
        else
            first.abort(name);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return {
        cancelled: first.signal,
        hurry: second.signal,
        dispose: () => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    };
}
/**
 * Calls the cancel endpoint once, best effort: its failure is a warning and changes nothing
 * else. Once the runner cancels this run, before or during the call, the call has a few seconds
 * left at most, and none after the runner's second signal.
 */
async function callCancelEndpoint(ctx, hurry) {
    const { config, timeline } = ctx;
    const spec = config.cancel;
    if (!spec)
        return;
    const giveUp = new AbortController();
    let bound;
    const onRunnerCancel = () => {
        const signal = ctx.cancelled.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
        bound = setTimeout(() => giveUp.abort(), CANCEL_CALL_BOUND_MS[signal]);
    };
    if (ctx.cancelled.aborted)
        onRunnerCancel();
    else
        ctx.cancelled.addEventListener('abort', onRunnerCancel, { once: true });
    const signal = AbortSignal.any([giveUp.signal, hurry]);
    const shown = describeRequest(ctx, spec);
    try {
        const answer = await send(requestFor(ctx, spec, { withCredentials: true, timeoutMs: config.requestTimeoutMs, signal }));
        const accepted = answer.code >= 200 && answer.code < 400;
        timeline.record('cancel-call', `cancel call ${shown} answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`, accepted ? 'info' : 'warning');
    }
    catch (error) {
        const why = error instanceof ExchangeError
            ? error.kind === 'aborted'
                ? 'given up: the runner is cancelling the run'
                : error.message
            : String(error);
        timeline.record('cancel-call', `cancel call ${shown} failed: ${why}`, 'warning');
    }
    finally {
        clearTimeout(bound);
        ctx.cancelled.removeEventListener('abort', onRunnerCancel);
    }
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "vm"
const external_vm_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("vm");
;// CONCATENATED MODULE: ./node_modules/jsonpath-plus/dist/index-node-esm.js


/**
 * @implements {IHooks}
 */
class Hooks {
  /**
   * @callback HookCallback
   * @this {*|Jsep} this
   * @param {Jsep} env
   * @returns: void
   */
  /**
   * Adds the given callback to the list of callbacks for the given hook.
   *
   * The callback will be invoked when the hook it is registered for is run.
   *
   * One callback function can be registered to multiple hooks and the same hook multiple times.
   *
   * @param {string|object} name The name of the hook, or an object of callbacks keyed by name
   * @param {HookCallback|boolean} callback The callback function which is given environment variables.
   * @param {?boolean} [first=false] Will add the hook to the top of the list (defaults to the bottom)
   * @public
   */
  add(name, callback, first) {
    if (typeof arguments[0] != 'string') {
      // Multiple hook callbacks, keyed by name
      for (let name in arguments[0]) {
        this.add(name, arguments[0][name], arguments[1]);
      }
    } else {
      (Array.isArray(name) ? name : [name]).forEach(function (name) {
        this[name] = this[name] || [];
        if (callback) {
          this[name][first ? 'unshift' : 'push'](callback);
        }
      }, this);
    }
  }

  /**
   * Runs a hook invoking all registered callbacks with the given environment variables.
   *
   * Callbacks will be invoked synchronously and in the order in which they were registered.
   *
   * @param {string} name The name of the hook.
   * @param {Object<string, any>} env The environment variables of the hook passed to all callbacks registered.
   * @public
   */
  run(name, env) {
    this[name] = this[name] || [];
    this[name].forEach(function (callback) {
      callback.call(env && env.context ? env.context : env, env);
    });
  }
}

/**
 * @implements {IPlugins}
 */
class Plugins {
  constructor(jsep) {
    this.jsep = jsep;
    this.registered = {};
  }

  /**
   * @callback PluginSetup
   * @this {Jsep} jsep
   * @returns: void
   */
  /**
   * Adds the given plugin(s) to the registry
   *
   * @param {object} plugins
   * @param {string} plugins.name The name of the plugin
   * @param {PluginSetup} plugins.init The init function
   * @public
   */
  register(...plugins) {
    plugins.forEach(plugin => {
      if (typeof plugin !== 'object' || !plugin.name || !plugin.init) {
        throw new Error('Invalid JSEP plugin format');
      }
      if (this.registered[plugin.name]) {
        // already registered. Ignore.
        return;
      }
      plugin.init(this.jsep);
      this.registered[plugin.name] = plugin;
    });
  }
}

//     JavaScript Expression Parser (JSEP) 1.4.0

class Jsep {
  /**
   * @returns {string}
   */
  static get version() {
    // To be filled in by the template
    return '1.4.0';
  }

  /**
   * @returns {string}
   */
  static toString() {
    return 'JavaScript Expression Parser (JSEP) v' + Jsep.version;
  }
  // ==================== CONFIG ================================
  /**
   * @method addUnaryOp
   * @param {string} op_name The name of the unary op to add
   * @returns {Jsep}
   */
  static addUnaryOp(op_name) {
    Jsep.max_unop_len = Math.max(op_name.length, Jsep.max_unop_len);
    Jsep.unary_ops[op_name] = 1;
    return Jsep;
  }

  /**
   * @method jsep.addBinaryOp
   * @param {string} op_name The name of the binary op to add
   * @param {number} precedence The precedence of the binary op (can be a float). Higher number = higher precedence
   * @param {boolean} [isRightAssociative=false] whether operator is right-associative
   * @returns {Jsep}
   */
  static addBinaryOp(op_name, precedence, isRightAssociative) {
    Jsep.max_binop_len = Math.max(op_name.length, Jsep.max_binop_len);
    Jsep.binary_ops[op_name] = precedence;
    if (isRightAssociative) {
      Jsep.right_associative.add(op_name);
    } else {
      Jsep.right_associative.delete(op_name);
    }
    return Jsep;
  }

  /**
   * @method addIdentifierChar
   * @param {string} char The additional character to treat as a valid part of an identifier
   * @returns {Jsep}
   */
  static addIdentifierChar(char) {
    Jsep.additional_identifier_chars.add(char);
    return Jsep;
  }

  /**
   * @method addLiteral
   * @param {string} literal_name The name of the literal to add
   * @param {*} literal_value The value of the literal
   * @returns {Jsep}
   */
  static addLiteral(literal_name, literal_value) {
    Jsep.literals[literal_name] = literal_value;
    return Jsep;
  }

  /**
   * @method removeUnaryOp
   * @param {string} op_name The name of the unary op to remove
   * @returns {Jsep}
   */
  static removeUnaryOp(op_name) {
    delete Jsep.unary_ops[op_name];
    if (op_name.length === Jsep.max_unop_len) {
      Jsep.max_unop_len = Jsep.getMaxKeyLen(Jsep.unary_ops);
    }
    return Jsep;
  }

  /**
   * @method removeAllUnaryOps
   * @returns {Jsep}
   */
  static removeAllUnaryOps() {
    Jsep.unary_ops = {};
    Jsep.max_unop_len = 0;
    return Jsep;
  }

  /**
   * @method removeIdentifierChar
   * @param {string} char The additional character to stop treating as a valid part of an identifier
   * @returns {Jsep}
   */
  static removeIdentifierChar(char) {
    Jsep.additional_identifier_chars.delete(char);
    return Jsep;
  }

  /**
   * @method removeBinaryOp
   * @param {string} op_name The name of the binary op to remove
   * @returns {Jsep}
   */
  static removeBinaryOp(op_name) {
    delete Jsep.binary_ops[op_name];
    if (op_name.length === Jsep.max_binop_len) {
      Jsep.max_binop_len = Jsep.getMaxKeyLen(Jsep.binary_ops);
    }
    Jsep.right_associative.delete(op_name);
    return Jsep;
  }

  /**
   * @method removeAllBinaryOps
   * @returns {Jsep}
   */
  static removeAllBinaryOps() {
    Jsep.binary_ops = {};
    Jsep.max_binop_len = 0;
    return Jsep;
  }

  /**
   * @method removeLiteral
   * @param {string} literal_name The name of the literal to remove
   * @returns {Jsep}
   */
  static removeLiteral(literal_name) {
    delete Jsep.literals[literal_name];
    return Jsep;
  }

  /**
   * @method removeAllLiterals
   * @returns {Jsep}
   */
  static removeAllLiterals() {
    Jsep.literals = {};
    return Jsep;
  }
  // ==================== END CONFIG ============================

  /**
   * @returns {string}
   */
  get char() {
    return this.expr.charAt(this.index);
  }

  /**
   * @returns {number}
   */
  get code() {
    return this.expr.charCodeAt(this.index);
  }
  /**
   * @param {string} expr a string with the passed in express
   * @returns Jsep
   */
  constructor(expr) {
    // `index` stores the character number we are currently at
    // All of the gobbles below will modify `index` as we move along
    this.expr = expr;
    this.index = 0;
  }

  /**
   * static top-level parser
   * @returns {jsep.Expression}
   */
  static parse(expr) {
    return new Jsep(expr).parse();
  }

  /**
   * Get the longest key length of any object
   * @param {object} obj
   * @returns {number}
   */
  static getMaxKeyLen(obj) {
    return Math.max(0, ...Object.keys(obj).map(k => k.length));
  }

  /**
   * `ch` is a character code in the next three functions
   * @param {number} ch
   * @returns {boolean}
   */
  static isDecimalDigit(ch) {
    return ch >= 48 && ch <= 57; // 0...9
  }

  /**
   * Returns the precedence of a binary operator or `0` if it isn't a binary operator. Can be float.
   * @param {string} op_val
   * @returns {number}
   */
  static binaryPrecedence(op_val) {
    return Jsep.binary_ops[op_val] || 0;
  }

  /**
   * Looks for start of identifier
   * @param {number} ch
   * @returns {boolean}
   */
  static isIdentifierStart(ch) {
    return ch >= 65 && ch <= 90 ||
    // A...Z
    ch >= 97 && ch <= 122 ||
    // a...z
    ch >= 128 && !Jsep.binary_ops[String.fromCharCode(ch)] ||
    // any non-ASCII that is not an operator
    Jsep.additional_identifier_chars.has(String.fromCharCode(ch)); // additional characters
  }

  /**
   * @param {number} ch
   * @returns {boolean}
   */
  static isIdentifierPart(ch) {
    return Jsep.isIdentifierStart(ch) || Jsep.isDecimalDigit(ch);
  }

  /**
   * throw error at index of the expression
   * @param {string} message
   * @throws
   */
  throwError(message) {
    const error = new Error(message + ' at character ' + this.index);
    error.index = this.index;
    error.description = message;
    throw error;
  }

  /**
   * Run a given hook
   * @param {string} name
   * @param {jsep.Expression|false} [node]
   * @returns {?jsep.Expression}
   */
  runHook(name, node) {
    if (Jsep.hooks[name]) {
      const env = {
        context: this,
        node
      };
      Jsep.hooks.run(name, env);
      return env.node;
    }
    return node;
  }

  /**
   * Runs a given hook until one returns a node
   * @param {string} name
   * @returns {?jsep.Expression}
   */
  searchHook(name) {
    if (Jsep.hooks[name]) {
      const env = {
        context: this
      };
      Jsep.hooks[name].find(function (callback) {
        callback.call(env.context, env);
        return env.node;
      });
      return env.node;
    }
  }

  /**
   * Push `index` up to the next non-space character
   */
  gobbleSpaces() {
    let ch = this.code;
    // Whitespace
    while (ch === Jsep.SPACE_CODE || ch === Jsep.TAB_CODE || ch === Jsep.LF_CODE || ch === Jsep.CR_CODE) {
      ch = this.expr.charCodeAt(++this.index);
    }
    this.runHook('gobble-spaces');
  }

  /**
   * Top-level method to parse all expressions and returns compound or single node
   * @returns {jsep.Expression}
   */
  parse() {
    this.runHook('before-all');
    const nodes = this.gobbleExpressions();

    // If there's only one expression just try returning the expression
    const node = nodes.length === 1 ? nodes[0] : {
      type: Jsep.COMPOUND,
      body: nodes
    };
    return this.runHook('after-all', node);
  }

  /**
   * top-level parser (but can be reused within as well)
   * @param {number} [untilICode]
   * @returns {jsep.Expression[]}
   */
  gobbleExpressions(untilICode) {
    let nodes = [],
      ch_i,
      node;
    while (this.index < this.expr.length) {
      ch_i = this.code;

      // Expressions can be separated by semicolons, commas, or just inferred without any
      // separators
      if (ch_i === Jsep.SEMCOL_CODE || ch_i === Jsep.COMMA_CODE) {
        this.index++; // ignore separators
      } else {
        // Try to gobble each expression individually
        if (node = this.gobbleExpression()) {
          nodes.push(node);
          // If we weren't able to find a binary expression and are out of room, then
          // the expression passed in probably has too much
        } else if (this.index < this.expr.length) {
          if (ch_i === untilICode) {
            break;
          }
          this.throwError('Unexpected "' + this.char + '"');
        }
      }
    }
    return nodes;
  }

  /**
   * The main parsing function.
   * @returns {?jsep.Expression}
   */
  gobbleExpression() {
    const node = this.searchHook('gobble-expression') || this.gobbleBinaryExpression();
    this.gobbleSpaces();
    return this.runHook('after-expression', node);
  }

  /**
   * Search for the operation portion of the string (e.g. `+`, `===`)
   * Start by taking the longest possible binary operations (3 characters: `===`, `!==`, `>>>`)
   * and move down from 3 to 2 to 1 character until a matching binary operation is found
   * then, return that binary operation
   * @returns {string|boolean}
   */
  gobbleBinaryOp() {
    this.gobbleSpaces();
    let to_check = this.expr.substr(this.index, Jsep.max_binop_len);
    let tc_len = to_check.length;
    while (tc_len > 0) {
      // Don't accept a binary op when it is an identifier.
      // Binary ops that start with a identifier-valid character must be followed
      // by a non identifier-part valid character
      if (Jsep.binary_ops.hasOwnProperty(to_check) && (!Jsep.isIdentifierStart(this.code) || this.index + to_check.length < this.expr.length && !Jsep.isIdentifierPart(this.expr.charCodeAt(this.index + to_check.length)))) {
        this.index += tc_len;
        return to_check;
      }
      to_check = to_check.substr(0, --tc_len);
    }
    return false;
  }

  /**
   * This function is responsible for gobbling an individual expression,
   * e.g. `1`, `1+2`, `a+(b*2)-Math.sqrt(2)`
   * @returns {?jsep.BinaryExpression}
   */
  gobbleBinaryExpression() {
    let node, biop, prec, stack, biop_info, left, right, i, cur_biop;

    // First, try to get the leftmost thing
    // Then, check to see if there's a binary operator operating on that leftmost thing
    // Don't gobbleBinaryOp without a left-hand-side
    left = this.gobbleToken();
    if (!left) {
      return left;
    }
    biop = this.gobbleBinaryOp();

    // If there wasn't a binary operator, just return the leftmost node
    if (!biop) {
      return left;
    }

    // Otherwise, we need to start a stack to properly place the binary operations in their
    // precedence structure
    biop_info = {
      value: biop,
      prec: Jsep.binaryPrecedence(biop),
      right_a: Jsep.right_associative.has(biop)
    };
    right = this.gobbleToken();
    if (!right) {
      this.throwError("Expected expression after " + biop);
    }
    stack = [left, biop_info, right];

    // Properly deal with precedence using [recursive descent](http://www.engr.mun.ca/~theo/Misc/exp_parsing.htm)
    while (biop = this.gobbleBinaryOp()) {
      prec = Jsep.binaryPrecedence(biop);
      if (prec === 0) {
        this.index -= biop.length;
        break;
      }
      biop_info = {
        value: biop,
        prec,
        right_a: Jsep.right_associative.has(biop)
      };
      cur_biop = biop;

      // Reduce: make a binary expression from the three topmost entries.
      const comparePrev = prev => biop_info.right_a && prev.right_a ? prec > prev.prec : prec <= prev.prec;
      while (stack.length > 2 && comparePrev(stack[stack.length - 2])) {
        right = stack.pop();
        biop = stack.pop().value;
        left = stack.pop();
        node = {
          type: Jsep.BINARY_EXP,
          operator: biop,
          left,
          right
        };
        stack.push(node);
      }
      node = this.gobbleToken();
      if (!node) {
        this.throwError("Expected expression after " + cur_biop);
      }
      stack.push(biop_info, node);
    }
    i = stack.length - 1;
    node = stack[i];
    while (i > 1) {
      node = {
        type: Jsep.BINARY_EXP,
        operator: stack[i - 1].value,
        left: stack[i - 2],
        right: node
      };
      i -= 2;
    }
    return node;
  }

  /**
   * An individual part of a binary expression:
   * e.g. `foo.bar(baz)`, `1`, `"abc"`, `(a % 2)` (because it's in parenthesis)
   * @returns {boolean|jsep.Expression}
   */
  gobbleToken() {
    let ch, to_check, tc_len, node;
    this.gobbleSpaces();
    node = this.searchHook('gobble-token');
    if (node) {
      return this.runHook('after-token', node);
    }
    ch = this.code;
    if (Jsep.isDecimalDigit(ch) || ch === Jsep.PERIOD_CODE) {
      // Char code 46 is a dot `.` which can start off a numeric literal
      return this.gobbleNumericLiteral();
    }
    if (ch === Jsep.SQUOTE_CODE || ch === Jsep.DQUOTE_CODE) {
      // Single or double quotes
      node = this.gobbleStringLiteral();
    } else if (ch === Jsep.OBRACK_CODE) {
      node = this.gobbleArray();
    } else {
      to_check = this.expr.substr(this.index, Jsep.max_unop_len);
      tc_len = to_check.length;
      while (tc_len > 0) {
        // Don't accept an unary op when it is an identifier.
        // Unary ops that start with a identifier-valid character must be followed
        // by a non identifier-part valid character
        if (Jsep.unary_ops.hasOwnProperty(to_check) && (!Jsep.isIdentifierStart(this.code) || this.index + to_check.length < this.expr.length && !Jsep.isIdentifierPart(this.expr.charCodeAt(this.index + to_check.length)))) {
          this.index += tc_len;
          const argument = this.gobbleToken();
          if (!argument) {
            this.throwError('missing unaryOp argument');
          }
          return this.runHook('after-token', {
            type: Jsep.UNARY_EXP,
            operator: to_check,
            argument,
            prefix: true
          });
        }
        to_check = to_check.substr(0, --tc_len);
      }
      if (Jsep.isIdentifierStart(ch)) {
        node = this.gobbleIdentifier();
        if (Jsep.literals.hasOwnProperty(node.name)) {
          node = {
            type: Jsep.LITERAL,
            value: Jsep.literals[node.name],
            raw: node.name
          };
        } else if (node.name === Jsep.this_str) {
          node = {
            type: Jsep.THIS_EXP
          };
        }
      } else if (ch === Jsep.OPAREN_CODE) {
        // open parenthesis
        node = this.gobbleGroup();
      }
    }
    if (!node) {
      return this.runHook('after-token', false);
    }
    node = this.gobbleTokenProperty(node);
    return this.runHook('after-token', node);
  }

  /**
   * Gobble properties of of identifiers/strings/arrays/groups.
   * e.g. `foo`, `bar.baz`, `foo['bar'].baz`
   * It also gobbles function calls:
   * e.g. `Math.acos(obj.angle)`
   * @param {jsep.Expression} node
   * @returns {jsep.Expression}
   */
  gobbleTokenProperty(node) {
    this.gobbleSpaces();
    let ch = this.code;
    while (ch === Jsep.PERIOD_CODE || ch === Jsep.OBRACK_CODE || ch === Jsep.OPAREN_CODE || ch === Jsep.QUMARK_CODE) {
      let optional;
      if (ch === Jsep.QUMARK_CODE) {
        if (this.expr.charCodeAt(this.index + 1) !== Jsep.PERIOD_CODE) {
          break;
        }
        optional = true;
        this.index += 2;
        this.gobbleSpaces();
        ch = this.code;
      }
      this.index++;
      if (ch === Jsep.OBRACK_CODE) {
        node = {
          type: Jsep.MEMBER_EXP,
          computed: true,
          object: node,
          property: this.gobbleExpression()
        };
        if (!node.property) {
          this.throwError('Unexpected "' + this.char + '"');
        }
        this.gobbleSpaces();
        ch = this.code;
        if (ch !== Jsep.CBRACK_CODE) {
          this.throwError('Unclosed [');
        }
        this.index++;
      } else if (ch === Jsep.OPAREN_CODE) {
        // A function call is being made; gobble all the arguments
        node = {
          type: Jsep.CALL_EXP,
          'arguments': this.gobbleArguments(Jsep.CPAREN_CODE),
          callee: node
        };
      } else if (ch === Jsep.PERIOD_CODE || optional) {
        if (optional) {
          this.index--;
        }
        this.gobbleSpaces();
        node = {
          type: Jsep.MEMBER_EXP,
          computed: false,
          object: node,
          property: this.gobbleIdentifier()
        };
      }
      if (optional) {
        node.optional = true;
      } // else leave undefined for compatibility with esprima

      this.gobbleSpaces();
      ch = this.code;
    }
    return node;
  }

  /**
   * Parse simple numeric literals: `12`, `3.4`, `.5`. Do this by using a string to
   * keep track of everything in the numeric literal and then calling `parseFloat` on that string
   * @returns {jsep.Literal}
   */
  gobbleNumericLiteral() {
    let number = '',
      ch,
      chCode;
    while (Jsep.isDecimalDigit(this.code)) {
      number += this.expr.charAt(this.index++);
    }
    if (this.code === Jsep.PERIOD_CODE) {
      // can start with a decimal marker
      number += this.expr.charAt(this.index++);
      while (Jsep.isDecimalDigit(this.code)) {
        number += this.expr.charAt(this.index++);
      }
    }
    ch = this.char;
    if (ch === 'e' || ch === 'E') {
      // exponent marker
      number += this.expr.charAt(this.index++);
      ch = this.char;
      if (ch === '+' || ch === '-') {
        // exponent sign
        number += this.expr.charAt(this.index++);
      }
      while (Jsep.isDecimalDigit(this.code)) {
        // exponent itself
        number += this.expr.charAt(this.index++);
      }
      if (!Jsep.isDecimalDigit(this.expr.charCodeAt(this.index - 1))) {
        this.throwError('Expected exponent (' + number + this.char + ')');
      }
    }
    chCode = this.code;

    // Check to make sure this isn't a variable name that start with a number (123abc)
    if (Jsep.isIdentifierStart(chCode)) {
      this.throwError('Variable names cannot start with a number (' + number + this.char + ')');
    } else if (chCode === Jsep.PERIOD_CODE || number.length === 1 && number.charCodeAt(0) === Jsep.PERIOD_CODE) {
      this.throwError('Unexpected period');
    }
    return {
      type: Jsep.LITERAL,
      value: parseFloat(number),
      raw: number
    };
  }

  /**
   * Parses a string literal, staring with single or double quotes with basic support for escape codes
   * e.g. `"hello world"`, `'this is\nJSEP'`
   * @returns {jsep.Literal}
   */
  gobbleStringLiteral() {
    let str = '';
    const startIndex = this.index;
    const quote = this.expr.charAt(this.index++);
    let closed = false;
    while (this.index < this.expr.length) {
      let ch = this.expr.charAt(this.index++);
      if (ch === quote) {
        closed = true;
        break;
      } else if (ch === '\\') {
        // Check for all of the common escape codes
        ch = this.expr.charAt(this.index++);
        switch (ch) {
          case 'n':
            str += '\n';
            break;
          case 'r':
            str += '\r';
            break;
          case 't':
            str += '\t';
            break;
          case 'b':
            str += '\b';
            break;
          case 'f':
            str += '\f';
            break;
          case 'v':
            str += '\x0B';
            break;
          default:
            str += ch;
        }
      } else {
        str += ch;
      }
    }
    if (!closed) {
      this.throwError('Unclosed quote after "' + str + '"');
    }
    return {
      type: Jsep.LITERAL,
      value: str,
      raw: this.expr.substring(startIndex, this.index)
    };
  }

  /**
   * Gobbles only identifiers
   * e.g.: `foo`, `_value`, `$x1`
   * Also, this function checks if that identifier is a literal:
   * (e.g. `true`, `false`, `null`) or `this`
   * @returns {jsep.Identifier}
   */
  gobbleIdentifier() {
    let ch = this.code,
      start = this.index;
    if (Jsep.isIdentifierStart(ch)) {
      this.index++;
    } else {
      this.throwError('Unexpected ' + this.char);
    }
    while (this.index < this.expr.length) {
      ch = this.code;
      if (Jsep.isIdentifierPart(ch)) {
        this.index++;
      } else {
        break;
      }
    }
    return {
      type: Jsep.IDENTIFIER,
      name: this.expr.slice(start, this.index)
    };
  }

  /**
   * Gobbles a list of arguments within the context of a function call
   * or array literal. This function also assumes that the opening character
   * `(` or `[` has already been gobbled, and gobbles expressions and commas
   * until the terminator character `)` or `]` is encountered.
   * e.g. `foo(bar, baz)`, `my_func()`, or `[bar, baz]`
   * @param {number} termination
   * @returns {jsep.Expression[]}
   */
  gobbleArguments(termination) {
    const args = [];
    let closed = false;
    let separator_count = 0;
    while (this.index < this.expr.length) {
      this.gobbleSpaces();
      let ch_i = this.code;
      if (ch_i === termination) {
        // done parsing
        closed = true;
        this.index++;
        if (termination === Jsep.CPAREN_CODE && separator_count && separator_count >= args.length) {
          this.throwError('Unexpected token ' + String.fromCharCode(termination));
        }
        break;
      } else if (ch_i === Jsep.COMMA_CODE) {
        // between expressions
        this.index++;
        separator_count++;
        if (separator_count !== args.length) {
          // missing argument
          if (termination === Jsep.CPAREN_CODE) {
            this.throwError('Unexpected token ,');
          } else if (termination === Jsep.CBRACK_CODE) {
            for (let arg = args.length; arg < separator_count; arg++) {
              args.push(null);
            }
          }
        }
      } else if (args.length !== separator_count && separator_count !== 0) {
        // NOTE: `&& separator_count !== 0` allows for either all commas, or all spaces as arguments
        this.throwError('Expected comma');
      } else {
        const node = this.gobbleExpression();
        if (!node || node.type === Jsep.COMPOUND) {
          this.throwError('Expected comma');
        }
        args.push(node);
      }
    }
    if (!closed) {
      this.throwError('Expected ' + String.fromCharCode(termination));
    }
    return args;
  }

  /**
   * Responsible for parsing a group of things within parentheses `()`
   * that have no identifier in front (so not a function call)
   * This function assumes that it needs to gobble the opening parenthesis
   * and then tries to gobble everything within that parenthesis, assuming
   * that the next thing it should see is the close parenthesis. If not,
   * then the expression probably doesn't have a `)`
   * @returns {boolean|jsep.Expression}
   */
  gobbleGroup() {
    this.index++;
    let nodes = this.gobbleExpressions(Jsep.CPAREN_CODE);
    if (this.code === Jsep.CPAREN_CODE) {
      this.index++;
      if (nodes.length === 1) {
        return nodes[0];
      } else if (!nodes.length) {
        return false;
      } else {
        return {
          type: Jsep.SEQUENCE_EXP,
          expressions: nodes
        };
      }
    } else {
      this.throwError('Unclosed (');
    }
  }

  /**
   * Responsible for parsing Array literals `[1, 2, 3]`
   * This function assumes that it needs to gobble the opening bracket
   * and then tries to gobble the expressions as arguments.
   * @returns {jsep.ArrayExpression}
   */
  gobbleArray() {
    this.index++;
    return {
      type: Jsep.ARRAY_EXP,
      elements: this.gobbleArguments(Jsep.CBRACK_CODE)
    };
  }
}

// Static fields:
const hooks = new Hooks();
Object.assign(Jsep, {
  hooks,
  plugins: new Plugins(Jsep),
  // Node Types
  // ----------
  // This is the full set of types that any JSEP node can be.
  // Store them here to save space when minified
  COMPOUND: 'Compound',
  SEQUENCE_EXP: 'SequenceExpression',
  IDENTIFIER: 'Identifier',
  MEMBER_EXP: 'MemberExpression',
  LITERAL: 'Literal',
  THIS_EXP: 'ThisExpression',
  CALL_EXP: 'CallExpression',
  UNARY_EXP: 'UnaryExpression',
  BINARY_EXP: 'BinaryExpression',
  ARRAY_EXP: 'ArrayExpression',
  TAB_CODE: 9,
  LF_CODE: 10,
  CR_CODE: 13,
  SPACE_CODE: 32,
  PERIOD_CODE: 46,
  // '.'
  COMMA_CODE: 44,
  // ','
  SQUOTE_CODE: 39,
  // single quote
  DQUOTE_CODE: 34,
  // double quotes
  OPAREN_CODE: 40,
  // (
  CPAREN_CODE: 41,
  // )
  OBRACK_CODE: 91,
  // [
  CBRACK_CODE: 93,
  // ]
  QUMARK_CODE: 63,
  // ?
  SEMCOL_CODE: 59,
  // ;
  COLON_CODE: 58,
  // :

  // Operations
  // ----------
  // Use a quickly-accessible map to store all of the unary operators
  // Values are set to `1` (it really doesn't matter)
  unary_ops: {
    '-': 1,
    '!': 1,
    '~': 1,
    '+': 1
  },
  // Also use a map for the binary operations but set their values to their
  // binary precedence for quick reference (higher number = higher precedence)
  // see [Order of operations](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/Operator_Precedence)
  binary_ops: {
    '||': 1,
    '??': 1,
    '&&': 2,
    '|': 3,
    '^': 4,
    '&': 5,
    '==': 6,
    '!=': 6,
    '===': 6,
    '!==': 6,
    '<': 7,
    '>': 7,
    '<=': 7,
    '>=': 7,
    '<<': 8,
    '>>': 8,
    '>>>': 8,
    '+': 9,
    '-': 9,
    '*': 10,
    '/': 10,
    '%': 10,
    '**': 11
  },
  // sets specific binary_ops as right-associative
  right_associative: new Set(['**']),
  // Additional valid identifier chars, apart from a-z, A-Z and 0-9 (except on the starting char)
  additional_identifier_chars: new Set(['$', '_']),
  // Literals
  // ----------
  // Store the values to return for the various literals we may encounter
  literals: {
    'true': true,
    'false': false,
    'null': null
  },
  // Except for `this`, which is special. This could be changed to something like `'self'` as well
  this_str: 'this'
});
Jsep.max_unop_len = Jsep.getMaxKeyLen(Jsep.unary_ops);
Jsep.max_binop_len = Jsep.getMaxKeyLen(Jsep.binary_ops);

// Backward Compatibility:
const jsep = expr => new Jsep(expr).parse();
const stdClassProps = Object.getOwnPropertyNames(class Test {});
Object.getOwnPropertyNames(Jsep).filter(prop => !stdClassProps.includes(prop) && jsep[prop] === undefined).forEach(m => {
  jsep[m] = Jsep[m];
});
jsep.Jsep = Jsep; // allows for const { Jsep } = require('jsep');

const CONDITIONAL_EXP = 'ConditionalExpression';
var ternary = {
  name: 'ternary',
  init(jsep) {
    // Ternary expression: test ? consequent : alternate
    jsep.hooks.add('after-expression', function gobbleTernary(env) {
      if (env.node && this.code === jsep.QUMARK_CODE) {
        this.index++;
        const test = env.node;
        const consequent = this.gobbleExpression();
        if (!consequent) {
          this.throwError('Expected expression');
        }
        this.gobbleSpaces();
        if (this.code === jsep.COLON_CODE) {
          this.index++;
          const alternate = this.gobbleExpression();
          if (!alternate) {
            this.throwError('Expected expression');
          }
          env.node = {
            type: CONDITIONAL_EXP,
            test,
            consequent,
            alternate
          };

          // check for operators of higher priority than ternary (i.e. assignment)
          // jsep sets || at 1, and assignment at 0.9, and conditional should be between them
          if (test.operator && jsep.binary_ops[test.operator] <= 0.9) {
            let newTest = test;
            while (newTest.right.operator && jsep.binary_ops[newTest.right.operator] <= 0.9) {
              newTest = newTest.right;
            }
            env.node.test = newTest.right;
            newTest.right = env.node;
            env.node = test;
          }
        } else {
          this.throwError('Expected :');
        }
      }
    });
  }
};

// Add default plugins:

jsep.plugins.register(ternary);

const FSLASH_CODE = 47; // '/'
const BSLASH_CODE = 92; // '\\'

var index = {
  name: 'regex',
  init(jsep) {
    // Regex literal: /abc123/ig
    jsep.hooks.add('gobble-token', function gobbleRegexLiteral(env) {
      if (this.code === FSLASH_CODE) {
        const patternIndex = ++this.index;
        let inCharSet = false;
        while (this.index < this.expr.length) {
          if (this.code === FSLASH_CODE && !inCharSet) {
            const pattern = this.expr.slice(patternIndex, this.index);
            let flags = '';
            while (++this.index < this.expr.length) {
              const code = this.code;
              if (code >= 97 && code <= 122 // a...z
              || code >= 65 && code <= 90 // A...Z
              || code >= 48 && code <= 57) {
                // 0-9
                flags += this.char;
              } else {
                break;
              }
            }
            let value;
            try {
              value = new RegExp(pattern, flags);
            } catch (e) {
              this.throwError(e.message);
            }
            env.node = {
              type: jsep.LITERAL,
              value,
              raw: this.expr.slice(patternIndex - 1, this.index)
            };

            // allow . [] and () after regex: /regex/.test(a)
            env.node = this.gobbleTokenProperty(env.node);
            return env.node;
          }
          if (this.code === jsep.OBRACK_CODE) {
            inCharSet = true;
          } else if (inCharSet && this.code === jsep.CBRACK_CODE) {
            inCharSet = false;
          }
          this.index += this.code === BSLASH_CODE ? 2 : 1;
        }
        this.throwError('Unclosed Regex');
      }
    });
  }
};

const PLUS_CODE = 43; // +
const MINUS_CODE = 45; // -

const index_node_esm_plugin = {
  name: 'assignment',
  assignmentOperators: new Set(['=', '*=', '**=', '/=', '%=', '+=', '-=', '<<=', '>>=', '>>>=', '&=', '^=', '|=', '||=', '&&=', '??=']),
  updateOperators: [PLUS_CODE, MINUS_CODE],
  assignmentPrecedence: 0.9,
  init(jsep) {
    const updateNodeTypes = [jsep.IDENTIFIER, jsep.MEMBER_EXP];
    index_node_esm_plugin.assignmentOperators.forEach(op => jsep.addBinaryOp(op, index_node_esm_plugin.assignmentPrecedence, true));
    jsep.hooks.add('gobble-token', function gobbleUpdatePrefix(env) {
      const code = this.code;
      if (index_node_esm_plugin.updateOperators.some(c => c === code && c === this.expr.charCodeAt(this.index + 1))) {
        this.index += 2;
        env.node = {
          type: 'UpdateExpression',
          operator: code === PLUS_CODE ? '++' : '--',
          argument: this.gobbleTokenProperty(this.gobbleIdentifier()),
          prefix: true
        };
        if (!env.node.argument || !updateNodeTypes.includes(env.node.argument.type)) {
          this.throwError(`Unexpected ${env.node.operator}`);
        }
      }
    });
    jsep.hooks.add('after-token', function gobbleUpdatePostfix(env) {
      if (env.node) {
        const code = this.code;
        if (index_node_esm_plugin.updateOperators.some(c => c === code && c === this.expr.charCodeAt(this.index + 1))) {
          if (!updateNodeTypes.includes(env.node.type)) {
            this.throwError(`Unexpected ${env.node.operator}`);
          }
          this.index += 2;
          env.node = {
            type: 'UpdateExpression',
            operator: code === PLUS_CODE ? '++' : '--',
            argument: env.node,
            prefix: false
          };
        }
      }
    });
    jsep.hooks.add('after-expression', function gobbleAssignment(env) {
      if (env.node) {
        // Note: Binaries can be chained in a single expression to respect
        // operator precedence (i.e. a = b = 1 + 2 + 3)
        // Update all binary assignment nodes in the tree
        updateBinariesToAssignments(env.node);
      }
    });
    function updateBinariesToAssignments(node) {
      if (index_node_esm_plugin.assignmentOperators.has(node.operator)) {
        node.type = 'AssignmentExpression';
        updateBinariesToAssignments(node.left);
        updateBinariesToAssignments(node.right);
      } else if (!node.operator) {
        Object.values(node).forEach(val => {
          if (val && typeof val === 'object') {
            updateBinariesToAssignments(val);
          }
        });
      }
    }
  }
};

/* eslint-disable no-bitwise -- Convenient */

// register plugins
jsep.plugins.register(index, index_node_esm_plugin);
jsep.addUnaryOp('typeof');
jsep.addUnaryOp('void');
jsep.addLiteral('null', null);
jsep.addLiteral('undefined', undefined);
const BLOCKED_PROTO_PROPERTIES = new Set(['constructor', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const SafeEval = {
  /**
   * @param {jsep.Expression} ast
   * @param {Record<string, any>} subs
   */
  evalAst(ast, subs) {
    switch (ast.type) {
      case 'BinaryExpression':
      case 'LogicalExpression':
        return SafeEval.evalBinaryExpression(ast, subs);
      case 'Compound':
        return SafeEval.evalCompound(ast, subs);
      case 'ConditionalExpression':
        return SafeEval.evalConditionalExpression(ast, subs);
      case 'Identifier':
        return SafeEval.evalIdentifier(ast, subs);
      case 'Literal':
        return SafeEval.evalLiteral(ast, subs);
      case 'MemberExpression':
        return SafeEval.evalMemberExpression(ast, subs);
      case 'UnaryExpression':
        return SafeEval.evalUnaryExpression(ast, subs);
      case 'ArrayExpression':
        return SafeEval.evalArrayExpression(ast, subs);
      case 'CallExpression':
        return SafeEval.evalCallExpression(ast, subs);
      case 'AssignmentExpression':
        return SafeEval.evalAssignmentExpression(ast, subs);
      default:
        throw SyntaxError('Unexpected expression', ast);
    }
  },
  evalBinaryExpression(ast, subs) {
    const result = {
      '||': (a, b) => a || b(),
      '&&': (a, b) => a && b(),
      '|': (a, b) => a | b(),
      '^': (a, b) => a ^ b(),
      '&': (a, b) => a & b(),
      // eslint-disable-next-line eqeqeq -- API
      '==': (a, b) => a == b(),
      // eslint-disable-next-line eqeqeq -- API
      '!=': (a, b) => a != b(),
      '===': (a, b) => a === b(),
      '!==': (a, b) => a !== b(),
      '<': (a, b) => a < b(),
      '>': (a, b) => a > b(),
      '<=': (a, b) => a <= b(),
      '>=': (a, b) => a >= b(),
      '<<': (a, b) => a << b(),
      '>>': (a, b) => a >> b(),
      '>>>': (a, b) => a >>> b(),
      '+': (a, b) => a + b(),
      '-': (a, b) => a - b(),
      '*': (a, b) => a * b(),
      '/': (a, b) => a / b(),
      '%': (a, b) => a % b()
    }[ast.operator](SafeEval.evalAst(ast.left, subs), () => SafeEval.evalAst(ast.right, subs));
    return result;
  },
  evalCompound(ast, subs) {
    let last;
    for (let i = 0; i < ast.body.length; i++) {
      if (ast.body[i].type === 'Identifier' && ['var', 'let', 'const'].includes(ast.body[i].name) && ast.body[i + 1] && ast.body[i + 1].type === 'AssignmentExpression') {
        // var x=2; is detected as
        // [{Identifier var}, {AssignmentExpression x=2}]
        // eslint-disable-next-line @stylistic/max-len -- Long
        // eslint-disable-next-line sonarjs/updated-loop-counter -- Convenient
        i += 1;
      }
      const expr = ast.body[i];
      last = SafeEval.evalAst(expr, subs);
    }
    return last;
  },
  evalConditionalExpression(ast, subs) {
    if (SafeEval.evalAst(ast.test, subs)) {
      return SafeEval.evalAst(ast.consequent, subs);
    }
    return SafeEval.evalAst(ast.alternate, subs);
  },
  evalIdentifier(ast, subs) {
    if (Object.hasOwn(subs, ast.name)) {
      return subs[ast.name];
    }
    throw ReferenceError(`${ast.name} is not defined`);
  },
  evalLiteral(ast) {
    return ast.value;
  },
  evalMemberExpression(ast, subs) {
    const prop = String(
    // NOTE: `String(value)` throws error when
    // value has overwritten the toString method to return non-string
    // i.e. `value = {toString: () => []}`
    ast.computed ? SafeEval.evalAst(ast.property) // `object[property]`
    : ast.property.name // `object.property` property is Identifier
    );
    const obj = SafeEval.evalAst(ast.object, subs);
    if (obj === undefined || obj === null) {
      throw TypeError(`Cannot read properties of ${obj} (reading '${prop}')`);
    }
    if (!Object.hasOwn(obj, prop) && BLOCKED_PROTO_PROPERTIES.has(prop)) {
      throw TypeError(`Cannot read properties of ${obj} (reading '${prop}')`);
    }
    const result = obj[prop];
    if (typeof result === 'function') {
      return result.bind(obj); // arrow functions aren't affected by bind.
    }
    return result;
  },
  evalUnaryExpression(ast, subs) {
    const result = {
      '-': a => -SafeEval.evalAst(a, subs),
      '!': a => !SafeEval.evalAst(a, subs),
      '~': a => ~SafeEval.evalAst(a, subs),
      // eslint-disable-next-line no-implicit-coercion -- API
      '+': a => +SafeEval.evalAst(a, subs),
      typeof: a => typeof SafeEval.evalAst(a, subs),
      // eslint-disable-next-line no-void, sonarjs/void-use -- feature
      void: a => void SafeEval.evalAst(a, subs)
    }[ast.operator](ast.argument);
    return result;
  },
  evalArrayExpression(ast, subs) {
    return ast.elements.map(el => SafeEval.evalAst(el, subs));
  },
  evalCallExpression(ast, subs) {
    const args = ast.arguments.map(arg => SafeEval.evalAst(arg, subs));
    const func = SafeEval.evalAst(ast.callee, subs);
    /* c8 ignore start  */
    if (func === Function) {
      // unreachable since BLOCKED_PROTO_PROPERTIES includes 'constructor'
      throw new Error('Function constructor is disabled');
    }
    /* c8 ignore end  */
    return func(...args);
  },
  evalAssignmentExpression(ast, subs) {
    if (ast.left.type !== 'Identifier') {
      throw SyntaxError('Invalid left-hand side in assignment');
    }
    const id = ast.left.name;
    const value = SafeEval.evalAst(ast.right, subs);
    subs[id] = value;
    return subs[id];
  }
};

/**
 * A replacement for NodeJS' VM.Script which is also {@link https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP | Content Security Policy} friendly.
 */
class SafeScript {
  /**
   * @param {string} expr Expression to evaluate
   */
  constructor(expr) {
    this.code = expr;
    this.ast = jsep(this.code);
  }

  /**
   * @param {object} context Object whose items will be added
   *   to evaluation
   * @returns {EvaluatedResult} Result of evaluated code
   */
  runInNewContext(context) {
    // `Object.create(null)` creates a prototypeless object
    const keyMap = Object.assign(Object.create(null), context);
    return SafeEval.evalAst(this.ast, keyMap);
  }
}

/* eslint-disable camelcase -- Convenient for escaping */


/**
 * @typedef {null|boolean|number|string|object|GenericArray} JSONObject
 */

/**
 * @typedef {any} AnyItem
 */

/**
 * @typedef {any} AnyResult
 */

/**
 * Copies array and then pushes item into it.
 * @param {GenericArray} arr Array to copy and into which to push
 * @param {AnyItem} item Array item to add (to end)
 * @returns {GenericArray} Copy of the original array
 */
function push(arr, item) {
  arr = arr.slice();
  arr.push(item);
  return arr;
}
/**
 * Copies array and then unshifts item into it.
 * @param {AnyItem} item Array item to add (to beginning)
 * @param {GenericArray} arr Array to copy and into which to unshift
 * @returns {GenericArray} Copy of the original array
 */
function unshift(item, arr) {
  arr = arr.slice();
  arr.unshift(item);
  return arr;
}

/**
 * Caught when JSONPath is used without `new` but rethrown if with `new`
 * @extends Error
 */
class NewError extends Error {
  /**
   * @param {AnyResult} value The evaluated scalar value
   */
  constructor(value) {
    super('JSONPath should not be called with "new" (it prevents return ' + 'of (unwrapped) scalar values)');
    this.avoidNew = true;
    this.value = value;
    this.name = 'NewError';
  }
}

/**
* @typedef {object} ReturnObject
* @property {string} path
* @property {JSONObject} value
* @property {object|GenericArray} parent
* @property {string} parentProperty
*/

/**
* @callback JSONPathCallback
* @param {string|object} preferredOutput
* @param {"value"|"property"} type
* @param {ReturnObject} fullRetObj
* @returns {void}
*/

/**
* @callback OtherTypeCallback
* @param {JSONObject} val
* @param {string} path
* @param {object|GenericArray} parent
* @param {string} parentPropName
* @returns {boolean}
*/

/**
 * @typedef {any} ContextItem
 */

/**
 * @typedef {any} EvaluatedResult
 */

/**
* @callback EvalCallback
* @param {string} code
* @param {ContextItem} context
* @returns {EvaluatedResult}
*/

/**
 * @typedef {typeof SafeScript} EvalClass
 */

/**
 * @typedef {object} JSONPathOptions
 * @property {JSON} json
 * @property {string|string[]} path
 * @property {"value"|"path"|"pointer"|"parent"|"parentProperty"|
 *   "all"} [resultType="value"]
 * @property {boolean} [flatten=false]
 * @property {boolean} [wrap=true]
 * @property {object} [sandbox={}]
 * @property {EvalCallback|EvalClass|'safe'|'native'|
 *   boolean} [eval = 'safe']
 * @property {object|GenericArray|null} [parent=null]
 * @property {string|null} [parentProperty=null]
 * @property {JSONPathCallback} [callback]
 * @property {OtherTypeCallback} [otherTypeCallback] Defaults to
 *   function which throws on encountering `@other`
 * @property {boolean} [autostart=true]
 */

/**
 * @param {string|JSONPathOptions} opts If a string, will be treated as `expr`
 * @param {string} [expr] JSON path to evaluate
 * @param {JSON} [obj] JSON object to evaluate against
 * @param {JSONPathCallback} [callback] Passed 3 arguments: 1) desired payload
 *     per `resultType`, 2) `"value"|"property"`, 3) Full returned object with
 *     all payloads
 * @param {OtherTypeCallback} [otherTypeCallback] If `@other()` is at the end
 *   of one's query, this will be invoked with the value of the item, its
 *   path, its parent, and its parent's property name, and it should return
 *   a boolean indicating whether the supplied value belongs to the "other"
 *   type or not (or it may handle transformations and return `false`).
 * @returns {JSONPath}
 * @class
 */
function JSONPath(opts, expr, obj, callback, otherTypeCallback) {
  // eslint-disable-next-line no-restricted-syntax -- Allow for pseudo-class
  if (!(this instanceof JSONPath)) {
    try {
      return new JSONPath(opts, expr, obj, callback, otherTypeCallback);
    } catch (e) {
      if (!e.avoidNew) {
        throw e;
      }
      return e.value;
    }
  }
  if (typeof opts === 'string') {
    otherTypeCallback = callback;
    callback = obj;
    obj = expr;
    expr = opts;
    opts = null;
  }
  const optObj = opts && typeof opts === 'object';
  opts = opts || {};
  this.json = opts.json || obj;
  this.path = opts.path || expr;
  this.resultType = opts.resultType || 'value';
  this.flatten = opts.flatten || false;
  this.wrap = Object.hasOwn(opts, 'wrap') ? opts.wrap : true;
  this.sandbox = opts.sandbox || {};
  this.eval = opts.eval === undefined ? 'safe' : opts.eval;
  this.ignoreEvalErrors = typeof opts.ignoreEvalErrors === 'undefined' ? false : opts.ignoreEvalErrors;
  this.parent = opts.parent || null;
  this.parentProperty = opts.parentProperty || null;
  this.callback = opts.callback || callback || null;
  this.otherTypeCallback = opts.otherTypeCallback || otherTypeCallback || function () {
    throw new TypeError('You must supply an otherTypeCallback callback option ' + 'with the @other() operator.');
  };
  if (opts.autostart !== false) {
    const args = {
      path: optObj ? opts.path : expr
    };
    if (!optObj) {
      args.json = obj;
    } else if ('json' in opts) {
      args.json = opts.json;
    }
    const ret = this.evaluate(args);
    if (!ret || typeof ret !== 'object') {
      throw new NewError(ret);
    }
    return ret;
  }
}

// PUBLIC METHODS
JSONPath.prototype.evaluate = function (expr, json, callback, otherTypeCallback) {
  let currParent = this.parent,
    currParentProperty = this.parentProperty;
  let {
    flatten,
    wrap
  } = this;
  this.currResultType = this.resultType;
  this.currEval = this.eval;
  this.currSandbox = this.sandbox;
  callback = callback || this.callback;
  this.currOtherTypeCallback = otherTypeCallback || this.otherTypeCallback;
  json = json || this.json;
  expr = expr || this.path;
  if (expr && typeof expr === 'object' && !Array.isArray(expr)) {
    if (!expr.path && expr.path !== '') {
      throw new TypeError('You must supply a "path" property when providing an object ' + 'argument to JSONPath.evaluate().');
    }
    if (!Object.hasOwn(expr, 'json')) {
      throw new TypeError('You must supply a "json" property when providing an object ' + 'argument to JSONPath.evaluate().');
    }
    ({
      json
    } = expr);
    flatten = Object.hasOwn(expr, 'flatten') ? expr.flatten : flatten;
    this.currResultType = Object.hasOwn(expr, 'resultType') ? expr.resultType : this.currResultType;
    this.currSandbox = Object.hasOwn(expr, 'sandbox') ? expr.sandbox : this.currSandbox;
    wrap = Object.hasOwn(expr, 'wrap') ? expr.wrap : wrap;
    this.currEval = Object.hasOwn(expr, 'eval') ? expr.eval : this.currEval;
    callback = Object.hasOwn(expr, 'callback') ? expr.callback : callback;
    this.currOtherTypeCallback = Object.hasOwn(expr, 'otherTypeCallback') ? expr.otherTypeCallback : this.currOtherTypeCallback;
    currParent = Object.hasOwn(expr, 'parent') ? expr.parent : currParent;
    currParentProperty = Object.hasOwn(expr, 'parentProperty') ? expr.parentProperty : currParentProperty;
    expr = expr.path;
  }
  currParent = currParent || null;
  currParentProperty = currParentProperty || null;
  if (Array.isArray(expr)) {
    expr = JSONPath.toPathString(expr);
  }
  if (!expr && expr !== '' || !json) {
    return undefined;
  }
  const exprList = JSONPath.toPathArray(expr);
  if (exprList[0] === '$' && exprList.length > 1) {
    exprList.shift();
  }
  this._hasParentSelector = null;
  const result = this._trace(exprList, json, ['$'], currParent, currParentProperty, callback).filter(function (ea) {
    return ea && !ea.isParentSelector;
  });
  if (!result.length) {
    return wrap ? [] : undefined;
  }
  if (!wrap && result.length === 1 && !result[0].hasArrExpr) {
    return this._getPreferredOutput(result[0]);
  }
  return result.reduce((rslt, ea) => {
    const valOrPath = this._getPreferredOutput(ea);
    if (flatten && Array.isArray(valOrPath)) {
      rslt = rslt.concat(valOrPath);
    } else {
      rslt.push(valOrPath);
    }
    return rslt;
  }, []);
};

// PRIVATE METHODS

JSONPath.prototype._getPreferredOutput = function (ea) {
  const resultType = this.currResultType;
  switch (resultType) {
    case 'all':
      {
        const path = Array.isArray(ea.path) ? ea.path : JSONPath.toPathArray(ea.path);
        ea.pointer = JSONPath.toPointer(path);
        ea.path = typeof ea.path === 'string' ? ea.path : JSONPath.toPathString(ea.path);
        return ea;
      }
    case 'value':
    case 'parent':
    case 'parentProperty':
      return ea[resultType];
    case 'path':
      return JSONPath.toPathString(ea[resultType]);
    case 'pointer':
      return JSONPath.toPointer(ea.path);
    default:
      throw new TypeError('Unknown result type');
  }
};
JSONPath.prototype._handleCallback = function (fullRetObj, callback, type) {
  if (callback) {
    const preferredOutput = this._getPreferredOutput(fullRetObj);
    fullRetObj.path = typeof fullRetObj.path === 'string' ? fullRetObj.path : JSONPath.toPathString(fullRetObj.path);
    // eslint-disable-next-line n/callback-return -- No need to return
    callback(preferredOutput, type, fullRetObj);
  }
};

/**
 *
 * @param {string} expr
 * @param {JSONObject} val
 * @param {string} path
 * @param {object|GenericArray} parent
 * @param {string} parentPropName
 * @param {JSONPathCallback} callback
 * @param {boolean} hasArrExpr
 * @param {boolean} literalPriority
 * @returns {ReturnObject|ReturnObject[]}
 */
JSONPath.prototype._trace = function (expr, val, path, parent, parentPropName, callback, hasArrExpr, literalPriority) {
  // No expr to follow? return path and value as the result of
  //  this trace branch
  let retObj;
  if (!expr.length) {
    retObj = {
      path,
      value: val,
      parent,
      parentProperty: parentPropName,
      hasArrExpr
    };
    this._handleCallback(retObj, callback, 'value');
    return retObj;
  }
  const loc = expr[0],
    x = expr.slice(1);

  // We need to gather the return value of recursive trace calls in order to
  // do the parent sel computation.
  const ret = [];
  /**
   *
   * @param {ReturnObject|ReturnObject[]} elems
   * @returns {void}
   */
  function addRet(elems) {
    if (Array.isArray(elems)) {
      // This was causing excessive stack size in Node (with or
      //  without Babel) against our performance test:
      //  `ret.push(...elems);`
      elems.forEach(t => {
        ret.push(t);
      });
    } else {
      ret.push(elems);
    }
  }
  if ((typeof loc !== 'string' || literalPriority) && val && Object.hasOwn(val, loc)) {
    // simple case--directly follow property
    addRet(this._trace(x, val[loc], push(path, loc), val, loc, callback, hasArrExpr));
    // eslint-disable-next-line unicorn/prefer-switch -- Part of larger `if`
  } else if (loc === '*') {
    // all child properties
    this._walk(val, m => {
      addRet(this._trace(x, val[m], push(path, m), val, m, callback, true, true));
    });
  } else if (loc === '..') {
    // all descendent parent properties
    // Check remaining expression with val's immediate children
    addRet(this._trace(x, val, path, parent, parentPropName, callback, hasArrExpr));
    this._walk(val, m => {
      // We don't join m and x here because we only want parents,
      //   not scalar values
      if (typeof val[m] === 'object') {
        // Keep going with recursive descent on val's
        //   object children
        addRet(this._trace(expr.slice(), val[m], push(path, m), val, m, callback, true));
      }
    });
    // The parent sel computation is handled in the frame above using the
    // ancestor object of val
  } else if (loc === '^') {
    // This is not a final endpoint, so we do not invoke the callback here
    this._hasParentSelector = true;
    return {
      path: path.slice(0, -1),
      expr: x,
      isParentSelector: true
    };
  } else if (loc === '~') {
    // property name
    retObj = {
      path: push(path, loc),
      value: parentPropName,
      parent,
      parentProperty: null
    };
    this._handleCallback(retObj, callback, 'property');
    return retObj;
  } else if (loc === '$') {
    // root only
    addRet(this._trace(x, val, path, null, null, callback, hasArrExpr));
  } else if (/^(-?\d*):(-?\d*):?(\d*)$/u.test(loc)) {
    // [start:end:step]  Python slice syntax
    addRet(this._slice(loc, x, val, path, parent, parentPropName, callback));
  } else if (loc.indexOf('?(') === 0) {
    // [?(expr)] (filtering)
    if (this.currEval === false) {
      throw new Error('Eval [?(expr)] prevented in JSONPath expression.');
    }
    const safeLoc = loc.replace(/^\?\((.*?)\)$/u, '$1');
    // check for a nested filter expression
    const nested = /@.?([^?]*)[['](\??\(.*?\))(?!.\)\])[\]']/gu.exec(safeLoc);
    if (nested) {
      // find if there are matches in the nested expression
      // add them to the result set if there is at least one match
      this._walk(val, m => {
        const npath = [nested[2]];
        const nvalue = nested[1] ? val[m][nested[1]] : val[m];
        const filterResults = this._trace(npath, nvalue, path, parent, parentPropName, callback, true);
        if (filterResults.length > 0) {
          addRet(this._trace(x, val[m], push(path, m), val, m, callback, true));
        }
      });
    } else {
      this._walk(val, m => {
        if (this._eval(safeLoc, val[m], m, path, parent, parentPropName)) {
          addRet(this._trace(x, val[m], push(path, m), val, m, callback, true));
        }
      });
    }
  } else if (loc[0] === '(') {
    // [(expr)] (dynamic property/index)
    if (this.currEval === false) {
      throw new Error('Eval [(expr)] prevented in JSONPath expression.');
    }
    // As this will resolve to a property name (but we don't know it
    //  yet), property and parent information is relative to the
    //  parent of the property to which this expression will resolve
    addRet(this._trace(unshift(this._eval(loc, val, path.at(-1), path.slice(0, -1), parent, parentPropName), x), val, path, parent, parentPropName, callback, hasArrExpr));
  } else if (loc[0] === '@') {
    // value type: @boolean(), etc.
    let addType = false;
    const valueType = loc.slice(1, -2);
    switch (valueType) {
      case 'scalar':
        if (!val || !['object', 'function'].includes(typeof val)) {
          addType = true;
        }
        break;
      case 'boolean':
      case 'string':
      case 'undefined':
      case 'function':
        if (typeof val === valueType) {
          addType = true;
        }
        break;
      case 'integer':
        if (Number.isFinite(val) && !(val % 1)) {
          addType = true;
        }
        break;
      case 'number':
        if (Number.isFinite(val)) {
          addType = true;
        }
        break;
      case 'nonFinite':
        if (typeof val === 'number' && !Number.isFinite(val)) {
          addType = true;
        }
        break;
      case 'object':
        if (val && typeof val === valueType) {
          addType = true;
        }
        break;
      case 'array':
        if (Array.isArray(val)) {
          addType = true;
        }
        break;
      case 'other':
        addType = this.currOtherTypeCallback(val, path, parent, parentPropName);
        break;
      case 'null':
        if (val === null) {
          addType = true;
        }
        break;
      /* c8 ignore next 2 */
      default:
        throw new TypeError('Unknown value type ' + valueType);
    }
    if (addType) {
      retObj = {
        path,
        value: val,
        parent,
        parentProperty: parentPropName
      };
      this._handleCallback(retObj, callback, 'value');
      return retObj;
    }
    // `-escaped property
  } else if (loc[0] === '`' && val && Object.hasOwn(val, loc.slice(1))) {
    const locProp = loc.slice(1);
    addRet(this._trace(x, val[locProp], push(path, locProp), val, locProp, callback, hasArrExpr, true));
  } else if (loc.includes(',')) {
    // [name1,name2,...]
    const parts = loc.split(',');
    for (const part of parts) {
      addRet(this._trace(unshift(part, x), val, path, parent, parentPropName, callback, true));
    }
    // simple case--directly follow property
  } else if (!literalPriority && val && Object.hasOwn(val, loc)) {
    addRet(this._trace(x, val[loc], push(path, loc), val, loc, callback, hasArrExpr, true));
  }

  // We check the resulting values for parent selections. For parent
  // selections we discard the value object and continue the trace with the
  // current val object
  if (this._hasParentSelector) {
    for (let t = 0; t < ret.length; t++) {
      const rett = ret[t];
      if (rett && rett.isParentSelector) {
        const tmp = this._trace(rett.expr, val, rett.path, parent, parentPropName, callback, hasArrExpr);
        if (Array.isArray(tmp)) {
          ret[t] = tmp[0];
          const tl = tmp.length;
          for (let tt = 1; tt < tl; tt++) {
            // eslint-disable-next-line @stylistic/max-len -- Long
            // eslint-disable-next-line sonarjs/updated-loop-counter -- Convenient
            t++;
            ret.splice(t, 0, tmp[tt]);
          }
        } else {
          ret[t] = tmp;
        }
      }
    }
  }
  return ret;
};
JSONPath.prototype._walk = function (val, f) {
  if (Array.isArray(val)) {
    const n = val.length;
    for (let i = 0; i < n; i++) {
      f(i);
    }
  } else if (val && typeof val === 'object') {
    Object.keys(val).forEach(m => {
      f(m);
    });
  }
};
JSONPath.prototype._slice = function (loc, expr, val, path, parent, parentPropName, callback) {
  if (!Array.isArray(val)) {
    return undefined;
  }
  const len = val.length,
    parts = loc.split(':'),
    step = parts[2] && Number.parseInt(parts[2]) || 1;
  let start = parts[0] && Number.parseInt(parts[0]) || 0,
    end = parts[1] && Number.parseInt(parts[1]) || len;
  start = start < 0 ? Math.max(0, start + len) : Math.min(len, start);
  end = end < 0 ? Math.max(0, end + len) : Math.min(len, end);
  const ret = [];
  for (let i = start; i < end; i += step) {
    const tmp = this._trace(unshift(i, expr), val, path, parent, parentPropName, callback, true);
    // Should only be possible to be an array here since first part of
    //   ``unshift(i, expr)` passed in above would not be empty, nor `~`,
    //     nor begin with `@` (as could return objects)
    // This was causing excessive stack size in Node (with or
    //  without Babel) against our performance test: `ret.push(...tmp);`
    tmp.forEach(t => {
      ret.push(t);
    });
  }
  return ret;
};
JSONPath.prototype._eval = function (code, _v, _vname, path, parent, parentPropName) {
  this.currSandbox._$_parentProperty = parentPropName;
  this.currSandbox._$_parent = parent;
  this.currSandbox._$_property = _vname;
  this.currSandbox._$_root = this.json;
  this.currSandbox._$_v = _v;
  const containsPath = code.includes('@path');
  if (containsPath) {
    this.currSandbox._$_path = JSONPath.toPathString(path.concat([_vname]));
  }
  const scriptCacheKey = this.currEval + 'Script:' + code;
  if (!JSONPath.cache[scriptCacheKey]) {
    let script = code.replaceAll('@parentProperty', '_$_parentProperty').replaceAll('@parent', '_$_parent').replaceAll('@property', '_$_property').replaceAll('@root', '_$_root').replaceAll(/@([.\s)[])/gu, '_$_v$1');
    if (containsPath) {
      script = script.replaceAll('@path', '_$_path');
    }
    if (this.currEval === 'safe' || this.currEval === true || this.currEval === undefined) {
      JSONPath.cache[scriptCacheKey] = new this.safeVm.Script(script);
    } else if (this.currEval === 'native') {
      JSONPath.cache[scriptCacheKey] = new this.vm.Script(script);
    } else if (typeof this.currEval === 'function' && this.currEval.prototype && Object.hasOwn(this.currEval.prototype, 'runInNewContext')) {
      const CurrEval = this.currEval;
      JSONPath.cache[scriptCacheKey] = new CurrEval(script);
    } else if (typeof this.currEval === 'function') {
      JSONPath.cache[scriptCacheKey] = {
        runInNewContext: context => this.currEval(script, context)
      };
    } else {
      throw new TypeError(`Unknown "eval" property "${this.currEval}"`);
    }
  }
  try {
    return JSONPath.cache[scriptCacheKey].runInNewContext(this.currSandbox);
  } catch (e) {
    if (this.ignoreEvalErrors) {
      return false;
    }
    throw new Error('jsonPath: ' + e.message + ': ' + code);
  }
};

// PUBLIC CLASS PROPERTIES AND METHODS

// Could store the cache object itself
JSONPath.cache = {};

/**
 * @param {string[]} pathArr Array to convert
 * @returns {string} The path string
 */
JSONPath.toPathString = function (pathArr) {
  const x = pathArr,
    n = x.length;
  let p = '$';
  for (let i = 1; i < n; i++) {
    if (!/^(~|\^|@.*?\(\))$/u.test(x[i])) {
      p += /^[0-9*]+$/u.test(x[i]) ? '[' + x[i] + ']' : "['" + x[i] + "']";
    }
  }
  return p;
};

/**
 * @param {string} pointer JSON Path
 * @returns {string} JSON Pointer
 */
JSONPath.toPointer = function (pointer) {
  const x = pointer,
    n = x.length;
  let p = '';
  for (let i = 1; i < n; i++) {
    if (!/^(~|\^|@.*?\(\))$/u.test(x[i])) {
      p += '/' + x[i].toString().replaceAll('~', '~0').replaceAll('/', '~1');
    }
  }
  return p;
};

/**
 * @param {string} expr Expression to convert
 * @returns {string[]}
 */
JSONPath.toPathArray = function (expr) {
  const {
    cache
  } = JSONPath;
  if (cache[expr]) {
    return cache[expr].concat();
  }
  const subx = [];
  const normalized = expr
  // Properties
  .replaceAll(/@(?:null|boolean|number|string|integer|undefined|nonFinite|scalar|array|object|function|other)\(\)/gu, ';$&;')
  // Parenthetical evaluations (filtering and otherwise), directly
  //   within brackets or single quotes
  .replaceAll(/[['](\??\(.*?\))[\]'](?!.\])/gu, function ($0, $1) {
    return '[#' + (subx.push($1) - 1) + ']';
  })
  // Escape periods and tildes within properties
  .replaceAll(/\[['"]([^'\]]*)['"]\]/gu, function ($0, prop) {
    return "['" + prop.replaceAll('.', '%@%').replaceAll('~', '%%@@%%') + "']";
  })
  // Properties operator
  .replaceAll('~', ';~;')
  // Split by property boundaries
  .replaceAll(/['"]?\.['"]?(?![^[]*\])|\[['"]?/gu, ';')
  // Reinsert periods within properties
  .replaceAll('%@%', '.')
  // Reinsert tildes within properties
  .replaceAll('%%@@%%', '~')
  // Parent
  .replaceAll(/(?:;)?(\^+)(?:;)?/gu, function ($0, ups) {
    return ';' + ups.split('').join(';') + ';';
  })
  // Descendents
  .replaceAll(/;;;|;;/gu, ';..;')
  // Remove trailing
  .replaceAll(/;$|'?\]|'$/gu, '');
  const exprList = normalized.split(';').map(function (exp) {
    const match = exp.match(/#(\d+)/u);
    return !match || !match[1] ? exp : subx[match[1]];
  });
  cache[expr] = exprList;
  return cache[expr].concat();
};
JSONPath.prototype.safeVm = {
  Script: SafeScript
};

JSONPath.prototype.vm = external_vm_namespaceObject;



;// CONCATENATED MODULE: ./src/jsonpath.ts
// JSONPath as Spinnaker users write it (Jayway syntax), evaluated by jsonpath-plus in its
// safe mode. jsonpath-plus accepts almost any text (it reads `$.[` as `$..`), so the syntax is
// checked here first and a path that does not parse is an input error.

class JsonPathSyntaxError extends Error {
}
const jsonpath_SafeScript = JSONPath.prototype.safeVm.Script;
// Not `~` or `^` either: jsonpath-plus reads them as its own operators, which Jayway has not.
const NAME = /[^.[\]\s'"()@$~^]+|\*/y;
const SPACE = /\s*/y;
function compileJsonPath(source) {
    const text = source.trim();
    if (text === '')
        throw new JsonPathSyntaxError('is empty');
    const written = text.startsWith('$') ? text : `$.${text}`;
    return { source: text, expression: canonicalize(written, written.length - text.length) };
}
/**
 * Checks a path's syntax and writes it in the forms jsonpath-plus evaluates as Jayway does:
 * no spaces in brackets, unions of names unquoted (`['a','b']` → `[a,b]`), a negative index as
 * a slice (`[-1]` → `[-1:]`).
 * `added`: how many characters were put before the user's text, to point into what they wrote.
 */
function canonicalize(path, added) {
    let at = 1; // after `$`
    let out = '$';
    const fail = (what) => {
        throw new JsonPathSyntaxError(`${what} at character ${Math.max(at - added, 0) + 1}`);
    };
    const name = (after) => {
        NAME.lastIndex = at;
        const match = NAME.exec(path);
        if (!match)
            return fail(`expected a name after \`${after}\``);
        at = NAME.lastIndex;
        return match[0];
    };
    const skipSpace = () => {
        SPACE.lastIndex = at;
        SPACE.exec(path);
        at = SPACE.lastIndex;
    };
    while (at < path.length) {
        if (path.startsWith('..', at)) {
            at += 2;
            out += path[at] === '[' ? `..${bracket()}` : `..${name('..')}`;
        }
        else if (path[at] === '.') {
            at++;
            out += `.${name('.')}`;
        }
        else if (path[at] === '[') {
            out += bracket();
        }
        else {
            fail(`unexpected \`${path[at]}\``);
        }
    }
    return out;
    function bracket() {
        at++;
        skipSpace();
        if (path[at] === '(')
            fail('script expressions `[(...)]` are not supported; use a filter `[?(...)]`');
        let written;
        if (path[at] === '?') {
            at++;
            if (path[at] !== '(')
                fail('expected `(` after `?`');
            const end = closingParen(at);
            const script = path.slice(at + 1, end);
            checkScript(script);
            at = end + 1;
            written = `?(${script})`;
        }
        else {
            written = selectors();
        }
        skipSpace();
        if (path[at] !== ']')
            fail('expected `]`');
        at++;
        return `[${written}]`;
    }
    function selectors() {
        const items = [];
        for (;;) {
            skipSpace();
            if (path[at] === "'" || path[at] === '"') {
                const name = quoted();
                if (/['\]]/.test(name))
                    fail("names holding ' or ] are not supported");
                items.push({ name, text: name });
            }
            else {
                const written = /^[^,\]]*/.exec(path.slice(at))?.[0] ?? '';
                const token = written.trim().replace(/\s*:\s*/g, ':');
                if (token === '')
                    fail(items.length === 0 && path[at] === ']' ? 'empty `[]`' : 'expected an index, a slice, `*` or a quoted name');
                if (!/^(?:\*|-?\d+|-?\d*:-?\d*(?::-?\d*)?)$/.test(token))
                    fail('expected an index, a slice, `*` or a quoted name');
                at += written.length;
                items.push({ text: token });
            }
            skipSpace();
            if (path[at] !== ',')
                break;
            at++;
        }
        if (items.length === 1) {
            const [{ name, text }] = items;
            if (name !== undefined)
                return `'${name}'`;
            if (/^-\d+$/.test(text))
                return text === '-1' ? '-1:' : `${text}:${Number(text) + 1}`;
            return text;
        }
        for (const { name, text } of items) {
            if (name === undefined ? !/^\d+$/.test(text) : /[,\s]/.test(name)) {
                fail('a union `[a,b]` takes names and indexes of 0 or more');
            }
        }
        return items.map(item => item.text).join(',');
    }
    function quoted() {
        const quote = path[at];
        let value = '';
        at++;
        while (at < path.length && path[at] !== quote) {
            if (path[at] === '\\')
                at++;
            value += path[at] ?? '';
            at++;
        }
        if (at >= path.length)
            fail('unclosed quote');
        at++;
        return value;
    }
    function closingParen(from) {
        let depth = 0;
        let quote;
        for (let i = from; i < path.length; i++) {
            const char = path[i];
            if (quote) {
                if (char === '\\')
                    i++;
                else if (char === quote)
                    quote = undefined;
            }
            else if (char === "'" || char === '"')
                quote = char;
            else if (char === '(')
                depth++;
            else if (char === ')' && --depth === 0)
                return i;
        }
        at = from;
        return fail('unclosed `(`');
    }
    function checkScript(script) {
        if (script.trim() === '')
            fail('empty expression');
        try {
            // The same substitutions jsonpath-plus makes before it parses a script.
            new jsonpath_SafeScript(script.replace(/@([.\s)[]|$)/g, '_$_v$1').replace(/@(\w+)/g, '_$_$1'));
        }
        catch (error) {
            fail(`expression \`${script}\` does not parse (${error.message.replace(/ at character \d+$/, '')})`);
        }
    }
}
const evaluator = JSONPath({
    autostart: false,
    path: '$',
    json: null,
    eval: 'safe',
    // A filter that fails on some element (a missing property) just does not select it.
    ignoreEvalErrors: true
});
/** Every value the path finds in a document (parsed JSON, or text for a body that is not JSON). */
function findAll(path, document) {
    if (document === undefined || document === '')
        return [];
    // `json` must be truthy for jsonpath-plus; a bare false, 0 or null body is wrapped and unwrapped.
    const wrapped = !document;
    const query = {
        path: wrapped ? `$.v${path.expression.slice(1)}` : path.expression,
        json: wrapped ? { v: document } : document,
        wrap: true,
        resultType: 'value'
    };
    try {
        const result = evaluator.evaluate(query);
        return Array.isArray(result) ? result : [];
    }
    catch {
        // jsonpath-plus can still stumble on an odd document; for the stage that is "found nothing".
        return [];
    }
}
/** How a found value reads in messages and outputs: strings as they are, others as JSON. */
function showValue(value) {
    if (typeof value === 'string')
        return value;
    try {
        return JSON.stringify(value) ?? String(value);
    }
    catch {
        // Nested deeper than the stack allows (JSON.parse takes more depth than stringify).
        return '(nested too deeply to show)';
    }
}

;// CONCATENATED MODULE: ./src/status.ts
// Status mapping: the value a poll's status path finds, read as SUCCEEDED, CANCELED, TERMINAL or
// still running.
function normalizeStatus(value) {
    return value.trim().toLowerCase();
}
/**
 * Reads what a status path found. It must be exactly one string, number or boolean (or a list
 * holding exactly one). A value that matches a list is final; a number no list names is a
 * percentage, 100 meaning done; any other value means the job is still running.
 */
function readStatus(found, lists) {
    const value = found.length === 1 ? unwrapSingle(found[0]) : undefined;
    if (!isScalar(value))
        return { kind: 'unusable', found: describeFound(found) };
    const text = String(value);
    const key = normalizeStatus(text);
    if (lists.success.has(key))
        return { kind: 'final', status: 'SUCCEEDED', value: text };
    if (lists.canceled.has(key))
        return { kind: 'final', status: 'CANCELED', value: text };
    if (lists.terminal.has(key))
        return { kind: 'final', status: 'TERMINAL', value: text };
    if (typeof value === 'number') {
        return value === 100
            ? { kind: 'final', status: 'SUCCEEDED', value: text, percent: value }
            : { kind: 'running', value: text, percent: value };
    }
    return { kind: 'running', value: text };
}
function unwrapSingle(value) {
    return Array.isArray(value) && value.length === 1 ? value[0] : value;
}
function isScalar(value) {
    return (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)));
}
/** What a path found, for an error message: `nothing`, `2 values`, `an object`, `null` … */
function describeFound(found) {
    if (found.length === 0)
        return 'nothing';
    if (found.length > 1)
        return `${found.length} values`;
    const value = found[0];
    if (value === null)
        return 'null';
    if (Array.isArray(value)) {
        if (value.length === 0)
            return 'an empty list';
        return value.length === 1 ? `a list holding ${describeFound(value)}` : `a list of ${value.length} values`;
    }
    if (typeof value === 'object')
        return 'an object';
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./src/inputs.ts
// Every input is read here, once, and validated into one StageConfig before anything is sent.
// Nothing else reads the environment's inputs.









/** The action's own outputs; a name in `outputs` may not take one of them. */
const ACTION_OUTPUTS = [
    'status',
    'status-code',
    'response',
    'response-headers',
    'status-url',
    'polls',
    'progress',
    'percent-complete',
    'build-info',
    'build-info-file',
    'response-file',
    'error'
];
/** Used when an input is empty, as the runner does with action.yml's defaults (a test keeps them equal). */
const DEFAULTS = {
    method: 'POST',
    'fail-fast-status-codes': '504',
    retries: '5',
    'request-timeout': '2m',
    'wait-for-completion': 'false',
    'monitor-only': 'false',
    'status-url-resolution': 'get-method',
    'wait-before-monitor': '0',
    'poll-interval': 'auto',
    timeout: '1h',
    'cancel-method': 'POST',
    'status-headers': 'same-origin',
    'max-response-size': '16MB',
    summary: 'true'
};
/** Inputs that mean something only while waiting for completion. */
const WAIT_INPUTS = [
    'status-url-resolution',
    'status-url-json-path',
    'status-json-path',
    'success-statuses',
    'canceled-statuses',
    'terminal-statuses',
    'progress-json-path',
    'wait-before-monitor',
    'poll-interval',
    'timeout',
    'status-headers'
];
/** Inputs that mean something only for the webhook call, which monitor-only skips. */
const CALL_INPUTS = ['method', 'payload', 'payload-file', 'fail-fast-status-codes', 'retries'];
class InputError extends Error {
    input;
    constructor(input, expected) {
        super(`Input '${input}' ${expected}`);
        this.input = input;
    }
}
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Below V8's longest string (2^29 - 24 characters), so that any body accepted can be read. */
const MAX_RESPONSE_BYTES = 500 * 1024 ** 2;
/** Reads the inputs the runner passes to the step. */
function readInputs(secrets) {
    return readConfig({
        get: name => getInput(name),
        workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
        warn: message => runner_warning(message)
    }, secrets);
}
/**
 * Reads and validates every input. Secret values (credential headers, URL user info, secret
 * query values) are registered with `secrets` as soon as they are read.
 * Throws InputError naming the first input that is wrong.
 */
function readConfig(source, secrets) {
    const given = (name) => source.get(name).trim();
    const input = (name) => given(name) || (DEFAULTS[name] ?? '');
    const headers = readHeaders(given('headers'), secrets);
    const webhook = readTarget('url', input('url'), secrets);
    if (webhook.authorization && hasHeader(headers, 'authorization')) {
        throw new InputError('url', 'has user info while headers set Authorization; give the credentials once');
    }
    webhook.method = readMethod('method', input('method'));
    const contentType = headerValue(headers, 'content-type');
    if (given('payload') && given('payload-file')) {
        throw new InputError('payload-file', "cannot be used together with 'payload'; give one of them");
    }
    if (given('payload-file')) {
        webhook.body = readBody('payload-file', readPayloadFile(given('payload-file'), source.workspace), contentType);
    }
    else if (given('payload')) {
        webhook.body = readBody('payload', Buffer.from(given('payload')), contentType);
    }
    const monitorOnly = readBoolean('monitor-only', input('monitor-only'));
    const waitForCompletion = monitorOnly || readBoolean('wait-for-completion', input('wait-for-completion'));
    const statusUrlResolution = readStatusUrlResolution(input('status-url-resolution'));
    if (monitorOnly && statusUrlResolution !== 'get-method') {
        throw new InputError('status-url-resolution', `must be get-method with monitor-only (got '${statusUrlResolution}')`);
    }
    const statusUrlJsonPath = readJsonPath('status-url-json-path', given('status-url-json-path'));
    if (waitForCompletion && statusUrlResolution === 'webhook-response' && !statusUrlJsonPath) {
        throw new InputError('status-url-json-path', 'is required with status-url-resolution: webhook-response');
    }
    const statusJsonPath = readJsonPath('status-json-path', given('status-json-path'));
    const statuses = readStatusLists(given, statusJsonPath !== undefined, waitForCompletion);
    const cancelEndpoint = given('cancel-endpoint');
    let cancel;
    if (cancelEndpoint) {
        cancel = readTarget('cancel-endpoint', cancelEndpoint, secrets, webhook.url);
        if (cancel.authorization && hasHeader(headers, 'authorization')) {
            throw new InputError('cancel-endpoint', 'has user info while headers set Authorization; give the credentials once');
        }
        // The webhook URL's credentials go to a cancel endpoint on its origin, as they go to polls.
        if (!cancel.authorization && cancel.url.origin === webhook.url.origin)
            cancel.authorization = webhook.authorization;
        cancel.method = readMethod('cancel-method', input('cancel-method'));
        if (given('cancel-payload'))
            cancel.body = readBody('cancel-payload', Buffer.from(given('cancel-payload')), contentType);
    }
    const config = {
        webhook,
        headers,
        failFastStatusCodes: readStatusCodes('fail-fast-status-codes', input('fail-fast-status-codes')),
        retryStatusCodes: readStatusCodes('retry-status-codes', input('retry-status-codes')),
        retries: readRetries(input('retries')),
        requestTimeoutMs: readDuration('request-timeout', input('request-timeout')),
        maxResponseBytes: readSize('max-response-size', input('max-response-size')),
        waitForCompletion,
        monitorOnly,
        statusUrlResolution,
        statusUrlJsonPath,
        statusJsonPath,
        statuses,
        progressJsonPath: readJsonPath('progress-json-path', given('progress-json-path')),
        waitBeforeMonitorMs: readDuration('wait-before-monitor', input('wait-before-monitor'), true),
        pollInterval: input('poll-interval').toLowerCase() === 'auto' ? 'auto' : readDuration('poll-interval', input('poll-interval')),
        timeoutMs: readDuration('timeout', input('timeout')),
        cancel,
        statusHeaders: readStatusHeaders(input('status-headers')),
        outputs: readOutputs(given('outputs')),
        summary: readBoolean('summary', input('summary'))
    };
    // The runner passes action.yml's default text for inputs not given, so only other text counts.
    const ignored = (names) => names.filter(name => given(name) !== '' && given(name) !== DEFAULTS[name]);
    const warnIgnored = (names, condition) => {
        if (names.length === 0)
            return;
        const one = names.length === 1;
        source.warn(`${names.join(', ')} ${one ? 'applies' : 'apply'} only ${condition} and ${one ? 'is' : 'are'} ignored`);
    };
    if (!waitForCompletion)
        warnIgnored(ignored(WAIT_INPUTS), 'with wait-for-completion: true');
    if (monitorOnly)
        warnIgnored(ignored(CALL_INPUTS), 'to the webhook call, which monitor-only skips,');
    return config;
}
function readTarget(name, text, secrets, base) {
    if (!text)
        throw new InputError(name, 'is required: the http or https URL to call');
    let url;
    try {
        url = new URL(text, base);
    }
    catch {
        throw new InputError(name, 'must be an http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new InputError(name, `must be an http or https URL (got a ${url.protocol} URL)`);
    }
    secrets.addUrl(url);
    const spec = { method: 'GET', url };
    if (url.username || url.password) {
        const credentials = `${inputs_safeDecode(url.username)}:${inputs_safeDecode(url.password)}`;
        spec.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
        secrets.addHeaderValue(spec.authorization);
        url.username = '';
        url.password = '';
    }
    return spec;
}
function inputs_safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
function readMethod(name, text) {
    const method = text.toUpperCase();
    if (!METHODS.includes(method))
        throw new InputError(name, `must be ${METHODS.slice(0, -1).join(', ')} or ${METHODS.at(-1)} (got '${text}')`);
    return method;
}
function readHeaders(text, secrets) {
    let entries;
    try {
        entries = parseMapping(text);
    }
    catch (error) {
        throw new InputError('headers', `must be a YAML or JSON mapping of \`Name: value\`: ${error.message}`);
    }
    const headers = {};
    const seen = new Set();
    for (const [name, value] of entries) {
        if (!HEADER_NAME.test(name))
            throw new InputError('headers', `has a header name that is not legal: '${name}'`);
        const lower = name.toLowerCase();
        if (seen.has(lower))
            throw new InputError('headers', `names ${name} twice; give a list to send it more than once`);
        if (lower === 'content-length' || lower === 'transfer-encoding') {
            throw new InputError('headers', `cannot set ${name}: the action frames the body itself`);
        }
        seen.add(lower);
        for (const item of Array.isArray(value) ? value : [value]) {
            if (/[\r\n]/.test(item))
                throw new InputError('headers', `has a line break in the value of ${name} (header injection)`);
            // Node sends header values as Latin-1; anything but printable ASCII would arrive garbled.
            if (/[^\t\x20-\x7e]/.test(item)) {
                throw new InputError('headers', `has a character that is not printable ASCII in the value of ${name}`);
            }
            if (isCredentialHeader(name))
                secrets.addHeaderValue(item);
        }
        headers[name] = value;
    }
    return headers;
}
function hasHeader(headers, lowerName) {
    return Object.keys(headers).some(name => name.toLowerCase() === lowerName);
}
function headerValue(headers, lowerName) {
    const name = Object.keys(headers).find(key => key.toLowerCase() === lowerName);
    const value = name === undefined ? undefined : headers[name];
    return Array.isArray(value) ? value[0] : value;
}
function readPayloadFile(file, workspace) {
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)(external_node_path_namespaceObject.resolve(workspace, file));
    }
    catch (error) {
        const reason = error.code ?? error.message;
        throw new InputError('payload-file', `must be a readable file relative to the workspace (${file}: ${reason})`);
    }
}
function readBody(name, payload, contentType) {
    try {
        return encodeBody(payload, contentType);
    }
    catch (error) {
        if (!(error instanceof MappingError))
            throw error;
        throw new InputError(name, `must be a flat JSON object to be sent form-encoded: ${error.message}`);
    }
}
function readBoolean(name, text) {
    const value = parseBoolean(text);
    if (value === undefined)
        throw new InputError(name, `must be true or false (got '${text}')`);
    return value;
}
function readDuration(name, text, zeroAllowed = false) {
    const ms = parseDuration(text);
    const expected = `must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds${zeroAllowed ? '' : ', more than zero'}`;
    if (ms === undefined || (ms === 0 && !zeroAllowed))
        throw new InputError(name, `${expected} (got '${text}')`);
    if (ms > MAX_DURATION_MS)
        throw new InputError(name, `must be at most 596h (got '${text}')`);
    return ms;
}
function readSize(name, text) {
    const bytes = parseSize(text);
    if (!bytes)
        throw new InputError(name, `must be a size such as 512KB, 16MB, 1GB or a number of bytes, more than zero (got '${text}')`);
    if (bytes > MAX_RESPONSE_BYTES)
        throw new InputError(name, `must be at most 500MB (got '${text}')`);
    return bytes;
}
function readRetries(text) {
    if (!/^\d+$/.test(text))
        throw new InputError('retries', `must be a whole number, 0 or more (got '${text}')`);
    return Number(text);
}
function readStatusCodes(name, text) {
    const codes = new Set();
    // An empty input means the default, so `none` is how to say "no codes" (no fail-fast at all).
    if (text.toLowerCase() === 'none')
        return codes;
    for (const item of parseList(text)) {
        const code = Number(item);
        if (!/^\d{3}$/.test(item) || code < 100 || code > 599) {
            throw new InputError(name, `must list HTTP status codes from 100 to 599, separated by commas, or be none (got '${item}')`);
        }
        codes.add(code);
    }
    return codes;
}
function readStatusUrlResolution(text) {
    // Spinnaker's spellings (getMethod, locationHeader, webhookResponse) are accepted too.
    const key = text.toLowerCase().replace(/[-_]/g, '');
    const modes = {
        getmethod: 'get-method',
        locationheader: 'location-header',
        webhookresponse: 'webhook-response'
    };
    const mode = modes[key];
    if (!mode)
        throw new InputError('status-url-resolution', `must be get-method, location-header or webhook-response (got '${text}')`);
    return mode;
}
function readStatusHeaders(text) {
    const value = text.toLowerCase();
    if (value !== 'same-origin' && value !== 'always' && value !== 'never') {
        throw new InputError('status-headers', `must be same-origin, always or never (got '${text}')`);
    }
    return value;
}
function readJsonPath(name, text) {
    if (!text)
        return undefined;
    try {
        return compileJsonPath(text);
    }
    catch (error) {
        throw new InputError(name, `must be a JSONPath such as $.status: ${error.message}`);
    }
}
const STATUS_LISTS = [
    ['success-statuses', 'success'],
    ['canceled-statuses', 'canceled'],
    ['terminal-statuses', 'terminal']
];
/** `waiting`: whether the lists will be used; if not, only their form is checked. */
function readStatusLists(given, hasStatusPath, waiting) {
    const lists = { success: new Set(), canceled: new Set(), terminal: new Set() };
    const owner = new Map();
    for (const [name, key] of STATUS_LISTS) {
        for (const item of parseList(given(name))) {
            const status = normalizeStatus(item);
            const other = owner.get(status);
            if (other && other !== name)
                throw new InputError(name, `names '${item}', which ${other} names too; a status can mean one thing`);
            owner.set(status, name);
            lists[key].add(status);
        }
    }
    if (!waiting)
        return lists;
    if (hasStatusPath && lists.success.size === 0) {
        throw new InputError('success-statuses', 'is required with status-json-path: the status values that mean SUCCEEDED');
    }
    if (!hasStatusPath && owner.size > 0) {
        throw new InputError('status-json-path', `is required with ${[...new Set(owner.values())].join(', ')}: the JSONPath to the status value`);
    }
    return lists;
}
function readOutputs(text) {
    let entries;
    try {
        entries = parseMapping(text);
    }
    catch (error) {
        throw new InputError('outputs', `must be a YAML mapping of \`name: JSONPath\`: ${error.message}`);
    }
    const taken = new Set(ACTION_OUTPUTS);
    return entries.map(([name, value]) => {
        if (!OUTPUT_NAME.test(name)) {
            throw new InputError('outputs', `has a name that is not a valid output name: '${name}' (letters, digits, - and _, not starting with a digit or -)`);
        }
        const lower = name.toLowerCase();
        if (taken.has(lower)) {
            throw new InputError('outputs', ACTION_OUTPUTS.includes(lower)
                ? `cannot use '${name}': the action sets that output itself`
                : `names '${name}' twice`);
        }
        taken.add(lower);
        if (Array.isArray(value))
            throw new InputError('outputs', `must map '${name}' to one JSONPath, not a list`);
        try {
            return { name, path: compileJsonPath(value) };
        }
        catch (error) {
            throw new InputError('outputs', `must map '${name}' to a JSONPath such as $.id: ${error.message}`);
        }
    });
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
// The step outputs, as values: computed from the stage's result, redacted, and left empty when
// too large to hand on (with a warning that points to the files that hold them whole).


/**
 * A larger output breaks any later step that receives it: Linux refuses an environment string
 * over 128 KiB, and job outputs are capped at 1 MB.
 */
const MAX_OUTPUT_BYTES = 65_536;
function collectOutputs(result, config, secrets, files) {
    const warnings = [];
    const values = [];
    const set = (name, value, file) => {
        const bytes = Buffer.byteLength(value);
        if (bytes > MAX_OUTPUT_BYTES) {
            warnings.push(`Output '${name}' is ${bytes} bytes, more than ${MAX_OUTPUT_BYTES}, and was left empty: a later step could not receive it. ` +
                `Read ${file ?? files.buildInfo} instead.`);
            value = '';
        }
        values.push([name, value]);
    };
    const { webhook, buildInfo } = result;
    set('status', result.status);
    set('status-code', webhook ? String(webhook.code) : '');
    set('response', secrets.redact(webhook?.payload.text ?? ''), files.response);
    set('response-headers', webhook ? secrets.redact(JSON.stringify(webhook.headers)) : '', files.response);
    set('status-url', result.statusUrl ? secrets.showUrl(result.statusUrl) : '');
    set('polls', String(result.polls));
    set('progress', secrets.redact(result.progress ?? ''));
    set('percent-complete', result.percentComplete === undefined ? '' : String(result.percentComplete));
    set('build-info', secrets.redact(buildInfo?.text ?? ''), files.buildInfo);
    set('build-info-file', files.buildInfo);
    set('response-file', files.response);
    set('error', result.status === 'SUCCEEDED' ? '' : secrets.redact(result.reason));
    for (const { name, path } of config.outputs) {
        const found = buildInfo ? findAll(path, documentOf(buildInfo)) : [];
        if (found.length === 0 && buildInfo) {
            warnings.push(`Output '${name}': ${path.source} found nothing in the build info, so it is empty`);
        }
        const value = found.length === 0 ? '' : showValue(found.length === 1 ? found[0] : found);
        set(name, secrets.redact(value));
    }
    return { values, warnings };
}
/** What the build-info and response files hold: the whole text, redacted. */
function fileText(payload, secrets) {
    return secrets.redact(payload?.text ?? '');
}

;// CONCATENATED MODULE: ./src/timeline.ts
// The stage's timeline of changes: the request, retries, the status URL, each new status or
// progress message, poll failures, the outcome. The log, the summary and the outputs are views
// of it. It stays small however long the wait: a repeat of the last event only counts up, and
// past MAX_EVENTS the oldest events after the first few are dropped and counted.
const MAX_EVENTS = 60;
/** Dropped events are taken from after the first few, which tell how the stage began. */
const KEEP_FIRST = 12;
class Timeline {
    clock;
    onNew;
    kept = [];
    /** Events dropped from the middle to keep the timeline short. */
    omitted = 0;
    /** When the log last heard of anything: an event that was not a repeat, or a heartbeat. */
    lastReportedAt = 0;
    constructor(clock, onNew = () => { }) {
        this.clock = clock;
        this.onNew = onNew;
    }
    get events() {
        return this.kept;
    }
    /** Records an event; `onNew` hears of it unless it repeats the last one. */
    record(kind, text, level = 'info') {
        const at = this.clock();
        const last = this.kept.at(-1);
        if (last && last.kind === kind && last.text === text) {
            last.count++;
            last.lastAt = at;
            return;
        }
        const event = { kind, text, level, at, count: 1, lastAt: at };
        this.kept.push(event);
        if (this.kept.length > MAX_EVENTS) {
            this.kept.splice(KEEP_FIRST, 1);
            this.omitted++;
        }
        this.report(event);
    }
    /** A line for the log alone, that nothing changed; it is not kept. */
    heartbeat(text) {
        const at = this.clock();
        this.report({ kind: 'note', text, level: 'info', at, count: 1, lastAt: at });
    }
    report(event) {
        this.lastReportedAt = event.at;
        this.onNew(event);
    }
    /** Milliseconds since the stage started. */
    now() {
        return this.clock();
    }
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// The job summary: a Markdown view of the stage's result and timeline. Text from the network is
// escaped so that it cannot add links, images or markup.


/** The build info shown is cut here, well below the summary's 1 MiB limit. */
const MAX_SUMMARY_BUILD_INFO = 64 * 1024;
const ICONS = { SUCCEEDED: '✅', CANCELED: '⏹️', TERMINAL: '❌' };
/** Table cells are cut here: a server's status or progress could otherwise fill the summary. */
const MAX_CELL = 500;
function renderSummary({ result, request, events, omittedEvents, secrets }) {
    const cut = (text) => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text);
    const show = (text) => escapeMarkdown(cut(secrets.redact(text)));
    const rows = [];
    rows.push(['Result', `**${result.status}**: ${show(result.reason)}`]);
    if (request) {
        const webhook = result.webhook;
        const answer = webhook ? ` → ${webhook.code} ${show(webhook.reason)} in ${formatDuration(webhook.ms)}` : '';
        rows.push(['Request', `${code(request)}${answer}`]);
    }
    if (result.statusUrl)
        rows.push(['Status URL', code(secrets.showUrl(result.statusUrl))]);
    if (result.monitorStartedAt !== undefined) {
        rows.push(['Polls', `${result.polls} in ${formatDuration(result.elapsedMs - result.monitorStartedAt)}`]);
    }
    if (result.lastStatus !== undefined)
        rows.push(['Last status', code(cut(secrets.redact(result.lastStatus)))]);
    if (result.progress !== undefined)
        rows.push(['Progress', show(result.progress)]);
    if (result.pollFailures) {
        const failures = [...result.pollFailures].map(([kind, count]) => `${kind} ×${count}`);
        rows.push(['Poll failures', show(failures.join('; '))]);
    }
    rows.push(['Time', formatDuration(result.elapsedMs)]);
    const lines = [
        `### ${ICONS[result.status]} Webhook ${result.status}`,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([name, value]) => `| ${name} | ${value} |`),
        ''
    ];
    if (events.length > 0) {
        lines.push(`<details><summary>Timeline</summary>`, '', '| time | event |', '|---|---|');
        events.forEach((event, index) => {
            if (index === KEEP_FIRST && omittedEvents > 0)
                lines.push(`| | … ${omittedEvents} more events … |`);
            const repeats = event.count > 1 ? ` (×${event.count}, until ${formatDuration(event.lastAt)})` : '';
            lines.push(`| ${formatDuration(event.at)} | ${show(event.text)}${repeats} |`);
        });
        lines.push('', '</details>', '');
    }
    const buildInfo = result.buildInfo;
    if (buildInfo && buildInfo.bytes > 0) {
        let text = secrets.redact(buildInfo.isJson ? prettyJson(buildInfo.json, buildInfo.text) : buildInfo.text);
        const cut = Buffer.byteLength(text) > MAX_SUMMARY_BUILD_INFO;
        // Cut on a character boundary: a split UTF-8 sequence decodes as U+FFFD, dropped here.
        if (cut)
            text = Buffer.from(text)
                .subarray(0, MAX_SUMMARY_BUILD_INFO)
                .toString('utf8')
                .replace(/\uFFFD$/, '');
        const kind = buildInfo.isJson ? 'JSON' : 'text';
        lines.push(`<details><summary>Build info (${formatBytes(buildInfo.bytes)} ${kind}${cut ? `, first ${formatBytes(MAX_SUMMARY_BUILD_INFO)} shown` : ''})</summary>`, '', fence(text, buildInfo.isJson ? 'json' : 'text'), '', '</details>', '');
    }
    return lines.join('\n');
}
/** Indented JSON; the text as received when it is nested too deeply to stringify. */
function prettyJson(value, text) {
    try {
        return JSON.stringify(value, null, 2);
    }
    catch {
        return text;
    }
}
/** Text in a table cell: every character Markdown or HTML could act on is escaped. */
function escapeMarkdown(text) {
    return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&]/g, '\\$&');
}
/** An inline code span in a table cell, whatever backticks or pipes the text holds. */
function code(text) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length));
    const ticks = '`'.repeat(longest + 1);
    const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
    return `${ticks}${padded.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')}${ticks}`;
}
/** A fenced code block longer than any fence in the text. */
function fence(text, language) {
    const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map(run => run.length));
    const ticks = '`'.repeat(longest + 1);
    return `${ticks}${language}\n${text}\n${ticks}`;
}

;// CONCATENATED MODULE: ./src/report/index.ts
// Hands the result on: the files in RUNNER_TEMP, the step outputs, the job summary and the step's
// result. Nothing here may fail the step on its own.






function report({ config, secrets, timeline, request }, result) {
    // The step's result first: a failure to write what follows must not turn it into a success.
    if (result.status !== 'SUCCEEDED')
        process.exitCode = 1;
    const files = writeFiles(result, secrets);
    const { values, warnings } = collectOutputs(result, config, secrets, files);
    for (const warning of warnings)
        runner_warning(warning);
    attempt('The step outputs', () => setOutputs(values));
    if (config.summary) {
        attempt('The job summary', () => appendSummary(renderSummary({ result, request, events: timeline.events, omittedEvents: timeline.omitted, secrets })));
    }
}
/** A run that stopped before the stage (bad input, or a defect): only status and error are known. */
function reportEarlyFailure(message) {
    setFailed(message);
    attempt('The step outputs', () => setOutputs([
        ['status', 'TERMINAL'],
        ['error', message]
    ]));
}
/** Writing the report never fails the step on its own; what could not be written is a warning. */
function attempt(what, write) {
    try {
        write();
    }
    catch (error) {
        runner_warning(`${what} could not be written: ${error.message}`);
    }
}
function writeFiles(result, secrets) {
    let files = { buildInfo: '', response: '' };
    attempt('The build-info and response files', () => (files = writeFilesIn(process.env.RUNNER_TEMP || (0,external_node_os_namespaceObject.tmpdir)(), result, secrets)));
    return files;
}
function writeFilesIn(temp, result, secrets) {
    const write = (dir, name, payload) => {
        const file = external_node_path_namespaceObject.join(dir, `${name}.${payload?.isJson ? 'json' : 'txt'}`);
        (0,external_node_fs_namespaceObject.writeFileSync)(file, fileText(payload, secrets));
        return file;
    };
    const dir = (0,external_node_fs_namespaceObject.mkdtempSync)(external_node_path_namespaceObject.join(temp, 'webhook-stage-'));
    return {
        buildInfo: write(dir, 'build-info', result.buildInfo),
        response: write(dir, 'response', result.webhook?.payload)
    };
}

;// CONCATENATED MODULE: ./src/report/log.ts
// The log: one line per change in the timeline, redacted and defused.


function logEvent(event, secrets) {
    const line = defuse(secrets.redact(event.text), Infinity);
    if (event.level === 'error')
        error(line);
    else if (event.level === 'warning')
        runner_warning(line);
    else
        info(line);
}

;// CONCATENATED MODULE: ./src/monitor.ts
// Monitoring, as Spinnaker's MonitorWebhookTask: poll the status URL with GET until the status
// maps to SUCCEEDED, CANCELED or TERMINAL, or the timeout passes. The log hears of changes only,
// plus a heartbeat at most once a minute.









const FIRST_MINUTE_MS = 60_000;
const HEARTBEAT_MS = 60_000;
/** An outage this long is worth a line when it ends. */
const LONG_OUTAGE_MS = 60_000;
/** Kinds of poll failure counted apart; more are counted together. */
const MAX_FAILURE_KINDS = 10;
/** The wait between polls: fixed, or Spinnaker's cadence of every second for a minute, then every 15 s. */
function pollInterval(setting, monitoringMs) {
    if (setting !== 'auto')
        return setting;
    return monitoringMs < FIRST_MINUTE_MS ? 1_000 : 15_000;
}
function describeCadence(setting) {
    return setting === 'auto' ? 'every 1s for the first minute, then every 15s' : `every ${formatDuration(setting)}`;
}
/** Polls `state.statusUrl` until the remote job reports a final status. */
async function monitor(ctx, state) {
    const { config, timeline } = ctx;
    const statusUrl = state.statusUrl;
    const withCredentials = config.statusHeaders === 'always' ||
        (config.statusHeaders === 'same-origin' && statusUrl.origin === config.webhook.url.origin);
    const heldBack = !withCredentials && (Object.keys(config.headers).length > 0 || config.webhook.authorization !== undefined);
    if (config.waitBeforeMonitorMs > 0) {
        timeline.record('wait', `waiting ${formatDuration(config.waitBeforeMonitorMs)} before the first poll`);
        await sleep(config.waitBeforeMonitorMs, ctx.cancelled);
    }
    const started = timeline.now();
    state.monitorStartedAt = started;
    const deadline = AbortSignal.timeout(config.timeoutMs);
    const stop = AbortSignal.any([ctx.cancelled, deadline]);
    const request = requestFor(ctx, { method: 'GET', url: statusUrl, authorization: config.webhook.authorization }, {
        withCredentials,
        timeoutMs: config.requestTimeoutMs,
        signal: stop
    });
    timeline.record('note', `polling ${describeCadence(config.pollInterval)}, for at most ${formatDuration(config.timeoutMs)}` +
        (heldBack ? `; headers held back (status-headers: ${config.statusHeaders})` : ''));
    const timedOut = () => new StageFailure(`timed out after ${formatDuration(config.timeoutMs)} of polling (${state.polls} polls; ` +
        `${state.lastStatus === undefined ? 'no status yet' : `last status ${showStatus(ctx, state.lastStatus)}`})`, true);
    const remaining = () => config.timeoutMs - (timeline.now() - started);
    const failures = new PollFailures(ctx, state);
    const codeRules = { failFast: config.failFastStatusCodes, retry: config.retryStatusCodes };
    for (;;) {
        // A poll may not outlast the timeout: then its deadline is the timeout's.
        request.timeoutMs = Math.min(config.requestTimeoutMs, remaining());
        const cutShort = request.timeoutMs < config.requestTimeoutMs;
        state.polls++;
        let answer;
        let failure;
        let retryAfterMs;
        try {
            answer = await send(request);
        }
        catch (error) {
            if (!(error instanceof ExchangeError))
                throw error;
            if (ctx.cancelled.aborted)
                throw error;
            if (deadline.aborted || remaining() <= 0 || (cutShort && error.deadlinePassed))
                throw timedOut();
            if (!isTransientFailure(error.kind, 'GET'))
                throw new StageFailure(`polling the status URL failed: ${error.message}`, true);
            failure = error.message;
        }
        if (answer) {
            const answered = `the status URL answered ${describeCode(answer)}`;
            switch (judgeStatusCode(answer.code, 'poll', codeRules)) {
                case 'transient':
                    failure = answered;
                    retryAfterMs = retryAfterDelay(answer.headers['retry-after'], Date.now());
                    break;
                case 'rejected': {
                    const why = config.statusHeaders === 'never' ? 'status-headers is never' : 'it is on another origin than url';
                    const hint = heldBack && (answer.code === 401 || answer.code === 403)
                        ? `; your headers were not sent to it because ${why} (set status-headers: always to send them)`
                        : '';
                    throw new StageFailure(`${answered}${hint}${bodySnippet(ctx, { payload: readPayload(answer.body) })}`, true);
                }
                default: {
                    failures.answered();
                    const outcome = readAnswer(ctx, state, readPayload(answer.body), answer.code, answered);
                    if (outcome)
                        return outcome;
                }
            }
        }
        let wait = pollInterval(config.pollInterval, timeline.now() - started);
        if (failure !== undefined) {
            failures.failed(failure);
            // Polling keeps its cadence through failures, as in Spinnaker; Retry-After may lengthen a wait.
            if (retryAfterMs !== undefined)
                wait = Math.max(wait, retryAfterWait(retryAfterMs));
        }
        if (timeline.now() - timeline.lastReportedAt >= HEARTBEAT_MS) {
            const status = state.lastStatus === undefined ? 'waiting' : showStatus(ctx, state.lastStatus);
            timeline.heartbeat(`still ${status} after ${formatDuration(timeline.now() - started)} (${state.polls} polls)`);
        }
        // Never wait past the timeout: the last wait is cut short and ends the stage.
        try {
            await sleep(Math.min(wait, remaining()), stop);
        }
        catch (error) {
            if (ctx.cancelled.aborted)
                throw error;
        }
        if (deadline.aborted || remaining() <= 0)
            throw timedOut();
    }
}
/** Reads one poll's answer (2xx or 3xx): build info, status and progress. An outcome ends the wait. */
function readAnswer(ctx, state, payload, code, answered) {
    const { config, timeline, secrets } = ctx;
    state.buildInfo = payload;
    const document = documentOf(payload);
    const path = config.statusJsonPath;
    const reading = path ? readStatus(findAll(path, document), config.statuses) : undefined;
    if (reading?.kind === 'unusable') {
        const what = payload.isJson
            ? ''
            : payload.bytes === 0
                ? ' (the answer is empty)'
                : ` (the answer is not JSON${bodySnippet(ctx, { payload })})`;
        throw new StageFailure(`status-json-path ${path?.source} found ${reading.found} in the status URL's answer${what}`, true);
    }
    if (reading && reading.value !== state.lastStatus) {
        state.lastStatus = reading.value;
        timeline.record('status', `status ${showStatus(ctx, reading.value)}${reading.percent !== undefined ? '%' : ''}`);
    }
    if (reading?.percent !== undefined)
        state.percentComplete = reading.percent;
    // A progress path that finds nothing is no progress, never a failure.
    const progress = config.progressJsonPath ? findAll(config.progressJsonPath, document) : [];
    if (progress.length > 0) {
        const message = showValue(progress.length === 1 ? progress[0] : progress);
        if (message !== state.progress) {
            state.progress = message;
            timeline.record('progress', `progress: ${defuse(secrets.redact(message))}`);
        }
    }
    // Without a status path, the first 2xx answer is the job's success (a 3xx is not yet).
    if (!reading)
        return code < 300 ? { status: 'SUCCEEDED', reason: answered } : undefined;
    if (reading.kind === 'final')
        return { status: reading.status, reason: `the remote job reported ${showStatus(ctx, reading.value)}` };
    return undefined;
}
/** A status value as the log and messages show it: one line, redacted, cut. */
function showStatus(ctx, value) {
    return defuse(ctx.secrets.redact(value), 100);
}
/**
 * Transient poll failures: a warning for each new kind, counts for the summary, and a line when
 * an outage of a minute or more ends. A status URL failing every third poll logs one warning,
 * not two lines a failure.
 */
class PollFailures {
    ctx;
    state;
    streak = 0;
    streakStartedAt = 0;
    constructor(ctx, state) {
        this.ctx = ctx;
        this.state = state;
    }
    failed(description) {
        const { timeline } = this.ctx;
        if (this.streak++ === 0)
            this.streakStartedAt = timeline.now();
        const counts = (this.state.pollFailures ??= new Map());
        let kind = description;
        if (!counts.has(kind)) {
            if (counts.size >= MAX_FAILURE_KINDS)
                kind = 'other failures';
            else
                timeline.record('poll-failure', `${description}; polling goes on`, 'warning');
        }
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    answered() {
        const { timeline } = this.ctx;
        const outage = timeline.now() - this.streakStartedAt;
        if (this.streak > 0 && outage >= LONG_OUTAGE_MS) {
            timeline.record('recovered', `the status URL answers again after ${this.streak} failed polls in ${formatDuration(outage)}`);
        }
        this.streak = 0;
    }
}

;// CONCATENATED MODULE: ./src/status-url.ts
// Status URL resolution, as Spinnaker's statusUrlResolution: the webhook URL itself, the answer's
// Location header, or a string in the answer's body.



class StatusUrlError extends Error {
}
/** Where the status URL came from, for the log. */
const RESOLUTION_SOURCE = {
    'get-method': 'the webhook URL',
    'location-header': 'the Location header',
    'webhook-response': "the webhook's answer"
};
/**
 * The URL to poll. A relative one is resolved against the webhook URL. Like Spinnaker, a status
 * URL on the webhook's host with another scheme takes the webhook's scheme (TLS is often
 * terminated in front of the service, which then reports http URLs).
 * User info is left in the URL, for the caller to mask. Throws StatusUrlError saying what is missing.
 */
function resolveStatusUrl(config, webhook) {
    const base = config.webhook.url;
    let text;
    switch (config.statusUrlResolution) {
        case 'get-method':
            return new URL(base);
        case 'location-header': {
            const location = webhook?.headers.location;
            if (!location)
                throw new StatusUrlError("the webhook's answer has no Location header to poll (status-url-resolution: location-header)");
            text = location;
            break;
        }
        case 'webhook-response': {
            const path = config.statusUrlJsonPath;
            const found = path && webhook ? findAll(path, documentOf(webhook.payload)) : [];
            if (found.length !== 1 || typeof found[0] !== 'string' || found[0].trim() === '') {
                throw new StatusUrlError(`status-url-json-path ${path?.source} found ${describeFound(found)} in the webhook's answer, not a URL to poll`);
            }
            text = found[0].trim();
            break;
        }
    }
    let url;
    try {
        url = new URL(text, base);
    }
    catch {
        throw new StatusUrlError(`the status URL from ${RESOLUTION_SOURCE[config.statusUrlResolution]} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new StatusUrlError(`the status URL from ${RESOLUTION_SOURCE[config.statusUrlResolution]} is a ${url.protocol} URL, not http or https`);
    }
    if (url.hostname === base.hostname && url.protocol !== base.protocol)
        url.protocol = base.protocol;
    return url;
}

;// CONCATENATED MODULE: ./src/main.ts
// The stage: a short plan of tasks, as in Spinnaker's Orca: call the webhook, resolve the status
// URL, monitor it, cancel the remote job when waiting stopped without its final status, report.












async function run() {
    const started = performance.now();
    const secrets = new Secrets(value => setSecret(value));
    const timeline = new Timeline(() => performance.now() - started, event => logEvent(event, secrets));
    const signals = watchRunnerSignals();
    // A defect is one line, never a stack trace, even outside this function's promise chain.
    const internalError = (error) => {
        reportEarlyFailure(`internal error: ${defuse(secrets.redact(String(error?.message ?? error)))}`);
    };
    const escaped = (error) => {
        internalError(error);
        process.exit();
    };
    process.on('uncaughtException', escaped);
    process.on('unhandledRejection', escaped);
    try {
        let config;
        try {
            config = readInputs(secrets);
        }
        catch (error) {
            if (!(error instanceof InputError))
                throw error;
            return reportEarlyFailure(error.message);
        }
        const ctx = { config, secrets, timeline, cancelled: signals.cancelled };
        const result = await runStage(ctx, signals.hurry);
        const request = config.monitorOnly ? undefined : describeRequest(ctx, config.webhook);
        report({ config, secrets, timeline, request }, result);
    }
    catch (error) {
        internalError(error);
    }
    finally {
        process.off('uncaughtException', escaped);
        process.off('unhandledRejection', escaped);
        signals.dispose();
        closeConnections();
    }
}
async function runStage(ctx, hurry) {
    const { config, timeline } = ctx;
    const state = { polls: 0 };
    let status;
    let reason;
    let stoppedWaiting = false;
    try {
        ;
        ({ status, reason } = await executeTasks(ctx, state));
    }
    catch (error) {
        if (ctx.cancelled.aborted) {
            ;
            ({ status, reason } = cancelledByRunner(ctx));
            stoppedWaiting = true;
        }
        else if (error instanceof StageFailure) {
            status = 'TERMINAL';
            reason = error.message;
            stoppedWaiting = error.stoppedWaiting;
        }
        else
            throw error;
    }
    if (stoppedWaiting && config.cancel) {
        if (status === 'TERMINAL')
            timeline.record('note', `stopped waiting: ${reason}`);
        await callCancelEndpoint(ctx, hurry);
        // The runner's signal during the cancel call still makes the run CANCELED.
        if (ctx.cancelled.aborted)
            ({ status, reason } = cancelledByRunner(ctx));
    }
    timeline.record('outcome', `${status}: ${reason}`, status === 'SUCCEEDED' ? 'info' : 'error');
    return { ...state, status, reason, elapsedMs: timeline.now() };
}
function cancelledByRunner(ctx) {
    return { status: 'CANCELED', reason: `the run was cancelled (${String(ctx.cancelled.reason)})` };
}
async function executeTasks(ctx, state) {
    const { config, secrets, timeline } = ctx;
    if (!config.monitorOnly) {
        const call = await callWebhook(ctx, state);
        if (!config.waitForCompletion)
            return { status: 'SUCCEEDED', reason: `the webhook answered ${describeCode(call)}` };
    }
    let statusUrl;
    try {
        statusUrl = resolveStatusUrl(config, state.webhook);
    }
    catch (error) {
        if (error instanceof StatusUrlError)
            throw new StageFailure(error.message, true);
        throw error;
    }
    // The server chose this URL: its query values are masked where it is shown (by name), not
    // hunted down in every body, where a job id in `?op_key=` would turn into ***.
    statusUrl.username = '';
    statusUrl.password = '';
    state.statusUrl = statusUrl;
    timeline.record('status-url', `status URL (${RESOLUTION_SOURCE[config.statusUrlResolution]}): ${secrets.showUrl(statusUrl)}`);
    return monitor(ctx, state);
}

;// CONCATENATED MODULE: ./src/index.ts

// Exit as soon as the stage is reported and the log is written out: a kept-alive connection or a
// proxy tunnel must not hold a finished step open.
run()
    .catch(() => (process.exitCode = 1))
    .finally(() => process.stdout.write('', () => process.exit()));

