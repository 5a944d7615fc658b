const $builtin$a = process.getBuiltinModule('node:os');
const $read$9 = name => $builtin$a[name];
const $e13$1 = /*#__PURE__*/ $read$9('tmpdir');
const $e21 = /*#__PURE__*/ $read$9('EOL');

// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}

/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + $e21);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}

const $builtin$9 = process.getBuiltinModule('node:crypto');
const $read$8 = name => $builtin$9[name];
const $e8$3 = /*#__PURE__*/ $read$8('createHmac');
const $e9$1 = /*#__PURE__*/ $read$8('createPrivateKey');
const $e38 = /*#__PURE__*/ $read$8('randomUUID');
const $e61 = /*#__PURE__*/ $read$8('X509Certificate');

const $builtin$8 = process.getBuiltinModule('node:fs');
const $read$7 = name => $builtin$8[name];
const $e1$1 = /*#__PURE__*/ $read$7('appendFileSync');
const $e17 = /*#__PURE__*/ $read$7('existsSync');
const $e45 = /*#__PURE__*/ $read$7('mkdtempSync');
const $e56 = /*#__PURE__*/ $read$7('readFileSync');
const $e83 = /*#__PURE__*/ $read$7('writeFileSync');
const $e102 = /*#__PURE__*/ $read$7('constants');
const $e103 = /*#__PURE__*/ $read$7('promises');

// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!$e17(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    $e1$1(filePath, `${toCommandValue(message)}${$e21}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${$e38()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${$e21}${convertedValue}${$e21}${delimiter}`;
}

const $builtin$7 = process.getBuiltinModule('node:path');
const $read$6 = name => $builtin$7[name];
const $e0$3 = /*#__PURE__*/ $read$6('resolve');
const $e3$3 = /*#__PURE__*/ $read$6('join');

const $builtin$6 = process.getBuiltinModule('node:http');
const $read$5 = name => $builtin$6[name];
const $e0$2 = /*#__PURE__*/ $read$5('_connectionListener');
const $e1 = /*#__PURE__*/ $read$5('METHODS');
const $e2 = /*#__PURE__*/ $read$5('STATUS_CODES');
const $e3$2 = /*#__PURE__*/ $read$5('Agent');
const $e4 = /*#__PURE__*/ $read$5('ClientRequest');
const $e5 = /*#__PURE__*/ $read$5('IncomingMessage');
const $e6 = /*#__PURE__*/ $read$5('OutgoingMessage');
const $e7 = /*#__PURE__*/ $read$5('Server');
const $e8$2 = /*#__PURE__*/ $read$5('ServerResponse');
const $e9 = /*#__PURE__*/ $read$5('createServer');
const $e10$1 = /*#__PURE__*/ $read$5('validateHeaderName');
const $e11 = /*#__PURE__*/ $read$5('validateHeaderValue');
const $e12 = /*#__PURE__*/ $read$5('get');
const $e13 = /*#__PURE__*/ $read$5('request');
const $e14 = /*#__PURE__*/ $read$5('setMaxIdleHTTPParsers');
const $e15 = /*#__PURE__*/ $read$5('maxHeaderSize');
const $e16 = /*#__PURE__*/ $read$5('globalAgent');

const http = /*#__PURE__*/Object.freeze(/*#__PURE__*/Object.defineProperty({
    __proto__: null,
    Agent: $e3$2,
    ClientRequest: $e4,
    IncomingMessage: $e5,
    METHODS: $e1,
    OutgoingMessage: $e6,
    STATUS_CODES: $e2,
    Server: $e7,
    ServerResponse: $e8$2,
    _connectionListener: $e0$2,
    createServer: $e9,
    default: $builtin$6,
    get: $e12,
    globalAgent: $e16,
    maxHeaderSize: $e15,
    request: $e13,
    setMaxIdleHTTPParsers: $e14,
    validateHeaderName: $e10$1,
    validateHeaderValue: $e11
}, Symbol.toStringTag, { value: 'Module' }));

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

const $builtin$5 = process.getBuiltinModule('node:net');
const $read$4 = name => $builtin$5[name];
const $e3$1 = /*#__PURE__*/ $read$4('BlockList');
const $e8$1 = /*#__PURE__*/ $read$4('isIP');
const $e10 = /*#__PURE__*/ $read$4('isIPv6');

const $builtin$4 = process.getBuiltinModule('node:stream');
const $read$3 = name => $builtin$4[name];
const $e8 = /*#__PURE__*/ $read$3('Transform');

const $builtin$3 = process.getBuiltinModule('node:buffer');
const $read$2 = name => $builtin$3[name];
const $e3 = /*#__PURE__*/ $read$2('isUtf8');

const $builtin$2 = process.getBuiltinModule('node:dns');
const $read$1 = name => $builtin$2[name];
const $e0$1 = /*#__PURE__*/ $read$1('lookup');

var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
const { access, appendFile, writeFile } = $e103;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, $e102.R_OK | $e102.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw($e21);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
const summary = _summary;

(undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    return val.trim();
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    }
    process.stdout.write($e21);
    issueCommand('set-output', { name }, toCommandValue(value));
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function debug(message) {
    issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + $e21);
}

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

// An answer's body, decoded as its Content-Encoding says, with max-response-size counted on the
// decoded bytes: a small gzip body can inflate to gigabytes, so decoding stops as soon as the cap
// passes instead of after the whole body is in memory.
/** Asked for when the user's headers set no Accept-Encoding: the codings readDecodedBody decodes. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
/**
 * Reads source to its end and calls done once with the decoded body or a failure. done is called
 * synchronously when the failure shows, before the streams are torn down, so the caller's own
 * 'close' handlers (which see the teardown) find the exchange already settled. On a failure the
 * source is destroyed too. Destroying the source from outside (a deadline, an abort) ends it
 * as broke-off and stops the decoders.
 */
function readDecodedBody(source, contentEncoding, maxBytes, done) {
    const codings = parseCodings(contentEncoding);
    const chunks = [];
    let size = 0;
    let finished = false;
    let sourceEnded = false;
    // Built on the first byte: a HEAD, 204 or 304 answer names a coding for a body it does not
    // send, and an empty input is not a valid gzip or deflate stream.
    let stages;
    const finish = (outcome) => {
        if (finished)
            return;
        finished = true;
        done(outcome);
        if ('failure' in outcome) {
            for (const stage of stages ?? [])
                stage.destroy();
            source.destroy();
        }
    };
    const collect = (chunk) => {
        if (finished)
            return;
        size += chunk.length;
        if (size <= maxBytes)
            chunks.push(chunk);
        else {
            const limit = formatBytes(maxBytes);
            const message = codings.length
                ? `the answer decodes to more than max-response-size (${limit})`
                : `the answer is larger than max-response-size (${limit})`;
            finish({ failure: 'too-large', message });
        }
    };
    const complete = () => finish({ body: Buffer.concat(chunks, size) });
    source.on('error', error => finish({ failure: 'broke-off', message: `the answer broke off (${error.message})`, cause: error }));
    source.on('close', () => {
        if (!sourceEnded)
            finish({ failure: 'broke-off', message: 'the answer broke off before its end' });
    });
    source.on('end', () => {
        sourceEnded = true;
        if (finished)
            return;
        if (stages)
            stages[0].end();
        else
            complete();
    });
    source.on('data', (chunk) => {
        if (finished)
            return;
        if (!codings.length)
            return collect(chunk);
        if (!stages) {
            if (!chunk.length)
                return;
            const unknown = codings.find(coding => !isKnown(coding));
            if (unknown) {
                const message = `the answer uses content coding '${unknown}', which the action cannot decode`;
                return finish({ failure: 'undecodable', message });
            }
            stages = chain(codings, collect, complete, (coding, error) => finish({ failure: 'undecodable', message: `the answer's ${coding} body does not decode (${reason(error)})` }));
        }
        // Backpressure: a decoder whose output waits to be read takes no more input.
        if (!stages[0].write(chunk)) {
            source.pause();
            stages[0].once('drain', () => source.resume());
        }
    });
}
/** The codings of a Content-Encoding in the order they were applied, without identity. */
function parseCodings(contentEncoding) {
    const list = Array.isArray(contentEncoding) ? contentEncoding.join(',') : (contentEncoding ?? '');
    return list
        .split(',')
        .map(coding => coding.trim().toLowerCase())
        .filter(coding => coding !== '' && coding !== 'identity')
        .map(coding => (coding === 'x-gzip' ? 'gzip' : coding));
}
// Only these on every Node version: Node 24's zlib also has zstd, Node 20's does not, and the
// action behaves the same on both.
function isKnown(coding) {
    return coding === 'gzip' || coding === 'deflate' || coding === 'br';
}
/** Decoders for codings applied in that order, so the last one applied is undone first. */
function chain(codings, onData, onEnd, onError) {
    const stages = [];
    for (const coding of [...codings].reverse()) {
        const decoders = decodersFor(coding);
        for (const decoder of decoders)
            decoder.on('error', error => onError(coding, error));
        stages.push(...decoders);
    }
    for (let i = 0; i + 1 < stages.length; i++)
        stages[i].pipe(stages[i + 1]);
    const last = stages[stages.length - 1];
    last.on('data', onData);
    last.on('end', onEnd);
    return stages;
}
/**
 * node:zlib, loaded by the first coded answer: most runs get none, and loading zlib at start
 * costs every run. Synchronous, because the decoders are built inside a 'data' handler; not through
 * node:module, whose ES module namespace loads zlib, tls and worker_threads on Node 24.
 */
let zlib;
function decodersFor(coding) {
    zlib ??= process.getBuiltinModule('node:zlib');
    switch (coding) {
        case 'gzip':
            return [zlib.createGunzip()];
        case 'br':
            return [zlib.createBrotliDecompress()];
        case 'deflate':
            return [new ZlibWrapper(), zlib.createInflateRaw()];
    }
}
/**
 * `deflate` is the zlib format (RFC 1950) but some servers send raw deflate (RFC 1951): this takes
 * the 2-byte zlib header off when there is one, so both decode with inflateRaw. inflateRaw stops
 * at the end of the deflate data, so the zlib trailer (an Adler-32 checksum) goes unchecked.
 */
class ZlibWrapper extends $e8 {
    head = Buffer.alloc(0);
    _transform(chunk, _encoding, callback) {
        if (!this.head)
            return callback(null, chunk);
        const head = Buffer.concat([this.head, chunk]);
        if (head.length < 2) {
            this.head = head;
            return callback();
        }
        this.head = undefined;
        callback(null, isZlibHeader(head) ? head.subarray(2) : head);
    }
    // A lone first byte goes on for inflateRaw to reject.
    _flush(callback) {
        callback(null, this.head?.length ? this.head : undefined);
    }
}
// Compression method 8 (deflate), a window of at most 32 KB, the check bits right and no preset
// dictionary (the answer could not name one). Raw deflate never starts like this in practice: it
// would be a stored block with non-zero padding bits.
function isZlibHeader(head) {
    const [cmf, flg] = head;
    return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}
// zlib's messages are short: 'incorrect header check', 'unexpected end of file', brotli's
// 'Decompression failed'.
function reason(error) {
    return error.message || (error.code ?? 'unknown error');
}

// allowed-hosts: the hosts an operator lets requests go to. Pure: entries are read once, and
// each URL is judged as written, never by resolving its name (a name and the address it resolves
// to are different entries, as `localhost` and `127.0.0.1` are).
class AllowedHostsSyntaxError extends Error {
}
const DEFAULT_PORTS = { 'http:': 80, 'https:': 443 };
/** A host (bracketed IPv6, or anything without a colon) and an optional port. */
const ENTRY = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/;
/** Reads one entry; throws AllowedHostsSyntaxError saying what is wrong with it. */
function parseAllowedHost(written) {
    const entry = written.trim();
    if (entry === '*')
        throw new AllowedHostsSyntaxError('a bare * would allow every host; leave the input empty for that');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
        throw new AllowedHostsSyntaxError('has a scheme; give the host alone, such as api.github.com');
    }
    if (/[/?#]/.test(entry))
        throw new AllowedHostsSyntaxError('has a path; give the host alone, such as api.github.com');
    const subdomains = entry.startsWith('*.');
    const rest = subdomains ? entry.slice(2) : entry;
    const parts = ENTRY.exec(rest);
    if (!parts || parts[1] === '' || /[\s@\\*%]/.test(parts[1])) {
        const hint = $e8$1(rest) === 6 ? '; write an IPv6 address in brackets, such as [::1]' : '';
        throw new AllowedHostsSyntaxError(`is not a host name, IP address or *.domain with an optional :port${hint}`);
    }
    const port = parts[2] === undefined ? undefined : Number(parts[2]);
    if (port !== undefined && (port < 1 || port > 65535))
        throw new AllowedHostsSyntaxError('has a port out of range');
    let host;
    try {
        host = withoutTrailingDot(new URL(`http://${parts[1]}/`).hostname);
    }
    catch {
        throw new AllowedHostsSyntaxError('is not a host name or IP address');
    }
    if (subdomains && isAddress(host))
        throw new AllowedHostsSyntaxError('puts *. before an IP address, which has no subdomains');
    return { host, subdomains, port };
}
/** Whether a request to `url` may be sent. */
function isAllowedHost(url, allowed) {
    const host = withoutTrailingDot(url.hostname);
    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
    return allowed.some(entry => (entry.port === undefined || entry.port === port) &&
        (entry.subdomains ? host.endsWith(`.${entry.host}`) : host === entry.host));
}
/** Why a request was not sent; every refusal says "not in allowed-hosts". */
function notAllowedMessage(url) {
    return `refused to send a request to ${url.host}: not in allowed-hosts`;
}
function withoutTrailingDot(hostname) {
    return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}
function isAddress(host) {
    return host.startsWith('[') || $e8$1(host) !== 0;
}

// Link-local addresses (169.254.0.0/16, fe80::/10) are where cloud metadata services answer on
// self-hosted runners; a server may not steer a poll or a redirect there.
const LINK_LOCAL = new $e3$1();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');
/**
 * Whether an IP address (without brackets) is link-local: 169.254.0.0/16 or fe80::/10, IPv4-mapped
 * IPv6 (`::ffff:169.254.169.254`) included. A host name is not an address: false. Other spellings
 * of IPv4 (`2852039166`, `0xa9.0xfe.0xa9.0xfe`, octal) are normalized by `URL` to dotted decimal.
 */
function isLinkLocal(address) {
    const family = $e8$1(address);
    if (family === 0)
        return false;
    // A zone (`fe80::1%eth0`, from a resolver) is not part of the address.
    const zone = address.indexOf('%');
    return LINK_LOCAL.check(zone < 0 ? address : address.slice(0, zone), family === 6 ? 'ipv6' : 'ipv4');
}
/** An IPv6 hostname without its brackets. */
function bare(hostname) {
    return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}
/**
 * The link-local address a URL's host is, unless it is `trustedHost` (compared as `URL`
 * normalizes both). A name is checked later, as it resolves (lookupRefusingLinkLocal).
 */
function linkLocalTarget(url, trustedHost) {
    if (url.hostname === trustedHost)
        return undefined;
    const hostname = bare(url.hostname);
    return isLinkLocal(hostname) ? hostname : undefined;
}
/** A name resolved to a link-local address: the connection is never made. */
class LinkLocalRefusal extends Error {
    hostname;
    address;
    code = 'ELINKLOCAL';
    constructor(hostname, address) {
        super(`${hostname} resolves to ${address}, a link-local address`);
        this.hostname = hostname;
        this.address = address;
    }
}
/**
 * `dns.lookup`, failing when any address the name resolves to is link-local. Node calls it as
 * it connects; since Node 20 (autoSelectFamily, happy eyeballs) with `{ all: true }`, which
 * answers a list of addresses, else one address and its family.
 */
const lookupRefusingLinkLocal = (hostname, options, callback) => {
    $e0$1(hostname, options, (error, address, family) => {
        if (error)
            return callback(error, '', 0);
        const addresses = Array.isArray(address) ? address : [{ address: address }];
        const linkLocal = addresses.find(entry => isLinkLocal(entry.address));
        if (linkLocal)
            return callback(new LinkLocalRefusal(hostname, linkLocal.address), '', 0);
        callback(null, address, family);
    });
};

// One clear line for a TLS handshake that failed: whose certificate was refused, and which input
// would fix it. Node's own messages are OpenSSL's (`error:0A000410:SSL routines:...:../deps/
// openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40`) or bare codes.
/** Why the server's certificate is not trusted, by Node's verification code. */
const UNTRUSTED = {
    DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
    SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed CA that is not trusted',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it is signed by an unknown issuer',
    UNABLE_TO_GET_ISSUER_CERT: 'it is signed by an unknown issuer',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it is signed by an unknown issuer (or the server does not send its intermediates)'
};
/** A certificate that no added CA would make acceptable. */
const INVALID = {
    CERT_HAS_EXPIRED: 'has expired',
    CERT_NOT_YET_VALID: 'is not valid yet',
    CERT_REVOKED: 'has been revoked',
    INVALID_PURPOSE: 'is not meant for a TLS server',
    CERT_SIGNATURE_FAILURE: 'has a signature that does not verify'
};
/** TLS alerts a server sends about the client's certificate (RFC 8446 section 6.2). */
const CLIENT_CERTIFICATE_ALERTS = {
    42: 'bad certificate',
    43: 'unsupported certificate',
    44: 'certificate revoked',
    45: 'certificate expired',
    46: 'certificate unknown',
    48: 'unknown CA',
    49: 'access denied',
    116: 'certificate required'
};
const ALERT_CODES = {
    ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 40,
    ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 42,
    ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 43,
    ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 44,
    ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 45,
    ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 46,
    ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 48,
    ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 49,
    ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 116
};
/** The handshake broke off before it completed (Node's wording, 20 and 24). */
const HANDSHAKE_CLOSED = /before secure TLS connection was established/;
/** Whether an exchange's error is a TLS failure that describeTlsFailure can explain. */
function isTlsFailure(error) {
    const code = error.code ?? '';
    return (code in UNTRUSTED ||
        code in INVALID ||
        /^ERR_(SSL|TLS)_|CERT/.test(code) ||
        (code === 'EPROTO' && /SSL|TLS|alert/i.test(error.message)) ||
        (code === 'ECONNRESET' && HANDSHAKE_CLOSED.test(error.message)));
}
function describeTlsFailure(error, host, context = {}) {
    const code = error.code ?? '';
    const theirs = `the server's certificate for ${host}`;
    if (code in UNTRUSTED) {
        const issuer = error.cert?.issuer ? `, issued by ${distinguishedName(error.cert.issuer)}` : '';
        return `${theirs} is not trusted: ${UNTRUSTED[code]}${issuer}; add the CA that signs it to ca-certificates (${code})`;
    }
    if (code in INVALID) {
        const until = code === 'CERT_HAS_EXPIRED' && error.cert?.valid_to ? ` (on ${error.cert.valid_to})` : '';
        return `${theirs} ${INVALID[code]}${until}; the server must present a valid one (${code})`;
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        const names = error.cert?.subjectaltname ? ` (it is for ${error.cert.subjectaltname})` : '';
        return `the server's certificate is not for ${host}${names}; call a host name it names (${code})`;
    }
    const alert = ALERT_CODES[code] ?? alertNumber(error.message);
    if (alert === 116 && !context.clientCertificate) {
        return `${host} asked for a client certificate and none was given; set client-certificate and client-key (${code || `alert ${alert}`})`;
    }
    if (alert !== undefined && alert in CLIENT_CERTIFICATE_ALERTS) {
        const reason = `TLS alert ${alert}, ${CLIENT_CERTIFICATE_ALERTS[alert]}`;
        return context.clientCertificate
            ? `${host} refused the client certificate (${reason}); check client-certificate against the CAs the server trusts`
            : `${host} requires a client certificate (${reason}); set client-certificate and client-key`;
    }
    if (alert === 40) {
        const cause = context.clientCertificate
            ? 'it may not accept the client certificate (client-certificate)'
            : 'it may require a client certificate (set client-certificate and client-key)';
        return `the TLS handshake with ${host} failed (TLS alert 40, handshake failure): ${cause}, or it shares no TLS version or cipher with Node`;
    }
    if (code === 'ECONNRESET') {
        const cause = context.clientCertificate ? ': it may not accept the client certificate (client-certificate)' : '';
        return `${host} closed the connection during the TLS handshake${cause}`;
    }
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
        return `${host} did not answer in TLS; is it an http:// URL? (${code})`;
    }
    const detail = cleanOpenSslMessage(error.message);
    return `TLS with ${host} failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`;
}
function alertNumber(message) {
    const match = /alert number (\d+)/i.exec(message);
    return match ? Number(match[1]) : undefined;
}
function distinguishedName(name) {
    const parts = ['CN', 'O', 'OU'].filter(field => name[field]).map(field => `${field}=${name[field]}`);
    return parts.join(', ') || 'an unnamed issuer';
}
/**
 * An OpenSSL message without the parts that mean nothing to a user: the thread id and packed
 * error code (`809C6F9E2C7F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:`)
 * and the source location (`../deps/openssl/openssl/ssl/statem/statem_clnt.c:1889:`).
 */
function cleanOpenSslMessage(message) {
    return message
        .replace(/(?:[0-9A-F]{8,}:)?error:[0-9A-F]{8}:[^:\n]*:[^:\n]*:/g, '')
        .replace(/:?[^\s:]*\.(?:c|cc|cpp|h):\d+:?/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
}

// The connections a run keeps: one agent per kind of connection (scheme, keep-alive, proxy, TLS
// identity), the runner's proxy settings (https_proxy, http_proxy, no_proxy) as
// @actions/http-client reads them, and a proxy tunnel's target written as proxies expect it.
/** node:https (and with it node:tls), loaded by the first https URL: a run on http never needs it. */
function loadHttps() {
    return import('./_builtin_https.js').then(n => n.h);
}
const agents = new Map();
async function agentFor(url, keepAlive, settings) {
    const proxy = getProxyUrl(url);
    // Only https uses the TLS settings; one run has one identity and one trust, so a flag tells agents apart.
    const tls = url.protocol === 'https:' ? settings : undefined;
    const key = `${url.protocol} ${keepAlive} ${proxy?.href ?? ''} ${tls?.cert ? 'identity' : ''} ${tls?.ca ? 'ca' : ''}`;
    let entry = agents.get(key);
    if (!entry) {
        let agent;
        if (proxy) {
            // Loaded only when a proxy applies: @actions/http-client's entry evaluates undici.
            const { HttpClient } = await import('./proxy-agent.js');
            agent = new HttpClient('webhook-stage-action', [], { keepAlive }).getAgent(url.href);
            bracketIpv6Targets(agent);
            // The tunnel opens TLS to the target with the agent's own options.
            if (tls)
                Object.assign(agent.options, tls);
        }
        else {
            agent =
                url.protocol === 'https:' ? new (await loadHttps()).Agent({ keepAlive, ...tls }) : new $e3$2({ keepAlive });
        }
        // Another exchange may have made one while the proxy agent's module loaded.
        entry = agents.get(key) ?? { agent, proxied: proxy !== undefined };
        agents.set(key, entry);
    }
    return entry;
}
/**
 * The tunnel to the proxy writes `CONNECT <host>:<port>` with the host as Node hands it over,
 * bare for an IPv6 literal (`::1:443`), which proxies refuse: the target goes in brackets.
 */
function bracketIpv6Targets(agent) {
    const tunnel = agent;
    const addRequest = tunnel.addRequest.bind(agent);
    tunnel.addRequest = (request, options, ...rest) => {
        const host = options?.host;
        const target = typeof host === 'string' && $e10(host) ? { ...options, host: `[${host}]` } : options;
        addRequest(request, target, ...rest);
    };
}
/** Closes kept-alive connections so that a finished step exits at once. */
function closeConnections() {
    for (const { agent } of agents.values())
        agent.destroy?.();
    agents.clear();
}

// A URL that a server chose (a status URL from a body or a Location header, the status URL a 202
// moves polling to, a redirect's Location, a cancel endpoint filled from an answer) is built here
// and nowhere else, so a new way for a server to name a URL gets the same rules by construction:
// resolved against the URL it came with, http or https only, a host that parses as a host, and
// user info taken into the secrets and blanked (it is never used, and never shown).
/** Why a server's URL cannot be used; the message starts with what the URL was. */
class ServerUrlError extends Error {
}
/**
 * The URL `written` names, resolved against `base`. `what` names it in the error, for example
 * `the status URL from the Location header`. Throws ServerUrlError.
 */
function urlFromServer(written, base, secrets, what) {
    let url;
    try {
        url = new URL(written, base);
    }
    catch {
        // WHATWG URL parsing fails on a bad host (a space, `%`, a forbidden character) among others.
        throw new ServerUrlError(`${what} is not a URL`);
    }
    // Taken before any refusal: a message or output may still show the text it came in.
    secrets.takeUserInfo(url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ServerUrlError(`${what} is a ${url.protocol} URL, not http or https`);
    }
    return url;
}

// One HTTP exchange with a whole-exchange deadline, a size cap enforced while the body streams
// in, and abort; and the redirect rules around it (a redirect's Location is built by
// urlFromServer). Connections and the runner's proxy settings are agents.ts's. A host chosen by a
// server (a status URL, a redirect) may not be, or resolve to, a link-local address; with
// allowed-hosts, no request goes to a host outside the list.
/** Methods that may be sent twice with the same effect as once (RFC 9110, 9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
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
    let seeOther = false;
    for (let redirects = 0;; redirects++) {
        const answer = await exchangeOnce(current);
        const location = answer.headers.location;
        if (!follow || !REDIRECT_CODES.has(answer.code) || !location)
            return seeOther ? { ...answer, seeOther } : answer;
        seeOther ||= answer.code === 303;
        if (redirects === MAX_REDIRECTS) {
            throw new ExchangeError('redirect', `more than ${MAX_REDIRECTS} redirects`);
        }
        let next;
        try {
            next = urlFromServer(location, current.url, current.secrets, 'its Location');
        }
        catch (error) {
            if (error instanceof ServerUrlError)
                throw new ExchangeError('redirect', `refused a redirect: ${error.message}`);
            throw error;
        }
        if (current.url.protocol === 'https:' && next.protocol === 'http:') {
            throw new ExchangeError('redirect', `refused a redirect from https to http (${next.host})`);
        }
        const sameOrigin = next.origin === current.url.origin;
        current = sameOrigin
            ? { ...current, url: next }
            : { ...current, url: next, credentials: {}, tls: current.tls?.ca && { ca: current.tls.ca } };
    }
}
async function exchangeOnce(request) {
    const { url, method, signal, timeoutMs, maxResponseBytes } = request;
    if (request.allowedHosts && !isAllowedHost(url, request.allowedHosts)) {
        throw new ExchangeError('refused', notAllowedMessage(url));
    }
    const linkLocal = linkLocalTarget(url, request.trustedHost);
    if (linkLocal)
        throw refused(url, linkLocal);
    const trusted = url.hostname === request.trustedHost;
    // A broken-off POST must not be sent again, so it gets a fresh connection: a reused one may
    // have been closed by the server a moment before.
    const { agent, proxied } = await agentFor(url, IDEMPOTENT_METHODS.has(method), request.tls);
    const secure = url.protocol === 'https:';
    const transport = secure ? await loadHttps() : http;
    return new Promise((resolve, reject) => {
        const started = performance.now();
        // Whether any byte of the request may have reached the server.
        let sent = false;
        let settled = false;
        const req = transport.request({
            method,
            hostname: bare(url.hostname),
            port: url.port || undefined,
            path: url.pathname + url.search,
            // Content-Length always: Node frames no body for DELETE or OPTIONS without it.
            headers: {
                ...request.headers,
                ...request.credentials,
                ...(request.body && { 'Content-Length': request.body.length })
            },
            agent,
            // The address a name resolves to is checked as the connection is made, with no look-up of
            // its own. Behind a proxy the proxy resolves the name, so only the literal check applies.
            ...(!trusted && !proxied && { lookup: lookupRefusingLinkLocal })
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
        req.on('error', error => settle(describeFailure(error, sent, url, request.tls?.cert !== undefined)));
        req.on('response', res => {
            const tooLarge = (message) => settle(new ExchangeError('too-large', message));
            // A HEAD, 204 or 304 answer declares the length of a body it does not send; a coded body's
            // length says nothing of its decoded size.
            const bodyless = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
            if (!bodyless && !res.headers['content-encoding'] && Number(res.headers['content-length']) > maxResponseBytes) {
                return tooLarge(`the answer is larger than max-response-size (${formatBytes(maxResponseBytes)})`);
            }
            readDecodedBody(res, res.headers['content-encoding'], maxResponseBytes, outcome => {
                if ('body' in outcome) {
                    const answer = { code: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: res.headers, url };
                    return settle(undefined, { ...answer, body: outcome.body, ms: performance.now() - started });
                }
                if (outcome.failure === 'too-large')
                    tooLarge(outcome.message);
                else if (outcome.failure === 'undecodable')
                    settle(new ExchangeError('protocol', outcome.message));
                else
                    settle(new ExchangeError('reset', 'the connection broke off during the answer'));
            });
        });
        req.end(request.body);
    });
}
const TLS_FAILURE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME/;
function describeFailure(error, sent, url, clientCertificate = false) {
    if (error instanceof LinkLocalRefusal)
        return refused(url, error.address);
    if (url.protocol === 'https:' && isTlsFailure(error)) {
        return new ExchangeError('tls', describeTlsFailure(error, url.host, { clientCertificate }));
    }
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
    if (TLS_FAILURE.test(code)) {
        return new ExchangeError('tls', `TLS failed with ${url.host}: ${cleanOpenSslMessage(error.message)}`);
    }
    if (code.startsWith('HPE_'))
        return new ExchangeError('protocol', `${url.host} sent a malformed answer (${code})`);
    if (!sent)
        return new ExchangeError('connect', `could not connect to ${url.host} (${code || error.message})`);
    return new ExchangeError('reset', `the connection broke off (${code || error.message})`);
}
function refused(url, address) {
    const where = bare(url.hostname) === address ? url.host : `${url.host} (${address})`;
    return new ExchangeError('refused', `refused to connect to ${where}: a link-local address, which a server may not choose`);
}

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
// How much text is shown, by where it goes: every cut of text for the log, the summary or an
// error message takes one of these, so the bounds are read in one place.
/** Server-chosen text is cut here in any one log line or summary row. */
const MAX_SHOWN_TEXT = 8 * 1024;
/** A short excerpt inside a message: the start of a body, a value quoted in an input error, an expression. */
const MAX_EXCERPT = 200;
/** A single value inside a message: a status value, a placeholder's value. */
const MAX_VALUE_SHOWN = 100;
function isCredentialHeader(name) {
    return CREDENTIAL_HEADER.test(name);
}
function isSecretQueryName(name) {
    return SECRET_QUERY_NAME.test(name);
}
/**
 * The secret values of one run. Each value is registered with the runner (`::add-mask::`)
 * once, and `redact` replaces it, in every spelling a server may echo it in, by `***`.
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
        }
    }
    /**
     * A credential header's value, and the parts a server may echo on their own: the token after
     * its scheme, Basic credentials decoded, and each `name=value` of a Cookie (only there: a
     * token's `=` padding separates nothing).
     */
    addHeaderValue(name, value) {
        this.add(value);
        const scheme = /^[A-Za-z][\w.+-]*\s+(\S.*)$/.exec(value);
        if (scheme)
            this.add(scheme[1]);
        if (/^basic\s/i.test(value) && scheme) {
            const decoded = Buffer.from(scheme[1], 'base64').toString('utf8');
            if (decoded.includes(':'))
                this.addCredentials(decoded);
        }
        if (name.toLowerCase() === 'cookie') {
            for (const cookie of value.split(';')) {
                this.add(cookie.trim());
                this.add(cookie.slice(cookie.indexOf('=') + 1).trim());
            }
        }
    }
    /** User info (`user:password`) and secret query values of a URL the user gave. */
    addUrl(url) {
        this.addUserInfo(url);
        for (const [name, value] of url.searchParams) {
            if (isSecretQueryName(name))
                this.add(value);
        }
    }
    /** User info of any URL, also one a server chose: it is never used, and never shown. */
    addUserInfo(url) {
        if (url.username || url.password) {
            this.addCredentials(`${safeDecode(url.username)}:${safeDecode(url.password)}`);
        }
    }
    /** The URL with its user info taken into the secrets and blanked: the one way user info leaves a URL. */
    takeUserInfo(url) {
        this.addUserInfo(url);
        url.username = '';
        url.password = '';
        return url;
    }
    /** Whether any secret is known: a body with none to mask is handed on as it came. */
    get empty() {
        return this.known.size === 0;
    }
    redact(text) {
        if (this.known.size === 0 || text === '')
            return text;
        this.pattern ??= new RegExp([...this.known]
            .sort((a, b) => b.length - a.length)
            .map(spelledAnyWay)
            .join('|'), 'g');
        return text.replace(this.pattern, MASK);
    }
    /**
     * A JSON value with every secret masked inside its strings (keys too), so that the masked
     * text stays valid JSON; a number that holds a secret becomes the string `***`.
     */
    redactJson(value) {
        if (this.known.size === 0)
            return value;
        if (typeof value === 'string')
            return this.redact(value);
        if (typeof value === 'number')
            return this.redact(String(value)) === String(value) ? value : MASK;
        if (Array.isArray(value))
            return value.map(item => this.redactJson(item));
        if (value !== null && typeof value === 'object') {
            const masked = Object.create(null);
            for (const [key, item] of Object.entries(value))
                masked[this.redact(key)] = this.redactJson(item);
            return masked;
        }
        return value;
    }
    /** A URL as it may be shown: no user info, secret query values masked, the rest as written. */
    showUrl(url) {
        const shown = this.takeUserInfo(new URL(url));
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
/**
 * The one rule of masking: a secret is found however a server writes it back, that is, when
 * each of its characters is written in any of the spellings of `spellings` (itself,
 * percent-encoded in any case, JSON-escaped, form-encoded), in any mix, and a line break,
 * spelled any of those ways and followed by indentation, may fall between two characters
 * (wrapped text).
 */
function spelledAnyWay(secret) {
    const lineBreak = `(?:(?:${spellings('\r')})?${spellings('\n')}[ \\t]*)?`;
    return [...secret].map(spellings).join(lineBreak);
}
/** Spellings a character has besides itself and its codes: JSON's short escapes, form encoding's `+` for a space. */
const SHORT_SPELLINGS = {
    '"': '\\"',
    '\\': '\\\\',
    '/': '\\/',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    ' ': '+'
};
/** A regular expression for one character in every spelling it may take in echoed text (see SHORT_SPELLINGS). */
function spellings(char) {
    const ways = new Set([escapeRegExp(char)]);
    ways.add([...Buffer.from(char)].map(byte => `%${anyCaseHex(byte, 2)}`).join(''));
    let json = '';
    for (let i = 0; i < char.length; i++)
        json += `\\\\u${anyCaseHex(char.charCodeAt(i), 4)}`;
    ways.add(json);
    const short = SHORT_SPELLINGS[char];
    if (short)
        ways.add(escapeRegExp(short));
    return `(?:${[...ways].join('|')})`;
}
function anyCaseHex(value, digits) {
    return [...value.toString(16).padStart(digits, '0')]
        .map(digit => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
        .join('');
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** Percent-decoded text, or the text as it is when it does not decode. */
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * Text from the network, made fit for one log line or summary row: control characters become
 * spaces, workflow-command markers are broken with a zero-width space, and long text is cut
 * with a marker. Redact before this: a cut secret could no longer be found.
 */
function defuse(text, maxLength = MAX_SHOWN_TEXT) {
    // eslint-disable-next-line no-control-regex -- control characters are what a log line may not hold
    let line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    if (line.length > maxLength)
        line = cut(line, maxLength);
    return line.replace(/:(?=:)/g, ':\u200b').replaceAll('##[', '#\u200b#[');
}
/** Text cut to `maxLength` characters with a marker that says how much was left out. */
function cut(text, maxLength) {
    if (text.length <= maxLength)
        return text;
    return `${text.slice(0, maxLength)}… (${text.length - maxLength} more characters cut)`;
}

// Requests and answers described for the log, the summary and debug lines: names of headers,
// never their values; server text redacted and defused.
/** `GET https://host/path` as the log and summary show it. */
function describeRequest(ctx, spec) {
    return `${spec.method} ${ctx.secrets.showUrl(spec.url)}`;
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
function bodySnippet(secrets, payload) {
    const text = payload.text.trim();
    return text ? `: ${defuse(secrets.redact(text), MAX_EXCERPT)}` : '';
}
/**
 * One `::debug::` line for an exchange, when the runner's debug logging is on (RUNNER_DEBUG=1):
 * method, redacted URL, status code or failure, time taken, and the status value read. Without
 * it nothing is written: the runner keeps every debug line in the job's log.
 */
function debugExchange(ctx, request, startedAt, result, status) {
    if (!ctx.debug)
        return;
    const { secrets } = ctx;
    const answer = result;
    const outcome = result instanceof ExchangeError
        ? `failed: ${result.message}`
        : `${answer.code}${answer.url.href === request.url.href ? '' : ` from ${secrets.showUrl(answer.url)}`}`;
    const read = status === undefined ? '' : `, status ${status}`;
    const ms = Math.round(performance.now() - startedAt);
    debug(defuse(secrets.redact(`${request.method} ${secrets.showUrl(request.url)} → ${outcome} in ${ms}ms${read}`)));
}

// Reads the flat mappings that inputs are written in (`headers`, `outputs`, `poll-retry-limits`,
// a form payload): any YAML mapping (JSON is YAML) whose values are scalars or lists of scalars.
// The failsafe schema keeps every scalar as written: `2.0`, `0123`, `true`, `~` and `null` stay
// text, so a header sends exactly what the user wrote.
/** The yaml package, loaded only when an input holds a mapping: it is a fifth of the bundle's start-up. */
let yaml;
/** Loads the YAML reader; parseMapping needs it for any text that is not empty. */
async function loadMappingReader() {
    yaml ??= await import('./yaml.js').then(n => n.i);
}
class MappingError extends Error {
}
/** YAML's own rules that surprise people most, with what to do about them. */
const HINTS = {
    BLOCK_AS_IMPLICIT_KEY: "quote a value that holds ': '",
    BAD_SCALAR_START: 'quote a value that starts with @ or `',
    DUPLICATE_KEY: 'give a name once'
};
function parseMapping(text) {
    if (text.trim() === '')
        return [];
    if (!yaml)
        throw new Error('the YAML reader is not loaded (loadMappingReader)');
    const { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml;
    const lines = new LineCounter();
    const document = parseDocument(text, {
        schema: 'failsafe',
        prettyErrors: false,
        uniqueKeys: true,
        lineCounter: lines
    });
    const [error] = document.errors;
    if (error) {
        // The message never quotes the text: a header's value may be a secret.
        const { line, col } = lines.linePos(error.pos[0]);
        const hint = HINTS[error.code] ? ` (${HINTS[error.code]})` : '';
        throw new MappingError(`${error.message.replace(/\.$/, '')} at line ${line}, column ${col}${hint}`);
    }
    const root = document.contents;
    if (root === null || (isScalar(root) && root.value === ''))
        return [];
    if (!isMap(root))
        throw new MappingError('expected a mapping of `name: value`, one per line');
    return root.items.map(({ key, value }) => {
        const name = scalarText(key, 'a name');
        const node = resolved(value);
        if (isSeq(node))
            return [name, node.items.map(item => scalarText(item, `an item of ${name}`))];
        return [name, scalarText(node, `the value of ${name}`)];
    });
    /** An alias (`*shared`) stands for the node its anchor (`&shared`) marks; the document's parser resolved it. */
    function resolved(node) {
        if (!isAlias(node))
            return node;
        const target = node.resolve(document);
        if (!target)
            throw new MappingError(`the alias *${node.source} names no anchor before it`);
        return target;
    }
    function scalarText(written, what) {
        const node = resolved(written);
        if (node === null)
            return '';
        if (isScalar(node))
            return String(node.value);
        throw new MappingError(`${what} is a ${isMap(node) ? 'nested mapping' : 'list'}, where text was expected`);
    }
}

// Bodies: what a request sends (content type rules, form encoding) and what an answer holds.
const FORM$1 = 'application/x-www-form-urlencoded';
/**
 * A payload as it goes on the wire. JSON text is sent as `application/json`, other text as
 * `text/plain`; with a form Content-Type, a JSON object is sent form-encoded.
 * Throws MappingError when a form payload holds nested values.
 */
function encodeBody(payload, contentTypeHeader) {
    // A byte-order mark is not sent: JSON must not start with one (RFC 8259), and text needs none.
    if (payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf)
        payload = payload.subarray(3);
    const text = $e3(payload) ? payload.toString('utf8') : undefined;
    const json = text !== undefined && isJsonText(text);
    if (contentTypeHeader !== undefined) {
        const mediaType = contentTypeHeader.split(';')[0].trim().toLowerCase();
        if (mediaType === FORM$1 && json && text.trim().startsWith('{')) {
            const form = new URLSearchParams();
            for (const [key, value] of parseMapping(text)) {
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

const $builtin$1 = process.getBuiltinModule('node:vm');

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

const plugin = {
  name: 'assignment',
  assignmentOperators: new Set(['=', '*=', '**=', '/=', '%=', '+=', '-=', '<<=', '>>=', '>>>=', '&=', '^=', '|=', '||=', '&&=', '??=']),
  updateOperators: [PLUS_CODE, MINUS_CODE],
  assignmentPrecedence: 0.9,
  init(jsep) {
    const updateNodeTypes = [jsep.IDENTIFIER, jsep.MEMBER_EXP];
    plugin.assignmentOperators.forEach(op => jsep.addBinaryOp(op, plugin.assignmentPrecedence, true));
    jsep.hooks.add('gobble-token', function gobbleUpdatePrefix(env) {
      const code = this.code;
      if (plugin.updateOperators.some(c => c === code && c === this.expr.charCodeAt(this.index + 1))) {
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
        if (plugin.updateOperators.some(c => c === code && c === this.expr.charCodeAt(this.index + 1))) {
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
      if (plugin.assignmentOperators.has(node.operator)) {
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
jsep.plugins.register(index, plugin);
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
        return SafeEval.evalLiteral(ast);
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
let SafeScript$1 = class SafeScript {
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
};

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
  Script: SafeScript$1
};

JSONPath.prototype.vm = $builtin$1;

// Jayway's functions applied to what a path found, giving the values Jayway gives (the call was
// split off the path by jayway.ts). Where Jayway throws while evaluating, the stage has found
// nothing.
/** Jayway failed: the stage treats it as found nothing. */
class NothingFound extends Error {
}
/**
 * Applies a call to what its base path found. `evaluate` finds a path's values from the root
 * document (`$` gives the document itself). Never changes the values found.
 */
function applyFunction(call, found, evaluate) {
    try {
        const args = call.args.map(arg => argumentValue(arg, evaluate));
        if (call.scan) {
            const root = evaluate('$');
            return root.length === 0 ? [] : [invoke(call.name, root[0], [found, ...args], true)];
        }
        return found.map(value => invoke(call.name, value, args, false));
    }
    catch (error) {
        if (error instanceof NothingFound)
            return [];
        throw error;
    }
}
// As Jayway hands an argument to a function: a definite path's one value (an error when it finds
// nothing), an indefinite path's list of values.
function argumentValue(arg, evaluate) {
    if (arg.kind !== 'path')
        return arg.value;
    const values = evaluate(arg.path);
    if (!arg.definite)
        return values;
    if (values.length === 0)
        throw new NothingFound();
    return values[0];
}
/**
 * One function on one value, with its arguments' values. `scan`: the value is the root and the
 * first argument everything `$..…` found.
 */
function invoke(name, value, args, scan) {
    switch (name) {
        case 'length':
        case 'size':
            // Jayway counts the children of what `$..…` found (`$..…*`); otherwise a list's items or an
            // object's keys, and null for anything else (a string has no length).
            if (scan)
                return spread(args[0]).reduce((count, part) => count + (childCount(part) ?? 0), 0);
            return childCount(value) ?? null;
        case 'min':
        case 'max':
        case 'avg':
        case 'sum':
        case 'stddev':
            return aggregate(name, [...(Array.isArray(value) ? value : []), ...args.flatMap(spread)]);
        case 'keys':
            return isObject(value) ? Object.keys(value) : null;
        case 'first':
            return item(value, 0);
        case 'last':
            return item(value, -1);
        case 'index':
            // Jayway takes the first number among the arguments (after `$..`, that may be one found).
            return item(value, Math.trunc(args.flatMap(spread).find(isNumber) ?? NaN));
        case 'concat': {
            // The value's own strings only (a list's; a single string is not used), then every argument
            // written as text.
            const own = Array.isArray(value) ? value.filter(part => typeof part === 'string') : [];
            return [...own, ...args.flatMap(spread).map(asText)].join('');
        }
        case 'append':
            // Each argument is one more item, a list included; a value that is not a list is unchanged.
            return Array.isArray(value) ? [...value, ...args] : value;
    }
}
function aggregate(name, values) {
    // Jayway skips what is not a number, and fails when nothing is left.
    const numbers = values.filter(isNumber);
    const count = numbers.length;
    if (count === 0)
        throw new NothingFound();
    const sum = numbers.reduce((total, number) => total + number, 0);
    switch (name) {
        case 'min':
            return numbers.reduce((least, number) => Math.min(least, number));
        case 'max':
            // Jayway starts from Double.MIN_VALUE, the least positive double, so its max of numbers
            // none of which is positive is 4.9E-324; the true max here.
            return numbers.reduce((most, number) => Math.max(most, number));
        case 'sum':
            return sum;
        case 'avg':
            return sum / count;
        case 'stddev': {
            // Population standard deviation, computed in Jayway's order so the digits are the same;
            // rounding can leave a tiny negative variance, where Jayway gives NaN, which JSON has not.
            const squares = numbers.reduce((total, number) => total + number * number, 0);
            return Math.sqrt(Math.max(squares / count - (sum * sum) / count / count, 0));
        }
    }
}
/**
 * A list's item, negative from the end; fails (as in Jayway) on anything else or out of range.
 * Jayway also fails when a negative index reaches the first item (`last()` of a one-item list):
 * a bug, not matched.
 */
function item(value, index) {
    if (!Array.isArray(value) || !Number.isInteger(index))
        throw new NothingFound();
    const at = index < 0 ? value.length + index : index;
    if (at < 0 || at >= value.length)
        throw new NothingFound();
    return value[at];
}
function childCount(value) {
    if (Array.isArray(value))
        return value.length;
    return isObject(value) ? Object.keys(value).length : undefined;
}
/** Jayway takes a list argument item by item, and skips nulls. */
function spread(value) {
    return (Array.isArray(value) ? value : [value]).filter(part => part !== null && part !== undefined);
}
function isNumber(value) {
    return typeof value === 'number' && Number.isFinite(value);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
// Jayway writes a non-string with Java's toString: `1.0` for a JSON double, a list or an
// object in its own form. JSON here.
function asText(value) {
    if (typeof value === 'string')
        return value;
    try {
        return JSON.stringify(value) ?? String(value);
    }
    catch {
        throw new NothingFound();
    }
}

// Jayway JsonPath's functions (`$.items.length()`, `concat("https://…/", $.id)` …), which
// jsonpath-plus has not. The call is split off the end of the path here, the rest is evaluated as
// a path, and the function is applied to what it found (functions.ts), giving Jayway's values.
//
// Jayway applies a function to each value its path reaches (`$.items[*].tags.length()` gives one
// length per item; `$.items[*].price.sum()` is an error, as every price is a number, not a list),
// except that a path starting with `$..` is turned around: `$..price.sum()` is
// `$.sum($..price)`, the function applied once to the root document with everything found as an
// argument. Where Jayway throws while evaluating, the stage has found nothing.
const JAYWAY_FUNCTIONS = [
    'length',
    'size',
    'min',
    'max',
    'avg',
    'sum',
    'stddev',
    'keys',
    'first',
    'last',
    'index',
    'concat',
    'append'
];
/** Phrased to follow "must be a JSONPath …: ". */
class JaywayFunctionError extends Error {
}
const FUNCTION_LIST = JAYWAY_FUNCTIONS.map(name => (name === 'index' ? 'index(n)' : `${name}()`)).join(', ');
// What Jayway reads as a function's name: anything up to `(` but a dot, a bracket or a space.
const NAME_CHAR = /[^.[\]\s'"()$@]/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
function isJaywayFunction(name) {
    return JAYWAY_FUNCTIONS.includes(name);
}
/**
 * Splits a function call off the end of a path as written (trimmed). A path that is only a call,
 * `concat("https://…/", $.id)`, starts at the root as any path without `$` does: its base is `$`.
 * Brackets are left alone, so a filter may hold calls of its own.
 */
function splitFunction(text) {
    const open = callParen(text);
    if (open < 0)
        return { base: text };
    let start = open;
    while (start > 0 && NAME_CHAR.test(text[start - 1]))
        start--;
    const name = text.slice(start, open);
    if (name === '')
        throw new JaywayFunctionError(`expected a function name before \`(\` at character ${open + 1}`);
    if (!isJaywayFunction(name)) {
        throw new JaywayFunctionError(`\`${name}()\` is not a function; Jayway's functions are ${FUNCTION_LIST}`);
    }
    let base = '$';
    if (start > 0) {
        if (text[start - 1] !== '.' || text[start - 2] === '.') {
            throw new JaywayFunctionError(`expected \`.\` before \`${name}()\` at character ${start + 1}`);
        }
        base = text.slice(0, start - 1);
    }
    const { args, end } = readArguments(text, open + 1, name);
    checkArguments(name, args);
    if (end < text.length - 1) {
        throw new JaywayFunctionError(`\`${name}()\` must come last in the path (found \`${text.slice(end + 1)}\` after it)`);
    }
    return { base, call: { name, args, scan: /^[$@]\.\./.test(base) } };
}
/** Where the first `(` outside brackets is, or -1. */
function callParen(text) {
    let depth = 0;
    let quote;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (quote) {
            if (char === '\\')
                i++;
            else if (char === quote)
                quote = undefined;
        }
        else if (depth > 0 && (char === "'" || char === '"'))
            quote = char;
        else if (char === '[')
            depth++;
        else if (char === ']')
            depth = Math.max(depth - 1, 0);
        else if (char === '(' && depth === 0)
            return i;
    }
    return -1;
}
function readArguments(text, from, name) {
    const args = [];
    const unclosed = () => {
        throw new JaywayFunctionError(`\`${name}(\` is not closed with \`)\``);
    };
    let at = skipSpace(text, from);
    if (text[at] === ')')
        return { args, end: at };
    for (;;) {
        at = skipSpace(text, at);
        const char = text[at];
        if (char === undefined)
            unclosed();
        if (char === '"' || char === "'") {
            const literal = readString(text, at);
            if (!literal)
                return unclosed();
            args.push({ kind: 'text', value: literal.value });
            at = literal.next;
        }
        else if (char === '$' || char === '@') {
            const next = pathEnd(text, at);
            if (next < 0)
                return unclosed();
            // `@` is the root here, as in Jayway (a call inside a filter is left to the filter).
            const path = text
                .slice(at, next)
                .trim()
                .replace(/^@/, () => '$');
            args.push({ kind: 'path', path, definite: isDefinite(path) });
            at = next;
        }
        else {
            const token = /^[^,)]*/.exec(text.slice(at))?.[0].trim() ?? '';
            if (!NUMBER.test(token)) {
                throw new JaywayFunctionError(`argument ${args.length + 1} of \`${name}()\` must be a quoted string, a number or a path starting with \`$\``);
            }
            args.push({ kind: 'number', value: Number(token) });
            at += token.length;
        }
        at = skipSpace(text, at);
        if (text[at] === ')')
            return { args, end: at };
        if (at >= text.length)
            unclosed();
        if (text[at] !== ',') {
            throw new JaywayFunctionError(`expected \`,\` or \`)\` after argument ${args.length} of \`${name}()\``);
        }
        at++;
    }
}
function skipSpace(text, at) {
    while (at < text.length && /\s/.test(text[at]))
        at++;
    return at;
}
// Double-quoted as Jayway reads it (JSON); single quotes too, with the same escapes.
function readString(text, from) {
    const quote = text[from];
    const escapes = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
    let value = '';
    for (let at = from + 1; at < text.length; at++) {
        const char = text[at];
        if (char === quote)
            return { value, next: at + 1 };
        if (char !== '\\') {
            value += char;
        }
        else if (text[at + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
            value += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
            at += 5;
        }
        else {
            at++;
            value += escapes[text[at]] ?? text[at] ?? '';
        }
    }
    return undefined;
}
/** Where a path argument ends: at a `,` or `)` outside its brackets, filters and calls; -1 if never. */
function pathEnd(text, from) {
    let depth = 0;
    let quote;
    for (let i = from; i < text.length; i++) {
        const char = text[i];
        if (quote) {
            if (char === '\\')
                i++;
            else if (char === quote)
                quote = undefined;
        }
        else if (depth > 0 && (char === "'" || char === '"'))
            quote = char;
        else if (char === '[' || char === '(')
            depth++;
        else if ((char === ']' || char === ')') && depth > 0)
            depth--;
        else if (depth === 0 && (char === ',' || char === ')'))
            return i;
    }
    return -1;
}
function checkArguments(name, args) {
    if (name === 'index') {
        const [arg] = args;
        if (args.length !== 1 || arg.kind !== 'number' || !Number.isInteger(arg.value)) {
            throw new JaywayFunctionError('`index(n)` takes one whole number, such as index(0) or index(-1) for the last');
        }
    }
    else if (name !== 'concat' && name !== 'append' && args.length > 0) {
        throw new JaywayFunctionError(`\`${name}()\` takes no arguments`);
    }
}
/**
 * Whether Jayway reads a path as definite (one value, not a list): only names and single
 * indexes, or a function call after a definite path or after `$..` (turned around, see above).
 */
function isDefinite(path) {
    const { base, call } = splitFunction(path);
    if (call)
        return call.scan || isDefinite(base);
    let depth = 0;
    let bracket = '';
    for (let i = 0; i < base.length; i++) {
        const char = base[i];
        if (depth > 0) {
            if (char === '[')
                depth++;
            else if (char === ']' && --depth === 0) {
                if (!/^\s*(?:-?\d+|'[^']*'|"[^"]*")\s*$/.test(bracket))
                    return false;
                bracket = '';
                continue;
            }
            bracket += char;
        }
        else if (char === '[')
            depth = 1;
        else if (char === '*' || base.startsWith('..', i))
            return false;
    }
    return true;
}

// The syntax of JSONPath as Spinnaker users write it (Jayway's). jsonpath-plus accepts almost
// any text (it reads `$.[` as `$..`), so the syntax is checked here, before any evaluation, and
// a path that does not parse is an input error.
class JsonPathSyntaxError extends Error {
}
const SafeScript = JSONPath.prototype.safeVm.Script;
// Not `~` or `^` either: jsonpath-plus reads them as its own operators, which Jayway has not.
const NAME = /[^.[\]\s'"()@$~^]+|\*/y;
const SPACE = /\s*/y;
function compileJsonPath(source) {
    const text = source.trim();
    if (text === '')
        throw new JsonPathSyntaxError('is empty');
    let split;
    try {
        split = splitFunction(text);
    }
    catch (error) {
        if (error instanceof JaywayFunctionError)
            throw new JsonPathSyntaxError(error.message);
        throw error;
    }
    const written = split.base.startsWith('$') ? split.base : `$.${split.base}`;
    const expression = canonicalize(written, written.length - split.base.length);
    if (!split.call)
        return { source: text, expression };
    // Argument paths are compiled now, so that one that does not parse is an input error.
    const args = new Map();
    for (const arg of split.call.args)
        if (arg.kind === 'path')
            args.set(arg.path, compileJsonPath(arg.path));
    return { source: text, expression, call: { fn: split.call, args } };
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
            new SafeScript(script.replace(/@([.\s)[]|$)/g, '_$_v$1').replace(/@(\w+)/g, '_$_$1'));
        }
        catch (error) {
            fail(`expression \`${cut(script, MAX_EXCERPT)}\` does not parse (${error.message.replace(/ at character \d+$/, '')})`);
        }
    }
}

// JSONPath as Spinnaker users write it (Jayway syntax, checked by syntax.ts), evaluated by
// jsonpath-plus in its safe mode, within bounds of time and memory: every search of a server's
// answer goes through searchDocument, so a new JSONPath input gets the bounds by construction.
const evaluator = JSONPath({
    autostart: false,
    path: '$',
    json: null,
    eval: 'safe',
    // A filter that fails on some element (a missing property) just does not select it.
    ignoreEvalErrors: true
});
/** The path would take too long or too much memory over this document: it cannot be used. */
class JsonPathLimitError extends Error {
}
/**
 * Every value the path finds in a document (parsed JSON, or text for a body that is not JSON),
 * or, when the document is too deep or too large for the path, the message that says so (it
 * starts with the path). The one way the stage searches an answer.
 */
function searchDocument(path, document) {
    try {
        return { found: findAll(path, document) };
    }
    catch (error) {
        if (error instanceof JsonPathLimitError)
            return { unsearchable: error.message };
        throw error;
    }
}
/** What was found, as one value: the value itself when there is one, else the list. */
function showFound(found) {
    return found.length === 1 ? found[0] : found;
}
/**
 * How much work a search may take, counted as values visited times the length of the path to
 * each (jsonpath-plus keeps one for every value it visits). A body nested deeper than its size
 * suggests makes recursive descent explode: `$..items..id` over `items` nested 1,000 levels
 * deep in 37 KB would visit half a million values with a 1,000-step path each and run out of
 * memory. This bound keeps one evaluation to well under a second and a few tens of MB.
 */
const MAX_SEARCH_COST = 10_000_000;
/**
 * How much the values a path finds may add up to, at least: overlapping matches (`$..detail` over
 * nested objects) are the same data again and again, and would be copied again and again when
 * shown. Above this, four times the document's size.
 */
const MIN_FOUND_SIZE_BOUND = 16 * 1024 ** 2;
/** As searchDocument, but throws JsonPathLimitError. */
function findAll(path, document) {
    const found = search(path, document);
    const call = path.call;
    if (!call)
        return found;
    return applyFunction(call.fn, found, written => written === '$'
        ? search(path, document, '$')
        : findAll(call.args.get(written) ?? compileJsonPath(written), document));
}
/** What the path (without its function) finds; `expression` replaces the path's own. */
function search(path, document, expression = path.expression) {
    if (document === undefined || document === '')
        return [];
    const descents = expression.split('..').length - 1;
    if (descents > 0 && typeof document === 'object' && document !== null) {
        const { values, depth } = shapeOf(document);
        if (values * depth ** descents > MAX_SEARCH_COST)
            throw tooLarge(path, values, depth);
    }
    // `json` must be truthy for jsonpath-plus; a bare false, 0 or null body is wrapped and unwrapped.
    const wrapped = !document;
    const query = {
        path: wrapped ? `$.v${expression.slice(1)}` : expression,
        json: wrapped ? { v: document } : document,
        wrap: true,
        resultType: 'value'
    };
    let found;
    try {
        const result = evaluator.evaluate(query);
        found = Array.isArray(result) ? result : [];
    }
    catch (error) {
        // Recursion deeper than the stack: the document is too deep to search, which is not "nothing".
        if (error instanceof RangeError) {
            const { values, depth } = typeof document === 'object' ? shapeOf(document) : { values: 1, depth: 1 };
            throw tooLarge(path, values, depth);
        }
        // jsonpath-plus can still stumble on an odd document; for the stage that is "found nothing".
        return [];
    }
    // The document is measured only when the matches are large: a status path finds a string.
    const total = found.reduce((sum, value) => sum + sizeOf(value), 0);
    const bound = total > MIN_FOUND_SIZE_BOUND ? Math.max(4 * sizeOf(document), MIN_FOUND_SIZE_BOUND) : Infinity;
    if (total > bound) {
        throw new JsonPathLimitError(`${path.source} cannot be evaluated: the answer is too large to search with it ` +
            `(what it finds adds up to more than ${Math.round(bound / 1024 ** 2)} MB)`);
    }
    return found;
}
function tooLarge(path, values, depth) {
    return new JsonPathLimitError(`${path.source} cannot be evaluated: the answer is too deep or too large to search ` +
        `(${values} values nested ${depth} levels deep)`);
}
const shapes = new WeakMap();
/** How many values a document holds and how deep they nest, without recursion. */
function shapeOf(document) {
    if (document === null)
        return { values: 1, depth: 1 };
    const known = shapes.get(document);
    if (known)
        return known;
    let values = 0;
    let depth = 0;
    const pending = [[document, 1]];
    while (pending.length > 0) {
        const [value, level] = pending.pop();
        values++;
        if (level > depth)
            depth = level;
        if (value !== null && typeof value === 'object') {
            for (const item of Object.values(value))
                pending.push([item, level + 1]);
        }
    }
    const shape = { values, depth };
    shapes.set(document, shape);
    return shape;
}
const sizes = new WeakMap();
/**
 * About how many characters a value takes as JSON, without writing it. The size of every object
 * on the way is kept, so overlapping matches are measured in one walk, and without recursion.
 */
function sizeOf(value) {
    if (value === null || typeof value !== 'object')
        return scalarSize(value);
    const pending = [{ node: value, entered: false }];
    while (pending.length > 0) {
        const top = pending[pending.length - 1];
        if (sizes.has(top.node)) {
            pending.pop();
        }
        else if (!top.entered) {
            top.entered = true;
            for (const item of Object.values(top.node)) {
                if (item !== null && typeof item === 'object' && !sizes.has(item))
                    pending.push({ node: item, entered: false });
            }
        }
        else {
            pending.pop();
            const keyed = !Array.isArray(top.node);
            let size = 2;
            for (const [key, item] of Object.entries(top.node)) {
                const itemSize = item !== null && typeof item === 'object' ? (sizes.get(item) ?? 0) : scalarSize(item);
                size += (keyed ? key.length + 3 : 0) + itemSize + 1;
            }
            sizes.set(top.node, size);
        }
    }
    return sizes.get(value) ?? 0;
}
function scalarSize(value) {
    return typeof value === 'string' ? value.length + 2 : String(value).length;
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

const $builtin = process.getBuiltinModule('node:timers/promises');
const $read = name => $builtin[name];
const $e0 = /*#__PURE__*/ $read('setTimeout');

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
/** Waits, unless the signal aborts first (then it throws). */
async function sleep(ms, signal) {
    if (ms > 0)
        await $e0(ms, undefined, { signal });
    else
        signal.throwIfAborted();
}

// Requests as the stage's tasks share them, as Orca's WebhookService: building the request for a
// webhook call, a poll or a cancel call, and making the exchange with the job's OIDC token.
//
// Who gets what, in one place:
// - the user's headers and the URL's Basic authentication: the webhook call and the cancel call
//   (URLs the user wrote); polls as status-headers says (same-origin: only the webhook URL's
//   origin); a redirect to another origin never (http/exchange.ts);
// - the client certificate and the OIDC token: only the webhook URL's origin, whatever
//   status-headers says; a fresh token only after a 401 from that origin;
// - a link-local address: only the host the user wrote (the webhook URL's; the cancel URL's
//   when no placeholder fills it); every host a server chose is checked;
// - allowed-hosts, when set: every request and every redirect hop (http/exchange.ts).
const USER_AGENT = 'webhook-stage-action (+https://github.com/features/actions)';
const ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.8';
/** The webhook call's request: the user's credentials go along. */
function webhookRequest(ctx) {
    return requestFor(ctx, ctx.config.webhook, {
        withCredentials: true,
        timeoutMs: ctx.config.requestTimeoutMs,
        signal: ctx.cancelled
    });
}
/**
 * A poll of `url`, a status URL a server chose: the user's credentials go along as status-headers
 * says. `headersHeldBack`: there were some, and they stay behind (for the log, and a 401's hint).
 */
function pollRequest(ctx, url, signal) {
    const { config } = ctx;
    const withCredentials = config.statusHeaders === 'always' ||
        (config.statusHeaders === 'same-origin' && url.origin === config.webhook.url.origin);
    const headersHeldBack = !withCredentials && (Object.keys(config.headers).length > 0 || config.webhook.authorization !== undefined);
    const spec = { method: 'GET', url, authorization: config.webhook.authorization };
    const request = requestFor(ctx, spec, { withCredentials, timeoutMs: config.requestTimeoutMs, signal });
    return { request, headersHeldBack };
}
/**
 * The cancel call's request to `url`, the cancel endpoint with its placeholders filled in. The
 * user wrote the cancel endpoint, so its host is trusted, unless a placeholder filled it.
 */
function cancelRequest(ctx, url, signal) {
    const cancel = ctx.config.cancel;
    return requestFor(ctx, { ...cancel, url }, { withCredentials: true, timeoutMs: ctx.config.requestTimeoutMs, signal, trustedHost: cancel.url.hostname });
}
/**
 * The HTTP request for a webhook call, a poll or a cancel call (tasks use the three above). `withCredentials`: whether the
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
    // Answers in these codings are decoded whatever the user asked for; their own value goes as is.
    if (!has('accept-encoding'))
        headers['Accept-Encoding'] = ACCEPT_ENCODING;
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
        signal: options.signal,
        secrets: ctx.secrets,
        // The user wrote the webhook URL and the cancel URL; a poll's URL was chosen by a server.
        trustedHost: options.trustedHost ?? ctx.config.webhook.url.hostname,
        allowedHosts: ctx.config.allowedHosts,
        // The client certificate goes only to the webhook URL's origin; the trusted CAs everywhere.
        tls: spec.url.origin === ctx.config.webhook.url.origin ? ctx.config.tls : onlyTrust(ctx.config.tls)
    };
}
function onlyTrust(tls) {
    return tls.ca ? { ca: tls.ca } : {};
}
/**
 * One exchange as a task makes it: with the job's OIDC token when `oidc-audience` is set and the
 * request goes to the webhook URL's origin (never elsewhere, whatever status-headers says), and
 * once more with a fresh token after a 401.
 */
async function exchange(ctx, request, polling = false) {
    const oidc = ctx.oidc;
    if (!oidc || request.url.origin !== ctx.config.webhook.url.origin)
        return send(request);
    const authorized = async () => ({
        ...request,
        credentials: { ...request.credentials, Authorization: `Bearer ${await oidcToken(oidc, polling)}` }
    });
    const answer = await send(await authorized());
    // Only the webhook's own origin can say the token expired: a host a redirect led to never saw it.
    if (answer.code !== 401 || answer.url.origin !== ctx.config.webhook.url.origin)
        return answer;
    oidc.invalidate();
    return send(await authorized());
}
/** `polling`: a token that cannot be had stops the wait without a final status (the cancel call follows). */
async function oidcToken(oidc, polling) {
    try {
        return await oidc.current();
    }
    catch (error) {
        throw new StageFailure(`could not get the job's OIDC token: ${error.message}`, polling);
    }
}
/**
 * Registers the values that secret-json-paths find in an answer as secrets, before anything that
 * holds them is logged or set as an output. Other values keep flowing.
 */
function maskSecretsIn(ctx, payload) {
    const paths = ctx.config.secretJsonPaths;
    if (paths.length === 0 || payload.bytes === 0)
        return;
    const document = documentOf(payload);
    for (const path of paths) {
        const search = searchDocument(path, document);
        // Too deep to search: nothing can be found there, and nothing shown is found by it.
        if ('found' in search)
            for (const value of search.found)
                addLeaves(ctx.secrets, value);
    }
}
function addLeaves(secrets, value) {
    if (typeof value === 'string' || typeof value === 'number')
        secrets.add(String(value));
    else if (value !== null && typeof value === 'object')
        for (const item of Object.values(value))
            addLeaves(secrets, item);
}

// Status mapping: the value a poll's status path finds, read as SUCCEEDED, CANCELED, TERMINAL or
// still running.
function normalizeStatus(value) {
    return value.trim().toLowerCase();
}
/**
 * Reads what a status path found. It must be exactly one string, number or boolean (or a list
 * holding exactly one). A value that matches a list is final; a number no list names is a
 * percentage, 100 meaning done; any other value means the job is still running. Nothing or
 * null (alone or as a list's only item) is unusable, or "not yet" with missing-status: running.
 */
function readStatus(found, lists, missing = 'terminal') {
    const value = found.length === 1 ? unwrapSingle(found[0]) : undefined;
    if (missing === 'running' && (found.length === 0 || (found.length === 1 && value === null))) {
        return { kind: 'not-yet', found: describeFound(found) };
    }
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

// `{JSONPath}` placeholders in the cancel endpoint, as Spinnaker users write SpEL there: filled
// from the webhook's answer, so the cancel call names the job the webhook started.
/** Reads the placeholders of a URL; `{` and `}` are otherwise not allowed in one. */
function parseTemplate(written) {
    const slots = [];
    let text = '';
    let at = 0;
    for (;;) {
        const open = written.indexOf('{', at);
        if (open < 0)
            break;
        const close = closingBrace(written, open);
        if (close < 0)
            throw new JsonPathSyntaxError(`the placeholder at character ${open + 1} has no closing }`);
        const source = written.slice(open + 1, close);
        let path;
        try {
            path = compileJsonPath(source);
        }
        catch (error) {
            if (!(error instanceof JsonPathSyntaxError))
                throw error;
            throw new JsonPathSyntaxError(`the placeholder {${cut(source, MAX_VALUE_SHOWN)}} is not a JSONPath: ${error.message}`);
        }
        const token = `webhookstageslot${slots.length}z`;
        slots.push({ token, path });
        text += written.slice(at, open) + token;
        at = close + 1;
    }
    if (written.indexOf('}', at) >= 0)
        throw new JsonPathSyntaxError('has a } that closes no placeholder');
    return { text: text + written.slice(at), slots };
}
/** The closing brace of the placeholder opened at `open`: braces inside quotes or brackets do not count. */
function closingBrace(text, open) {
    let depth = 0;
    let quote;
    for (let i = open + 1; i < text.length; i++) {
        const char = text[i];
        if (quote) {
            if (char === '\\')
                i++;
            else if (char === quote)
                quote = undefined;
        }
        else if (char === '"' || char === "'")
            quote = char;
        else if (char === '[' || char === '(')
            depth++;
        else if (char === ']' || char === ')')
            depth--;
        else if (char === '}' && depth <= 0)
            return i;
    }
    return -1;
}
/** What a placeholder in the host may be filled with: letters, digits, `-` and `.`, and not dots alone. */
const HOST_NAME_PART = /^(?!\.*$)[A-Za-z0-9.-]+$/;
/** Dot segments: a URL parser resolves them, so as a value they would move the call elsewhere on the host. */
const DOT_SEGMENTS = new Set(['.', '..']);
/**
 * The URL with each placeholder's value percent-encoded into it (as `encodeURIComponent` does),
 * or why the call cannot be made: a placeholder that finds nothing, an object, a list or several
 * values, no answer to read, or a value that would change what the URL names rather than fill it
 * in (`.` or `..`, or a host that is not a host name). A value is data, never a path or a host
 * of its own.
 */
function fillTemplate(template, url, answer, secrets) {
    if (template.slots.length === 0)
        return { url };
    if (!answer)
        return { skipped: 'there is no answer to fill its placeholders from' };
    let href = url.href;
    for (const { token, path } of template.slots) {
        const search = searchDocument(path, answer.document);
        if ('unsearchable' in search)
            return { skipped: `the placeholder {${path.source}}: ${search.unsearchable}` };
        const { found } = search;
        const value = found.length === 1 ? found[0] : undefined;
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
            return { skipped: `the placeholder {${path.source}} found ${describeFound(found)}, not one value` };
        }
        const text = String(value);
        if (DOT_SEGMENTS.has(text)) {
            return { skipped: `the placeholder {${path.source}} found '${text}', which would change the URL's path` };
        }
        // A URL parser takes almost anything for a host (`https:///x` even names the host `x`).
        if (url.hostname.includes(token) && !HOST_NAME_PART.test(text)) {
            return {
                skipped: `the placeholder {${path.source}} fills the host with '${defuse(text, MAX_VALUE_SHOWN)}', which is not a valid host name`
            };
        }
        href = href.replaceAll(token, encodeURIComponent(text));
    }
    try {
        return { url: urlFromServer(href, url, secrets, 'the filled-in cancel URL') };
    }
    catch (error) {
        if (!(error instanceof ServerUrlError))
            throw error;
        return { skipped: error.message };
    }
}

// Cancelling the remote job, as Spinnaker's cancel: the cancel endpoint called once, best
// effort, and bounded so that it ends before the runner's kill (signals.ts hears the runner).
/**
 * The cancel call must end before the runner's next step: SIGTERM comes 7.5 s after SIGINT, and
 * the kill 2.5 s after SIGTERM.
 */
const CANCEL_CALL_BOUND_MS = { SIGINT: 5_000, SIGTERM: 2_000 };
/**
 * Calls the cancel endpoint once, best effort: its failure is a warning and changes nothing
 * else. Once the runner cancels this run, before or during the call, the call has a few seconds
 * left at most, and none after the runner's second signal.
 */
async function callCancelEndpoint(ctx, state, hurry) {
    const { config, timeline, secrets } = ctx;
    if (!config.cancel)
        return;
    // With monitor-only there is no webhook answer: the last poll answered 2xx or 3xx names the job.
    const answer = config.monitorOnly ? state.buildInfo : state.webhook?.payload;
    const filled = config.cancelTemplate
        ? fillTemplate(config.cancelTemplate, config.cancel.url, answer && { document: documentOf(answer) }, secrets)
        : { url: config.cancel.url };
    if ('skipped' in filled) {
        timeline.record('cancel-call', `cancel call skipped: ${filled.skipped}`, 'warning');
        return;
    }
    // A value from the answer under a secret query name is masked like the user's own.
    if (filled.url !== config.cancel.url)
        secrets.addUrl(filled.url);
    const spec = { ...config.cancel, url: filled.url };
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
    const startedAt = performance.now();
    const timing = { startedAt: timeline.now() };
    try {
        const answer = await exchange(ctx, cancelRequest(ctx, filled.url, signal));
        debugExchange(ctx, spec, startedAt, answer);
        const accepted = answer.code >= 200 && answer.code < 400;
        timeline.record('cancel-call', `cancel call ${shown} answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`, accepted ? 'info' : 'warning', timing);
    }
    catch (error) {
        debugExchange(ctx, spec, startedAt, error);
        const why = error instanceof ExchangeError
            ? error.kind === 'aborted'
                ? 'given up: the runner is cancelling the run'
                : error.message
            : String(error);
        timeline.record('cancel-call', `cancel call ${shown} failed: ${why}`, 'warning', timing);
    }
    finally {
        clearTimeout(bound);
        ctx.cancelled.removeEventListener('abort', onRunnerCancel);
    }
}

// The runner cancelling this run: SIGINT, then SIGTERM 7.5 s later, then a kill 2.5 s after that.
// The process's signals are the runner's edge, so only the plan (main.ts) listens to them.
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

// The small values inputs are written in, each read or refused with an error that names the input:
// booleans, durations, sizes, status codes, methods, header names and JSONPaths.
class InputError extends Error {
    input;
    constructor(input, expected) {
        super(`Input '${input}' ${expected}`);
        this.input = input;
    }
}
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Below V8's longest string (2^29 - 24 characters), so that any body accepted can be read. */
const MAX_RESPONSE_BYTES = 500 * 1024 ** 2;
/**
 * A value as an input error quotes it: one line, and at most a short prefix of it. Every input
 * error that shows what the user wrote shows it through this (or `shown`, without the quotes).
 */
function quote(value) {
    return `'${shown(value)}'`;
}
/** A name or value the way an input error shows it where quotes would be in the way. */
function shown(value) {
    return defuse(value, MAX_EXCERPT);
}
function readMethod(name, text) {
    const method = text.toUpperCase();
    if (!METHODS.includes(method))
        throw new InputError(name, `must be ${METHODS.slice(0, -1).join(', ')} or ${METHODS.at(-1)} (got ${quote(text)})`);
    return method;
}
function readHeaderName(name, text) {
    if (!HEADER_NAME.test(text))
        throw new InputError(name, `must be a header name such as Operation-Location (got ${quote(text)})`);
    return text;
}
function readBoolean(name, text) {
    const value = parseBoolean(text);
    if (value === undefined)
        throw new InputError(name, `must be true or false (got ${quote(text)})`);
    return value;
}
function readDuration(name, text, zeroAllowed = false) {
    const ms = parseDuration(text);
    const expected = `must be a duration such as 500ms, 30s, 5m, 1h30m or a number of seconds${zeroAllowed ? '' : ', more than zero'}`;
    if (ms === undefined || (ms === 0 && !zeroAllowed))
        throw new InputError(name, `${expected} (got ${quote(text)})`);
    if (ms > MAX_DURATION_MS)
        throw new InputError(name, `must be at most 596h (got ${quote(text)})`);
    return ms;
}
function readSize(name, text) {
    const bytes = parseSize(text);
    if (!bytes)
        throw new InputError(name, `must be a size such as 512KB, 16MB, 1GB or a number of bytes, more than zero (got ${quote(text)})`);
    if (bytes > MAX_RESPONSE_BYTES)
        throw new InputError(name, `must be at most 500MB (got ${quote(text)})`);
    return bytes;
}
function readStatusCodes(name, text) {
    const codes = new Set();
    // An empty input means the default, so `none` is how to say "no codes" (no fail-fast at all).
    if (text.toLowerCase() === 'none')
        return codes;
    for (const item of parseList(text)) {
        const code = Number(item);
        if (!/^\d{3}$/.test(item) || code < 100 || code > 599) {
            throw new InputError(name, `must list HTTP status codes from 100 to 599, separated by commas, or be none (got ${quote(item)})`);
        }
        codes.add(code);
    }
    return codes;
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

// The request the user describes: the URL and its credentials, the headers, the body, the
// idempotency key. Credential values are registered as secrets as soon as they are read.
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
        throw new InputError(name, `must be an http or https URL (got a ${quote(url.protocol)} URL)`);
    }
    secrets.addUrl(url);
    const spec = { method: 'GET', url };
    if (url.username || url.password) {
        const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
        spec.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
        secrets.addHeaderValue('Authorization', spec.authorization);
        secrets.takeUserInfo(url);
    }
    return spec;
}
function readHeaders(text, secrets) {
    let entries;
    try {
        entries = parseMapping(text);
    }
    catch (error) {
        throw new InputError('headers', `must be a YAML or JSON mapping of \`Name: value\`: ${error.message}`);
    }
    // Header names are data: `__proto__` is a header like any other, not the object's prototype.
    const headers = Object.create(null);
    const seen = new Set();
    for (const [name, value] of entries) {
        if (!HEADER_NAME.test(name))
            throw new InputError('headers', `has a header name that is not legal: ${quote(name)}`);
        const lower = name.toLowerCase();
        if (seen.has(lower))
            throw new InputError('headers', `names ${shown(name)} twice; give a list to send it more than once`);
        if (lower === 'content-length' || lower === 'transfer-encoding') {
            throw new InputError('headers', `cannot set ${shown(name)}: the action frames the body itself`);
        }
        seen.add(lower);
        for (const item of Array.isArray(value) ? value : [value]) {
            if (/[\r\n]/.test(item))
                throw new InputError('headers', `has a line break in the value of ${shown(name)} (header injection)`);
            // Node sends header values as Latin-1; anything but printable ASCII would arrive garbled.
            if (/[^\t\x20-\x7e]/.test(item)) {
                throw new InputError('headers', `has a character that is not printable ASCII in the value of ${shown(name)}`);
            }
            if (isCredentialHeader(name))
                secrets.addHeaderValue(name, item);
        }
        headers[name] = value;
    }
    return headers;
}
/** `auto`: a UUID made once, so every attempt of this step's call carries the same key. */
function readIdempotencyKey(text, headers) {
    if (!text)
        return undefined;
    if (hasHeader(headers, 'idempotency-key')) {
        throw new InputError('idempotency-key', 'is given while headers set Idempotency-Key; give the key once');
    }
    if (text.toLowerCase() === 'auto')
        return crypto.randomUUID();
    if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(text)) {
        throw new InputError('idempotency-key', `must be auto or printable ASCII text allowed in a header value (got ${quote(text)})`);
    }
    return text;
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
        return $e56($e0$3(workspace, file));
    }
    catch (error) {
        const reason = error.code ?? error.message;
        throw new InputError('payload-file', `must be a readable file relative to the workspace (${quote(file)}: ${reason})`);
    }
}
function readPayloadInput(name, payload, contentType) {
    try {
        return encodeBody(payload, contentType);
    }
    catch (error) {
        if (!(error instanceof MappingError))
            throw error;
        throw new InputError(name, `must be a flat JSON object to be sent form-encoded: ${error.message}`);
    }
}

// HMAC-SHA256 signatures over the exact bytes of the webhook call's body, in the two shapes
// receivers check: GitHub's webhooks and Standard Webhooks (https://www.standardwebhooks.com).
class SigningSecretError extends Error {
}
const STANDARD_WEBHOOKS_PREFIX = 'whsec_';
/** Standard base64, padding optional; Buffer.from would silently skip anything else. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
/**
 * The HMAC key. A Standard Webhooks secret is base64, with or without its `whsec_` prefix, as
 * that spec's libraries read it; a GitHub secret is the text itself.
 */
function parseSigningSecret(scheme, text) {
    if (scheme === 'github') {
        if (text === '')
            throw new SigningSecretError('the signing secret is empty');
        return Buffer.from(text, 'utf8');
    }
    const encoded = text.trim().replace(/^whsec_/, '');
    // The message names what is wrong, never the secret.
    if (!BASE64.test(encoded)) {
        throw new SigningSecretError(`a standard-webhooks signing secret must be base64, optionally prefixed with ${STANDARD_WEBHOOKS_PREFIX}`);
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length === 0)
        throw new SigningSecretError('the signing secret is empty');
    return key;
}
/** The headers that sign one attempt of the call; a retry is signed afresh with a new timestamp. */
function signatureHeaders(scheme, key, body, id, timestampSeconds) {
    if (scheme === 'github') {
        return { 'X-Hub-Signature-256': `sha256=${$e8$3('sha256', key).update(body).digest('hex')}` };
    }
    const timestamp = String(Math.floor(timestampSeconds));
    // `{id}.{timestamp}.{body}` with the body as raw bytes: decoding it to text first would alter
    // a body that is not valid UTF-8.
    const signature = $e8$3('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

// The client's TLS identity (client-certificate, client-key, client-key-passphrase) and the CAs
// it trusts (ca-certificates), checked before any request so that a bad key or PEM is an input
// error, not a handshake failure minutes into a run.
class TlsSettingError extends Error {
    input;
    constructor(input, message) {
        super(`Input '${input}' ${message}`);
        this.input = input;
    }
}
/** PEM text as given, or the content of the file it names (relative to the workspace). */
function readPem(value, workspace) {
    if (value.includes('-----BEGIN'))
        return value;
    return $e56($e0$3(workspace, value.trim()), 'utf8');
}
/** Reads and checks the TLS inputs; throws TlsSettingError on the first that is wrong. */
function loadTlsSettings(inputs, workspace) {
    const { certificate, key, passphrase, ca } = inputs;
    if (certificate && !key)
        throw new TlsSettingError('client-key', 'is required with client-certificate');
    if (key && !certificate)
        throw new TlsSettingError('client-certificate', 'is required with client-key');
    if (passphrase && !key)
        throw new TlsSettingError('client-key-passphrase', 'is set but client-key is not');
    const settings = {};
    if (certificate && key) {
        const certPem = pemInput('client-certificate', certificate, workspace);
        const keyPem = pemInput('client-key', key, workspace);
        const leaf = parseCertificates('client-certificate', certPem)[0];
        const privateKey = parseKey(keyPem, passphrase);
        if (!leaf.checkPrivateKey(privateKey)) {
            throw new TlsSettingError('client-key', `does not match client-certificate (${leaf.subject.replace(/\n/g, ', ')})`);
        }
        // Only the certificates: a combined file's key is given once, as the key.
        Object.assign(settings, { cert: pemBlocks(certPem, 'CERTIFICATE').join(''), key: keyPem }, passphrase && { passphrase });
    }
    if (ca) {
        const extra = parseCertificates('ca-certificates', pemInput('ca-certificates', ca, workspace));
        // Giving an Agent `ca` replaces Node's trust store, NODE_EXTRA_CA_CERTS included (Node 20
        // and 24 alike), so the defaults are spelled out and the extra CAs added to them.
        settings.ca = [...defaultCaCertificates(), ...extra.map(cert => cert.toString())];
    }
    return settings;
}
/** node:tls, loaded when a run reads its TLS settings: loading it costs a run on http 8 ms of CPU. */
let tlsModule;
const loadTls = () => (tlsModule ??= process.getBuiltinModule('node:tls'));
/**
 * What Node trusts when no `ca` is given. Node 22.15+ and 24 say so themselves (bundled roots,
 * NODE_EXTRA_CA_CERTS and, with --use-system-ca, the system's); Node 20 only lists its bundled
 * roots, so NODE_EXTRA_CA_CERTS is read here as Node reads it (a bad file is ignored, as Node
 * ignores it after warning).
 */
function defaultCaCertificates(env = process.env) {
    const tls = loadTls();
    const { getCACertificates } = tls;
    if (getCACertificates)
        return getCACertificates.call(tls, 'default');
    const file = env.NODE_EXTRA_CA_CERTS;
    if (!file)
        return [...tls.rootCertificates];
    try {
        return [...tls.rootCertificates, ...pemBlocks($e56(file, 'utf8'), 'CERTIFICATE')];
    }
    catch {
        return [...tls.rootCertificates];
    }
}
function pemInput(input, value, workspace) {
    try {
        return readPem(value, workspace);
    }
    catch (error) {
        const reason = error.code ?? 'unreadable';
        // What is not PEM may be key material pasted without its BEGIN line: only a path that looks
        // like one is quoted, never the key input's value.
        const shown = input !== 'client-key' && /^[^\s]{1,200}$/.test(value.trim()) ? ` (${value.trim()}: ${reason})` : '';
        throw new TlsSettingError(input, `must be PEM text or a readable file relative to the workspace${shown}`);
    }
}
function parseCertificates(input, pem) {
    const blocks = pemBlocks(pem, 'CERTIFICATE');
    if (blocks.length === 0)
        throw new TlsSettingError(input, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    return blocks.map((block, index) => {
        try {
            return new $e61(block);
        }
        catch (error) {
            const which = blocks.length > 1 ? `certificate ${index + 1} of ${blocks.length}` : 'the certificate';
            throw new TlsSettingError(input, `has PEM that does not parse: ${which} (${opensslReason(error)})`);
        }
    });
}
function parseKey(pem, passphrase) {
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
    if (encrypted && !passphrase) {
        throw new TlsSettingError('client-key-passphrase', 'is required: client-key is encrypted');
    }
    if (pemBlocks(pem, '[A-Z ]*PRIVATE KEY').length === 0) {
        throw new TlsSettingError('client-key', 'holds no PEM private key (-----BEGIN PRIVATE KEY-----)');
    }
    try {
        return $e9$1({ key: pem, passphrase });
    }
    catch (error) {
        const code = error.code;
        if (encrypted && code === 'ERR_OSSL_BAD_DECRYPT') {
            throw new TlsSettingError('client-key-passphrase', 'does not decrypt client-key (wrong passphrase)');
        }
        throw new TlsSettingError('client-key', `has PEM that does not parse as a private key (${opensslReason(error)})`);
    }
}
/** The PEM blocks of one kind (a regular expression source for the label), each whole. */
function pemBlocks(text, label) {
    const block = new RegExp(`-----BEGIN (${label})-----[\\s\\S]*?-----END \\1-----`, 'g');
    return [...text.matchAll(block)].map(match => `${match[0]}\n`);
}
/** OpenSSL's reason without its error codes and library names, e.g. `bad decrypt`. */
function opensslReason(error) {
    return cleanOpenSslMessage(error.message ?? String(error));
}

// The inputs of authentication and trust: the client's TLS identity and the CAs it trusts, the
// GitHub OIDC audience, the signing secret, and the paths to secrets in answers. Every secret is
// registered as soon as it is read, and no error quotes one.
function readTls(given, workspace, secrets) {
    const key = given('client-key');
    // For a key given as a path, the file's content is the secret; registered before anything can fail.
    if (key) {
        try {
            secretLines(readPem(key, workspace), secrets);
        }
        catch {
            // An unreadable file: loadTlsSettings names it.
        }
    }
    if (given('client-key-passphrase'))
        secrets.add(given('client-key-passphrase'));
    try {
        return loadTlsSettings({
            certificate: given('client-certificate') || undefined,
            key: key || undefined,
            passphrase: given('client-key-passphrase') || undefined,
            ca: given('ca-certificates') || undefined
        }, workspace);
    }
    catch (error) {
        if (!(error instanceof TlsSettingError))
            throw error;
        throw new InputError(error.input, error.message.replace(/^Input '[^']*' /, ''));
    }
}
/** A PEM key's body, line by line; its BEGIN and END lines are no secret, and masking them would garble logs. */
function secretLines(pem, secrets) {
    for (const line of pem.split(/\r?\n/))
        if (!line.startsWith('-----'))
            secrets.add(line.trim());
}
function readOidcAudience(text, headers, webhook, available) {
    if (!text)
        return undefined;
    if (headers.hasAuthorization || webhook.authorization) {
        throw new InputError('oidc-audience', 'cannot be used with an Authorization header or user info in url: it sends its own');
    }
    if (!available) {
        throw new InputError('oidc-audience', "needs the job's OIDC token, which the runner gives only with `permissions: id-token: write` on the job or workflow");
    }
    return text;
}
const SCHEMES = ['github', 'standard-webhooks'];
function readSigning(given, scheme, secrets) {
    const name = scheme.toLowerCase();
    if (!SCHEMES.includes(name)) {
        throw new InputError('signing-scheme', `must be github or standard-webhooks (got ${quote(scheme)})`);
    }
    const secret = given('signing-secret');
    if (!secret)
        return undefined;
    secrets.add(secret);
    try {
        const key = parseSigningSecret(name, secret);
        if (name === 'standard-webhooks')
            secrets.add(key.toString('base64'));
        return { scheme: name, key };
    }
    catch (error) {
        if (!(error instanceof SigningSecretError))
            throw error;
        throw new InputError('signing-secret', `is not usable: ${error.message}`);
    }
}
/** One JSONPath per line (a path may hold commas). */
function readSecretJsonPaths(text) {
    return text
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== '')
        .map(line => {
        try {
            return compileJsonPath(line);
        }
        catch (error) {
            throw new InputError('secret-json-paths', `must be JSONPaths, one per line: ${error.message}`);
        }
    });
}

// The job's GitHub OIDC token for the webhook URL's origin, kept fresh through a long wait: a
// token lives minutes, a wait may last hours.
/** A token this close to its `exp` is not sent: it could expire on the way. */
const REFRESH_BEFORE_EXPIRY_MS = 60_000;
/** Whether the runner gives this job OIDC tokens (`permissions: id-token: write`). */
function oidcAvailable(env = process.env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
class OidcTokens {
    audience;
    fetch;
    onToken;
    now;
    token;
    /** When the token expires, ms since the epoch; undefined if it does not say. */
    expiresAt;
    pending;
    constructor(audience, fetch, onToken, now = () => Date.now()) {
        this.audience = audience;
        this.fetch = fetch;
        this.onToken = onToken;
        this.now = now;
    }
    /** A token fit to send now; concurrent callers share one fetch. */
    async current() {
        if (this.token !== undefined && !this.expiring())
            return this.token;
        this.pending ??= this.renew().finally(() => (this.pending = undefined));
        return this.pending;
    }
    /** After a 401: the next current() fetches a new token. */
    invalidate() {
        this.token = undefined;
        this.expiresAt = undefined;
    }
    expiring() {
        return this.expiresAt !== undefined && this.now() >= this.expiresAt - REFRESH_BEFORE_EXPIRY_MS;
    }
    async renew() {
        const token = await this.fetch(this.audience);
        // Masked before anything can log it.
        this.onToken(token);
        this.token = token;
        this.expiresAt = expiryOf(token);
        return token;
    }
}
/** A JWT's `exp` in ms since the epoch, or undefined if it cannot be read. */
function expiryOf(jwt) {
    const payload = jwt.split('.')[1];
    if (!payload)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        const exp = claims?.exp;
        return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
    }
    catch {
        return undefined;
    }
}

// allowed-hosts: read into entries, and the URLs the user wrote held against them before any
// request. Hosts a server chooses are held against them as each request is sent (http/exchange.ts).
/** Empty: no list, and no restriction beyond the link-local rule. */
function readAllowedHosts(text) {
    const entries = parseList(text);
    if (entries.length === 0)
        return undefined;
    return entries.map(entry => {
        try {
            return parseAllowedHost(entry);
        }
        catch (error) {
            if (!(error instanceof AllowedHostsSyntaxError))
                throw error;
            throw new InputError('allowed-hosts', `lists ${quote(entry)}, which ${error.message}`);
        }
    });
}
/**
 * `url` and `cancel-endpoint` must go to a listed host. A cancel endpoint whose host is a
 * placeholder is checked once filled in, as the call is made.
 */
function checkAllowedHost(name, url, allowed, template) {
    if (!allowed || template?.slots.some(slot => url.hostname.includes(slot.token)))
        return;
    if (!isAllowedHost(url, allowed)) {
        throw new InputError(name, `goes to ${quote(url.host)}, which is not in allowed-hosts`);
    }
}

// The stage's settings: what every task works from, read from the inputs once (inputs.ts).
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
    'error',
    'poll-status-code',
    'poll-response-headers'
];

// The inputs of waiting for completion: how the status URL is found, the status lists, the
// mapped outputs, cancel placeholders and poll-retry-limits. Read by readConfig (index.ts).
/** A poll-retry-limits count past this is a mistake; Spinnaker's are single digits. */
const MAX_POLL_RETRIES = 1_000_000;
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
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
        throw new InputError('status-url-resolution', `must be get-method, location-header or webhook-response (got ${quote(text)})`);
    return mode;
}
function readStatusHeaders(text) {
    const value = text.toLowerCase();
    if (value !== 'same-origin' && value !== 'always' && value !== 'never') {
        throw new InputError('status-headers', `must be same-origin, always or never (got ${quote(text)})`);
    }
    return value;
}
function readMissingStatus(text) {
    const value = text.toLowerCase();
    if (value !== 'terminal' && value !== 'running') {
        throw new InputError('missing-status', `must be terminal or running (got ${quote(text)})`);
    }
    return value;
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
                throw new InputError(name, `names ${quote(item)}, which ${other} names too; a status can mean one thing`);
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
            throw new InputError('outputs', `has a name that is not a valid output name: ${quote(name)} (letters, digits, - and _, not starting with a digit or -)`);
        }
        const lower = name.toLowerCase();
        if (taken.has(lower)) {
            throw new InputError('outputs', ACTION_OUTPUTS.includes(lower)
                ? `cannot use ${quote(name)}: the action sets that output itself`
                : `names ${quote(name)} twice`);
        }
        taken.add(lower);
        if (Array.isArray(value))
            throw new InputError('outputs', `must map ${quote(name)} to one JSONPath, not a list`);
        try {
            return { name, path: compileJsonPath(value) };
        }
        catch (error) {
            throw new InputError('outputs', `must map ${quote(name)} to a JSONPath such as $.id: ${error.message}`);
        }
    });
}
/** `{JSONPath}` placeholders, checked now so that one that does not parse is an input error. */
function readCancelTemplate(text) {
    try {
        return parseTemplate(text);
    }
    catch (error) {
        if (!(error instanceof JsonPathSyntaxError))
            throw error;
        throw new InputError('cancel-endpoint', `has a placeholder that is not a JSONPath: ${error.message}`);
    }
}
/** `code: n` per line (or `{404: 2, 504: 0}`): how often a poll answered with that code is retried. */
function readPollRetryLimits(text) {
    const limits = new Map();
    let entries;
    try {
        entries = parseMapping(text);
    }
    catch (error) {
        throw new InputError('poll-retry-limits', `must be a YAML mapping of \`code: retries\`: ${error.message}`);
    }
    for (const [code, value] of entries) {
        if (!/^\d{3}$/.test(code) || Number(code) < 400 || Number(code) > 599) {
            throw new InputError('poll-retry-limits', `must name status codes from 400 to 599 (got ${quote(code)})`);
        }
        if (Array.isArray(value) || !/^\d+$/.test(value) || Number(value) > MAX_POLL_RETRIES) {
            const got = Array.isArray(value) ? 'a list' : quote(value);
            throw new InputError('poll-retry-limits', `must map ${code} to a whole number from 0 to ${MAX_POLL_RETRIES} (got ${got})`);
        }
        limits.set(Number(code), Number(value));
    }
    return limits;
}

// Every input is read here, once, and validated into the stage's settings (settings.ts) before
// anything is sent. Nothing else reads the inputs.
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
    'signing-scheme': 'github',
    'status-headers': 'same-origin',
    'status-url-header': 'Location',
    'missing-status': 'terminal',
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
    'status-headers',
    'status-url-header',
    'poll-retry-limits',
    'error-json-path',
    'missing-status'
];
/** Inputs that mean something only for the webhook call, which monitor-only skips. */
const CALL_INPUTS = [
    'method',
    'payload',
    'payload-file',
    'fail-fast-status-codes',
    'retries',
    'idempotency-key',
    'signing-secret'
];
/** More retries than this is a mistake: with backoff capped at 30 s, 100 retries already take 50 minutes. */
const MAX_RETRIES = 100;
/** The inputs written as YAML mappings (a form payload needs a Content-Type header, so `headers`). */
const MAPPING_INPUTS = ['headers', 'outputs', 'poll-retry-limits'];
/** Reads the inputs the runner passes to the step. */
async function readInputs(secrets) {
    if (MAPPING_INPUTS.some(name => getInput(name) !== ''))
        await loadMappingReader();
    return readConfig({
        get: name => getInput(name),
        workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
        warn: message => warning(message, { title: 'Inputs ignored' }),
        oidcAvailable: oidcAvailable(process.env)
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
    const allowedHosts = readAllowedHosts(given('allowed-hosts'));
    checkAllowedHost('url', webhook.url, allowedHosts);
    if (webhook.authorization && hasHeader(headers, 'authorization')) {
        throw new InputError('url', 'has user info while headers set Authorization; give the credentials once');
    }
    webhook.method = readMethod('method', input('method'));
    const contentType = headerValue(headers, 'content-type');
    if (given('payload') && given('payload-file')) {
        throw new InputError('payload-file', "cannot be used together with 'payload'; give one of them");
    }
    if (given('payload-file')) {
        webhook.body = readPayloadInput('payload-file', readPayloadFile(given('payload-file'), source.workspace), contentType);
    }
    else if (given('payload')) {
        webhook.body = readPayloadInput('payload', Buffer.from(given('payload')), contentType);
    }
    const monitorOnly = readBoolean('monitor-only', input('monitor-only'));
    const waitForCompletion = monitorOnly || readBoolean('wait-for-completion', input('wait-for-completion'));
    const statusUrlResolution = readStatusUrlResolution(input('status-url-resolution'));
    if (monitorOnly && statusUrlResolution !== 'get-method') {
        throw new InputError('status-url-resolution', `must be get-method with monitor-only (got ${quote(statusUrlResolution)})`);
    }
    const statusUrlJsonPath = readJsonPath('status-url-json-path', given('status-url-json-path'));
    if (waitForCompletion && statusUrlResolution === 'webhook-response' && !statusUrlJsonPath) {
        throw new InputError('status-url-json-path', 'is required with status-url-resolution: webhook-response');
    }
    const statusJsonPath = readJsonPath('status-json-path', given('status-json-path'));
    const statuses = readStatusLists(given, statusJsonPath !== undefined, waitForCompletion);
    const cancelEndpoint = given('cancel-endpoint');
    let cancel;
    let cancelTemplate;
    if (cancelEndpoint) {
        cancelTemplate = readCancelTemplate(cancelEndpoint);
        cancel = readTarget('cancel-endpoint', cancelTemplate.text, secrets, webhook.url);
        checkAllowedHost('cancel-endpoint', cancel.url, allowedHosts, cancelTemplate);
        if (cancel.authorization && hasHeader(headers, 'authorization')) {
            throw new InputError('cancel-endpoint', 'has user info while headers set Authorization; give the credentials once');
        }
        // The webhook URL's credentials go to a cancel endpoint on its origin, as they go to polls.
        if (!cancel.authorization && cancel.url.origin === webhook.url.origin)
            cancel.authorization = webhook.authorization;
        cancel.method = readMethod('cancel-method', input('cancel-method'));
        if (given('cancel-payload'))
            cancel.body = readPayloadInput('cancel-payload', Buffer.from(given('cancel-payload')), contentType);
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
        missingStatus: readMissingStatus(input('missing-status')),
        progressJsonPath: readJsonPath('progress-json-path', given('progress-json-path')),
        waitBeforeMonitorMs: readDuration('wait-before-monitor', input('wait-before-monitor'), true),
        pollInterval: input('poll-interval').toLowerCase() === 'auto' ? 'auto' : readDuration('poll-interval', input('poll-interval')),
        timeoutMs: readDuration('timeout', input('timeout')),
        cancel,
        statusHeaders: readStatusHeaders(input('status-headers')),
        pollRetryLimits: readPollRetryLimits(given('poll-retry-limits')),
        errorJsonPath: readJsonPath('error-json-path', given('error-json-path')),
        cancelTemplate,
        tls: readTls(given, source.workspace, secrets),
        oidcAudience: readOidcAudience(given('oidc-audience'), { hasAuthorization: hasHeader(headers, 'authorization') }, webhook, source.oidcAvailable ?? false),
        signing: readSigning(given, input('signing-scheme'), secrets),
        secretJsonPaths: readSecretJsonPaths(given('secret-json-paths')),
        statusUrlHeader: readHeaderName('status-url-header', input('status-url-header')),
        idempotencyKey: readIdempotencyKey(given('idempotency-key'), headers),
        allowedHosts,
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
function readRetries(text) {
    if (!/^\d+$/.test(text) || Number(text) > MAX_RETRIES) {
        throw new InputError('retries', `must be a whole number from 0 to ${MAX_RETRIES} (got ${quote(text)})`);
    }
    return Number(text);
}

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
            warnings.push({
                title: `Output ${name}`,
                message: `Output '${name}' is ${bytes} bytes, more than ${MAX_OUTPUT_BYTES}, and was left empty: a later step could not receive it. ` +
                    `Read ${file ?? files.buildInfo} instead.`
            });
            value = '';
        }
        values.push([name, value]);
    };
    const { webhook, buildInfo } = result;
    set('status', result.status);
    set('status-code', webhook ? String(webhook.code) : '');
    set('response', payloadText(webhook?.payload, secrets), files.response);
    set('response-headers', webhook ? JSON.stringify(secrets.redactJson(webhook.headers)) : '', files.response);
    set('status-url', result.statusUrl ? secrets.showUrl(result.statusUrl) : '');
    set('polls', String(result.polls));
    set('progress', secrets.redact(result.progress ?? ''));
    set('percent-complete', result.percentComplete === undefined ? '' : String(result.percentComplete));
    set('build-info', payloadText(buildInfo, secrets), files.buildInfo);
    set('build-info-file', files.buildInfo);
    set('response-file', files.response);
    set('error', result.status === 'SUCCEEDED' ? '' : cut(secrets.redact(result.reason), MAX_SHOWN_TEXT));
    const poll = result.lastPoll;
    set('poll-status-code', poll ? String(poll.code) : '');
    set('poll-response-headers', poll ? JSON.stringify(secrets.redactJson(poll.headers)) : '');
    for (const { name, path } of config.outputs) {
        const search = buildInfo ? searchDocument(path, documentOf(buildInfo)) : { found: [] };
        if ('unsearchable' in search) {
            warnings.push({ title: `Output ${name}`, message: `Output '${name}': ${search.unsearchable}, so it is empty` });
            set(name, '');
            continue;
        }
        const { found } = search;
        if (found.length === 0 && buildInfo) {
            warnings.push({
                title: `Output ${name}`,
                message: `Output '${name}': ${path.source} found nothing in the build info, so it is empty`
            });
        }
        const value = found.length === 0 ? '' : showValue(secrets.redactJson(showFound(found)));
        set(name, value);
    }
    return { values, warnings };
}
/**
 * A body as outputs and files hold it: the text as received, or, when a secret had to be masked
 * in a JSON body, the JSON written anew with the secret masked inside its strings, so that
 * `fromJSON()` still reads it (indented when the body was).
 */
function payloadText(payload, secrets) {
    const text = payload?.text ?? '';
    const redacted = secrets.redact(text);
    if (!payload?.isJson || redacted === text)
        return redacted;
    try {
        return JSON.stringify(secrets.redactJson(payload.json), null, /^\s*[[{]\s*\n/.test(text) ? 2 : undefined);
    }
    catch {
        // Nested deeper than JSON.stringify can go: masked as text, which may no longer parse.
        return redacted;
    }
}

// The stage's timeline of changes: the request, retries, the status URL, each new status or
// progress message, poll failures, the outcome. The log, the summary and the outputs are views
// of it. It stays small however long the wait: a repeat of the last event only counts up, and
// past MAX_EVENTS the oldest events after the first few are dropped and counted. What the chart
// draws (the phases and the changes of status) is kept apart, so that no dropped event loses a bar.
/** More changes than a chart can draw bars for; the rest are counted. */
const KEEP_CHANGES = 40;
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
    phases = {
        statuses: { first: [], total: 0 },
        progress: { first: [], total: 0 }
    };
    constructor(clock, onNew = () => { }) {
        this.clock = clock;
        this.onNew = onNew;
    }
    get events() {
        return this.kept;
    }
    /** Records an event; `onNew` hears of it unless it repeats the last one. */
    record(kind, text, level = 'info', detail = {}) {
        const at = this.clock();
        this.notePhase(kind, at, detail);
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
    notePhase(kind, at, { subject, startedAt }) {
        const phases = this.phases;
        if (kind === 'request')
            phases.call = { from: at, retries: 0 };
        else if (kind === 'retry' && phases.call)
            phases.call.retries++;
        else if (kind === 'answer' && phases.call)
            phases.call.to = at;
        else if (kind === 'wait')
            phases.wait = { from: at };
        else if (kind === 'cancel-call' && startedAt !== undefined)
            phases.cancelCall = { from: startedAt, to: at };
        else if ((kind === 'status' || kind === 'progress') && subject !== undefined) {
            const changes = kind === 'status' ? phases.statuses : phases.progress;
            if (changes.last?.subject === subject)
                return;
            const change = { at, subject };
            if (changes.first.length < KEEP_CHANGES)
                changes.first.push(change);
            changes.total++;
            changes.last = change;
        }
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

// The stage as a picture: a Mermaid gantt chart of the webhook call, the wait before monitoring,
// the stretches of polls with one status value (or progress message), and the cancel call.
// GitHub draws Mermaid in job summaries. A gantt label has no escaping at all (`:`, `;`, `#` and a
// newline end a bar, and a line that starts with a keyword is a statement), so text from a server
// is cut down to a few harmless characters and always follows a word of the action's own.
/** Bars in all; later stretches of polls are merged into one. */
const MAX_BARS = 40;
/** A label made from server text is cut to this many characters. */
const MAX_LABEL = 40;
/** A last bar under this share of the chart's span is a milestone. */
const MILESTONE_SHARE = 50;
/** Mermaid's tags for the last bar, by the final status. */
const LAST_BAR_TAG = { SUCCEEDED: 'done', TERMINAL: 'crit', CANCELED: 'active' };
/** The chart as a Markdown block, which GitHub draws. */
function chartBlock(result, phases, secrets) {
    const bars = chartBars(result, phases, text => secrets.redact(text));
    // Mermaid's text holds no backticks (labels keep a few characters only): a plain fence holds it.
    return ['```mermaid', renderChart(result.status, bars), '```', ''];
}
/** The chart's bars, in order; labels are as yet unsafe (see labelText). */
function chartBars(result, phases, redact) {
    const end = result.elapsedMs;
    const { call, wait, cancelCall } = phases;
    const pollsEnd = cancelCall?.from ?? end;
    const bars = [];
    if (call) {
        const { method = '', code = '' } = result.webhook ?? {};
        const retries = call.retries === 0 ? '' : `(${call.retries} ${call.retries === 1 ? 'retry' : 'retries'})`;
        const to = call.to ?? wait?.from ?? result.monitorStartedAt ?? pollsEnd;
        bars.push({ section: 'Webhook', label: `Webhook call ${method} ${code} ${retries}`, from: call.from, to });
    }
    if (wait) {
        const to = result.monitorStartedAt ?? pollsEnd;
        bars.push({ section: 'Monitor', label: 'Wait before monitoring', from: wait.from, to });
    }
    if (result.monitorStartedAt !== undefined) {
        const budget = MAX_BARS - bars.length - (cancelCall ? 1 : 0);
        bars.push(...stretches(phases, result.monitorStartedAt, pollsEnd, result.polls, budget, redact));
    }
    if (cancelCall)
        bars.push({ section: 'Cancel', label: 'Cancel call', from: cancelCall.from, to: cancelCall.to });
    // A stage that stopped before any phase still shows how long it took.
    if (bars.length === 0)
        bars.push({ section: 'Webhook', label: 'Webhook stage', from: 0, to: end });
    return bars;
}
/**
 * One bar per stretch of polls with the same status value, or with no status value the same
 * progress message; past the budget, the middle stretches are one bar and the last keeps its own.
 */
function stretches(phases, from, to, polls, budget, redact) {
    const [changes, word] = phases.statuses.total > 0 ? [phases.statuses, 'Status'] : [phases.progress, 'Progress'];
    const bar = (label, start, end) => ({ section: 'Monitor', label, from: start, to: end });
    if (changes.total === 0)
        return [bar(`Polls (${polls})`, from, to)];
    const shown = (change) => `${word} ${redact(change.subject)}`;
    // The first stretch begins with the polls: the first answer's value held from the first request.
    const startOf = (change, index) => (index === 0 ? from : change.at);
    const kept = changes.total <= budget ? changes.first : changes.first.slice(0, budget - 2);
    const bars = kept.map((change, index) => bar(shown(change), startOf(change, index), changes.first[index + 1]?.at ?? to));
    if (changes.total > budget && changes.last) {
        const merged = changes.total - kept.length - 1;
        const start = changes.first[kept.length].at;
        bars.push(bar(`${word} changed ${merged} more times`, start, changes.last.at));
        bars.push(bar(shown(changes.last), changes.last.at, to));
    }
    return bars;
}
/**
 * Server text as a gantt label: letters, digits, space and `. _ - / ( ) % +` only, on one line,
 * at most MAX_LABEL characters.
 */
function labelText(text) {
    const safe = text
        .replace(/[^\p{L}\p{N} ._\-/()%+]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const characters = Array.from(safe);
    return characters.length <= MAX_LABEL ? safe : `${characters.slice(0, MAX_LABEL - 3).join('')}...`;
}
/**
 * The Mermaid text of the chart; the last bar is tagged by the final status. A last bar too short
 * to see (the final status arrives with the last poll) is drawn as a milestone, a diamond.
 */
function renderChart(status, bars) {
    const span = Math.max(0, ...bars.map(bar => bar.to));
    const start = Math.min(span, ...bars.map(bar => bar.from));
    const lines = [
        'gantt',
        '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
        `  axisFormat ${axisFormat(span)}`,
        '  todayMarker off'
    ];
    let section;
    bars.forEach((bar, index) => {
        if (bar.section !== section)
            lines.push(`  section ${(section = bar.section)}`);
        const short = bar.to - bar.from < (span - start) / MILESTONE_SHARE;
        const tag = index === bars.length - 1 ? `${LAST_BAR_TAG[status]}, ${short ? 'milestone, ' : ''}` : '';
        lines.push(`  ${labelText(bar.label)} :${tag}${time(bar.from)}, ${time(Math.max(bar.from, bar.to))}`);
    });
    return lines.join('\n');
}
/**
 * A time since the stage started, as a date on 1970-01-01 that Mermaid reads in the viewer's
 * own time zone: the axis then shows 00:00 at the start wherever the summary is read.
 */
function time(ms) {
    return new Date(Math.max(0, Math.round(ms))).toISOString().slice(0, 23).replace('T', ' ');
}
function axisFormat(spanMs) {
    if (spanMs < 10_000)
        return '%M:%S.%L';
    if (spanMs < 3_600_000)
        return '%M:%S';
    if (spanMs < 86_400_000)
        return '%H:%M:%S';
    return 'day %-j %H:%M';
}

// Bodies in the job summary, each a folded block: the payload the webhook call sent, as Spinnaker's
// stage details show it, and the build info. Secrets are masked, JSON is indented, and a body is
// cut well below the summary's 1 MiB limit, with a title that says so.
/** A body shown is cut here. */
const MAX_SUMMARY_BODY = 64 * 1024;
const FORM = 'application/x-www-form-urlencoded';
/** The folded block of the body the webhook call sent; none when it sent no body. */
function payloadBlock(body, secrets) {
    if (!body || body.bytes.length === 0)
        return [];
    if (!$e3(body.bytes))
        return folded('Payload', `${formatBytes(body.bytes.length)} binary`, '(not shown)', 'text');
    const payload = readPayload(body.bytes);
    const isForm = body.contentType.split(';')[0].trim().toLowerCase() === FORM;
    if (isForm)
        return bodyBlock('Payload', payload, 'form', maskForm(payload.text, secrets));
    return bodyBlock('Payload', payload, payload.isJson ? 'JSON' : 'text', shownText(payload, secrets));
}
/** The folded block of the build info; none when it is empty. */
function buildInfoBlock(buildInfo, secrets) {
    if (!buildInfo || buildInfo.bytes === 0)
        return [];
    return bodyBlock('Build info', buildInfo, buildInfo.isJson ? 'JSON' : 'text', shownText(buildInfo, secrets));
}
/** A body's text with secrets masked: JSON indented, masked inside its strings. */
function shownText(payload, secrets) {
    if (payload.isJson) {
        try {
            return JSON.stringify(secrets.redactJson(payload.json), null, 2);
        }
        catch {
            // Nested deeper than JSON.stringify can go: the text as received.
        }
    }
    return secrets.redact(payload.text);
}
/**
 * A form body with each name and value masked as it reads decoded: a secret with a space or a `+`
 * in it is percent-encoded on the wire, where masking the text alone would miss it.
 */
function maskForm(text, secrets) {
    const form = new URLSearchParams(text);
    const masked = new URLSearchParams();
    let changed = false;
    for (const [name, value] of form) {
        const [shownName, shownValue] = [secrets.redact(name), secrets.redact(value)];
        changed ||= shownName !== name || shownValue !== value;
        masked.append(shownName, shownValue);
    }
    // As sent, unless something had to be masked: then written anew (`***` needs no encoding).
    return secrets.redact(changed ? masked.toString() : text);
}
function bodyBlock(title, payload, kind, text) {
    const cut = Buffer.byteLength(text) > MAX_SUMMARY_BODY;
    // Cut on a character boundary: a split UTF-8 sequence decodes as U+FFFD, dropped here.
    const shown = cut
        ? Buffer.from(text)
            .subarray(0, MAX_SUMMARY_BODY)
            .toString('utf8')
            .replace(/\uFFFD$/, '')
        : text;
    const size = `${formatBytes(payload.bytes)} ${kind}${cut ? `, first ${formatBytes(MAX_SUMMARY_BODY)} shown` : ''}`;
    return folded(title, size, shown, kind === 'JSON' ? 'json' : 'text');
}
function folded(title, size, text, language) {
    return [`<details><summary>${title} (${size})</summary>`, '', fence(text, language), '', '</details>', ''];
}
/** A fenced code block longer than any fence in the text. */
function fence(text, language) {
    const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map(run => run.length));
    const ticks = '`'.repeat(longest + 1);
    return `${ticks}${language}\n${text}\n${ticks}`;
}

// The job summary: a Markdown view of the stage's result and timeline, a chart at the top, the
// payload sent and the build info below. Text from the network is escaped so that it cannot add
// links, images or markup.
const ICONS = { SUCCEEDED: '✅', CANCELED: '⏹️', TERMINAL: '❌' };
/** Table cells are cut here: a server's status or progress could otherwise fill the summary. */
const MAX_CELL = 500;
function renderSummary(input) {
    const { result, request, events, omittedEvents, secrets, phases } = input;
    const cut$1 = (text) => cut(text, MAX_CELL);
    const show = (text) => escapeMarkdown(cut$1(secrets.redact(text)));
    const rows = [];
    rows.push(['Result', `**${result.status}**: ${show(result.reason)}`]);
    if (request) {
        const webhook = result.webhook;
        const answer = webhook ? ` → ${webhook.code} ${show(webhook.reason)} in ${formatDuration(webhook.ms)}` : '';
        rows.push(['Request', `${code(cut$1(request))}${answer}`]);
    }
    if (result.statusUrl)
        rows.push(['Status URL', code(cut$1(secrets.showUrl(result.statusUrl)))]);
    if (result.monitorStartedAt !== undefined) {
        const waits = result.serverWaits;
        const asked = waits
            ? `; the status URL asked for ${waits.count} longer ${waits.count === 1 ? 'wait' : 'waits'} (Retry-After), ${formatDuration(waits.ms)} in all`
            : '';
        rows.push(['Polls', `${result.polls} in ${formatDuration(result.elapsedMs - result.monitorStartedAt)}${asked}`]);
    }
    if (result.lastStatus !== undefined)
        rows.push(['Last status', code(cut$1(secrets.redact(result.lastStatus)))]);
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
        ...(phases ? chartBlock(result, phases, secrets) : []),
        '| | |',
        '|---|---|',
        ...rows.map(([name, value]) => `| ${name} | ${value} |`),
        '',
        ...payloadBlock(input.sent, secrets)
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
    lines.push(...buildInfoBlock(result.buildInfo, secrets));
    return lines.join('\n');
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

// Hands the result on: the files in RUNNER_TEMP, the step outputs, the job summary and the step's
// result. Nothing here may fail the step on its own.
async function report({ config, secrets, timeline, request }, result) {
    // The step's result first: a failure to write what follows must not turn it into a success.
    if (result.status !== 'SUCCEEDED')
        process.exitCode = 1;
    const files = writeFiles(result, secrets);
    const { values, warnings } = collectOutputs(result, config, secrets, files);
    for (const { title, message } of warnings)
        warning(message, { title });
    attempt('The step outputs', () => setOutputs(values));
    // Outside a runner (or on an old one) there is no summary file, and nothing to say about it.
    if (config.summary && process.env.GITHUB_STEP_SUMMARY) {
        const markdown = renderSummary({
            result,
            request,
            events: timeline.events,
            omittedEvents: timeline.omitted,
            secrets,
            phases: timeline.phases,
            // Sent on every attempt, as it is here: after form encoding, from payload-file too.
            sent: request === undefined ? undefined : config.webhook.body
        });
        try {
            await summary.addRaw(markdown, true).write();
        }
        catch (error) {
            warning(`The job summary could not be written: ${error.message}`);
        }
    }
}
/** A run that stopped before the stage (bad input, or a defect): only status and error are known. */
function reportEarlyFailure(message) {
    // Set here too: a stand-in for @actions/core (GitHub's local runner) may not set it.
    process.exitCode = 1;
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
        warning(`${what} could not be written: ${error.message}`);
    }
}
function setOutputs(values) {
    for (const [name, value] of values)
        setOutput(name, value);
}
function writeFiles(result, secrets) {
    let files = { buildInfo: '', response: '' };
    attempt('The build-info and response files', () => (files = writeFilesIn(process.env.RUNNER_TEMP || $e13$1(), result, secrets)));
    return files;
}
function writeFilesIn(temp, result, secrets) {
    const write = (dir, name, payload) => {
        const file = $e3$3(dir, `${name}.${payload?.isJson ? 'json' : 'txt'}`);
        $e83(file, payloadText(payload, secrets));
        return file;
    };
    const dir = $e45($e3$3(temp, 'webhook-stage-'));
    return {
        buildInfo: write(dir, 'build-info', result.buildInfo),
        response: write(dir, 'response', result.webhook?.payload)
    };
}

// The log: one line per change in the timeline, redacted and defused. Warnings and errors are
// annotations, titled so that the annotations list says what they are about.
const TITLES = {
    retry: 'Webhook call retried',
    'poll-failure': 'Polling the status URL',
    'cancel-call': 'Cancel call',
    note: 'Webhook stage'
};
function logEvent(event, secrets) {
    const line = defuse(secrets.redact(event.text));
    if (event.level === 'info')
        return info(line);
    const title = event.kind === 'outcome' ? `Webhook ${line.split(':', 1)[0]}` : (TITLES[event.kind] ?? 'Webhook stage');
    if (event.level === 'error')
        error(line, { title });
    else
        warning(line, { title });
}

// Which failures are transient, and how long to wait before the next try.
/** Retrying cannot change these: the server lacks the method, the HTTP version, or a network login. */
const FINAL_SERVER_ERRORS = new Set([501, 505, 511]);
/** `rateLimited`: the answer is a rate limit (see rate-limit.ts), a 403 included. */
function judgeStatusCode(code, exchange, rules, rateLimited = false) {
    if (exchange === 'webhook' && rules.failFast.has(code))
        return 'fail-fast';
    if (rules.retry.has(code) || rateLimited)
        return 'transient';
    if (code === 429 || (code >= 500 && !FINAL_SERVER_ERRORS.has(code)))
        return 'transient';
    // A 3xx that was not followed (any method but GET and HEAD) is accepted, as in Spinnaker.
    if (code >= 200 && code < 400)
        return 'accepted';
    return 'rejected';
}
/**
 * A request that never reached the server can always be sent again. One that broke off after
 * it was sent is sent again only when repeating it is harmless: an idempotent method, or a POST
 * or PATCH that carries an Idempotency-Key (`keyed`); otherwise a POST is never sent twice.
 */
function isTransientFailure(kind, method, keyed = false) {
    switch (kind) {
        case 'connect':
        case 'dns':
            return true;
        case 'reset':
        case 'timeout':
            return keyed || IDEMPOTENT_METHODS.has(method);
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

// Rate limits: GitHub and many other APIs answer a spent limit with 403 (or 429) and say when it
// resets in `x-ratelimit-*` headers. Such an answer is transient, and its wait is what the server
// says, within Retry-After's caps. Reading is pure; RateLimitNotes keeps the log to one line per
// stretch of rate-limited answers.
/**
 * Whether an answer is a rate limit: a 429, or a 403 with Retry-After or with
 * `x-ratelimit-remaining: 0` (a plain 403 is a refusal, final). `now` is ms since the epoch.
 */
function readRateLimit(code, headers, now) {
    const retryAfter = first(headers['retry-after']);
    const spent = first(headers['x-ratelimit-remaining']) === '0';
    if (code !== 429 && !(code === 403 && (retryAfter !== undefined || spent)))
        return undefined;
    const asked = retryAfterDelay(retryAfter, now);
    if (asked !== undefined)
        return { waitMs: asked, resetsAt: now + asked };
    const reset = first(headers['x-ratelimit-reset']);
    if (!spent || reset === undefined || !/^\d+$/.test(reset))
        return {};
    const resetsAt = Number(reset) * 1000;
    // A reset already past: the limit is back, and the usual backoff does.
    return resetsAt > now ? { waitMs: Math.min(resetsAt - now, MAX_RETRY_AFTER_MS), resetsAt } : {};
}
/** The log's line for a stretch of rate-limited answers: that it is one, and when it resets. */
function describeRateLimit(limit, answered, now) {
    const { waitMs, resetsAt } = limit;
    if (resetsAt === undefined)
        return `rate limited (${answered}): the server does not say when it resets; waiting`;
    const at = new Date(resetsAt).toISOString().replace(/\.\d+Z$/, 'Z');
    const resets = `it resets at ${at} (in ${formatDuration(Math.max(resetsAt - now, 0))})`;
    // A reset past Retry-After's cap is waited for in steps.
    const steps = waitMs !== undefined && resetsAt - now > waitMs ? ` ${formatDuration(waitMs)}, then asking again` : '';
    return `rate limited (${answered}): ${resets}; waiting${steps}`;
}
/** Says once per stretch of rate-limited answers that the server limits the rate. */
class RateLimitNotes {
    timeline;
    limited = false;
    constructor(timeline) {
        this.timeline = timeline;
    }
    /** Hears of each answer: its rate limit, or undefined for any other answer or failure. */
    heard(limit, answered) {
        // A line of the log, not a warning: the failure itself is already one (a retry, a poll failure).
        if (limit && !this.limited)
            this.timeline.record('note', describeRateLimit(limit, answered, Date.now()));
        this.limited = limit !== undefined;
    }
}
function first(value) {
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    return text ? text : undefined;
}

// One poll's answer, read as Spinnaker's WebhookResponseProcessor reads it: the build info, the
// status and what it maps to, the progress, and whether polling goes on. Reading is a pure
// function of the answer, the settings and the secrets; the monitor keeps only time.
/**
 * Reads one poll's answer. A 202 means the work still runs, whatever its body, unless the status
 * path finds a final status there; a 303 that led to a 2xx result means the work is done; a 304
 * repeats `previous`. `payload` is the answer's body, read once. `now` is for Retry-After dates.
 */
function readPoll(answer, payload, rules, history = { limitedRetries: new Map() }, now = Date.now()) {
    const { previous } = history;
    const { settings, secrets } = rules;
    const answered = () => answer.seeOther
        ? `the status URL led (303 See Other) to its result, which answered ${describeCode(answer)}`
        : `the status URL answered ${describeCode(answer)}`;
    const rateLimit = readRateLimit(answer.code, answer.headers, now);
    const retryAfterMs = rateLimit ? rateLimit.waitMs : retryAfterDelay(answer.headers['retry-after'], now);
    // poll-retry-limits overrides every other rule for its codes, as Orca's retries map does.
    const limit = settings.pollRetryLimits.get(answer.code);
    if (limit !== undefined) {
        if ((history.limitedRetries.get(answer.code) ?? 0) < limit) {
            return { kind: 'transient', failure: answered(), retryAfterMs, limitedCode: answer.code };
        }
        const why = limit === 0 ? 'which poll-retry-limits never retries' : `after ${limit} retries (poll-retry-limits)`;
        return { kind: 'stopped', failure: `${answered()}, ${why}${bodySnippet(secrets, payload)}` };
    }
    const codeRules = { failFast: settings.failFastStatusCodes, retry: settings.retryStatusCodes };
    switch (judgeStatusCode(answer.code, 'poll', codeRules, rateLimit !== undefined)) {
        case 'transient':
            return { kind: 'transient', failure: answered(), retryAfterMs, rateLimit };
        case 'rejected':
        case 'fail-fast': {
            const snippet = bodySnippet(secrets, payload);
            return { kind: 'stopped', failure: `${answered()}${heldBackHint(answer.code, rules)}${snippet}` };
        }
    }
    const notModified = answer.code === 304 && previous !== undefined;
    const code = notModified ? previous.code : answer.code;
    const buildInfo = notModified ? previous.buildInfo : payload;
    const running = code === 202 && !answer.seeOther;
    const document = documentOf(buildInfo);
    const path = settings.statusJsonPath;
    const search = path ? searchDocument(path, document) : { found: [] };
    if ('unsearchable' in search)
        return { kind: 'stopped', failure: `status-json-path ${search.unsearchable}`, buildInfo };
    let reading = path ? readStatus(search.found, settings.statuses, settings.missingStatus) : undefined;
    const statusMissing = reading?.kind === 'not-yet' ? reading.found : undefined;
    // A 202's body may say nothing of the status yet, and a result may carry none: neither is an error.
    if (reading?.kind === 'not-yet' || (reading?.kind === 'unusable' && (running || answer.seeOther)))
        reading = undefined;
    if (reading?.kind === 'unusable') {
        const what = buildInfo.isJson
            ? ''
            : buildInfo.bytes === 0
                ? ' (the answer is empty)'
                : ` (the answer is not JSON${bodySnippet(secrets, buildInfo)})`;
        return {
            kind: 'stopped',
            failure: `status-json-path ${path?.source} found ${reading.found} in the status URL's answer${what}`,
            buildInfo
        };
    }
    const { progress, warning } = readProgress(settings.progressJsonPath, document);
    const status = reading && { value: reading.value, percent: reading.percent };
    let outcome;
    if (reading?.kind === 'final' && !(answer.seeOther && reading.status === 'SUCCEEDED')) {
        const why = reading.status === 'SUCCEEDED' ? '' : remoteReason(settings.errorJsonPath, document);
        outcome = { status: reading.status, reason: `the remote job reported ${showStatus(secrets, reading.value)}${why}` };
    }
    else if (answer.seeOther && code < 300) {
        outcome = { status: 'SUCCEEDED', reason: answered() };
    }
    else if (!path && code < 300 && !running) {
        // Without a status path, the first 2xx answer other than 202 is the job's success.
        outcome = { status: 'SUCCEEDED', reason: answered() };
    }
    if (outcome)
        return { kind: 'answered', code, buildInfo, status, progress, warning, outcome };
    const moved = running ? answer.headers[settings.statusUrlHeader.toLowerCase()] : undefined;
    return {
        kind: 'answered',
        code,
        buildInfo,
        status,
        statusMissing,
        progress,
        warning,
        movedTo: Array.isArray(moved) ? moved[0] : moved,
        retryAfterMs: retryAfterDelay(answer.headers['retry-after'], now)
    };
}
/** The remote job's own words for why it failed (error-json-path): `: <text>`, or nothing. */
function remoteReason(path, document) {
    if (!path)
        return '';
    const search = searchDocument(path, document);
    return 'found' in search && search.found.length > 0 ? `: ${showValue(showFound(search.found))}` : '';
}
/** A progress path that finds nothing is no progress, never a failure. */
function readProgress(path, document) {
    if (!path)
        return {};
    const search = searchDocument(path, document);
    if ('unsearchable' in search)
        return { warning: `progress-json-path ${search.unsearchable}; no progress is shown` };
    return search.found.length === 0 ? {} : { progress: showValue(showFound(search.found)) };
}
function heldBackHint(code, { settings, headersHeldBack }) {
    if (!headersHeldBack || (code !== 401 && code !== 403))
        return '';
    const why = settings.statusHeaders === 'never' ? 'status-headers is never' : 'it is on another origin than url';
    return `; your headers were not sent to it because ${why} (set status-headers: always to send them)`;
}
/** Keeps what a poll's answer says in the stage's state, and records what changed. */
function recordReading(ctx, state, reading) {
    const { timeline, secrets } = ctx;
    state.buildInfo = reading.buildInfo;
    if (reading.status && reading.status.value !== state.lastStatus) {
        state.lastStatus = reading.status.value;
        const shown = `${showStatus(secrets, reading.status.value)}${reading.status.percent !== undefined ? '%' : ''}`;
        timeline.record('status', `status ${shown}`, 'info', { subject: shown });
    }
    if (reading.statusMissing !== undefined && !state.statusMissing) {
        const path = ctx.config.statusJsonPath?.source;
        timeline.record('note', `no status yet: status-json-path ${path} found ${reading.statusMissing}; polling goes on`);
    }
    state.statusMissing = reading.statusMissing !== undefined;
    if (reading.status?.percent !== undefined)
        state.percentComplete = reading.status.percent;
    if (reading.progress !== undefined && reading.progress !== state.progress) {
        state.progress = reading.progress;
        const shown = defuse(secrets.redact(reading.progress));
        timeline.record('progress', `progress: ${shown}`, 'info', { subject: shown });
    }
    if (reading.warning)
        timeline.record('note', reading.warning, 'warning');
}
/** A status value as the log and messages show it: one line, redacted, cut. */
function showStatus(secrets, value) {
    return defuse(secrets.redact(value), MAX_VALUE_SHOWN);
}

// Polling's cadence, as Orca's MonitorWebhookTask sets its backoff: when the next poll goes out.
// Pure: the monitor keeps the clock.
const FIRST_MINUTE_MS = 60_000;
/** The wait between polls: fixed, or Spinnaker's cadence of every second for a minute, then every 15 s. */
function pollInterval(setting, monitoringMs) {
    if (setting !== 'auto')
        return setting;
    return monitoringMs < FIRST_MINUTE_MS ? 1_000 : 15_000;
}
function describeCadence(setting) {
    return setting === 'auto' ? 'every 1s for the first minute, then every 15s' : `every ${formatDuration(setting)}`;
}
/**
 * The wait before the next poll. Polling keeps its cadence through failures, as in Spinnaker;
 * Retry-After may lengthen a wait after a failure, and the server may ask for a longer one while
 * the work goes on (which saves polls), never a shorter one.
 */
function nextWait(setting, monitoringMs, step, remainingMs) {
    const cadence = pollInterval(setting, monitoringMs);
    if (step.kind === 'failed') {
        return { waitMs: step.retryAfterMs === undefined ? cadence : Math.max(cadence, retryAfterWait(step.retryAfterMs)) };
    }
    if (step.askedMs !== undefined && step.askedMs > cadence) {
        return { waitMs: step.askedMs, serverWaitMs: Math.min(step.askedMs, remainingMs) };
    }
    return { waitMs: cadence };
}

// Monitoring, as Spinnaker's MonitorWebhookTask: poll the status URL with GET until the status
// maps to SUCCEEDED, CANCELED or TERMINAL, or the timeout passes. The log hears of changes only,
// plus a heartbeat at most once a minute.
const HEARTBEAT_MS = 60_000;
/** An outage this long is worth a line when it ends. */
const LONG_OUTAGE_MS = 60_000;
/** Kinds of poll failure counted apart; more are counted together. */
const MAX_FAILURE_KINDS = 10;
/** Polls `state.statusUrl` until the remote job reports a final status. */
async function monitor(ctx, state) {
    const { config, timeline } = ctx;
    await waitBeforeMonitoring(ctx, state);
    const started = timeline.now();
    state.monitorStartedAt = started;
    const deadline = AbortSignal.timeout(config.timeoutMs);
    const stop = AbortSignal.any([ctx.cancelled, deadline]);
    const polling = {
        target: pollTarget(ctx, state.statusUrl, stop),
        history: { limitedRetries: new Map() },
        failures: new PollFailures(ctx, state),
        rateLimits: new RateLimitNotes(timeline),
        deadline,
        stop,
        remaining: () => config.timeoutMs - (timeline.now() - started),
        timedOut: () => new StageFailure(`timed out after ${formatDuration(config.timeoutMs)} of polling (${state.polls} polls; ` +
            `${state.lastStatus === undefined ? 'no status yet' : `last status ${showStatus(ctx.secrets, state.lastStatus)}`})`, true)
    };
    timeline.record('note', `polling ${describeCadence(config.pollInterval)}, for at most ${formatDuration(config.timeoutMs)}` +
        (polling.target.headersHeldBack ? `; headers held back (status-headers: ${config.statusHeaders})` : ''));
    for (;;) {
        const step = await pollOnce(ctx, state, polling);
        if (step.kind === 'final')
            return step.outcome;
        if (step.kind === 'failed')
            polling.failures.failed(step.failure);
        const { waitMs, serverWaitMs } = nextWait(config.pollInterval, timeline.now() - started, step, polling.remaining());
        if (serverWaitMs !== undefined) {
            const waits = (state.serverWaits ??= { count: 0, ms: 0 });
            waits.count++;
            waits.ms += serverWaitMs;
        }
        heartbeat(ctx, state, started);
        await sleepUntilNextPoll(ctx, polling, waitMs);
    }
}
async function waitBeforeMonitoring(ctx, state) {
    const { config, timeline } = ctx;
    const firstWait = waitBeforeFirstPoll(config, state);
    if (firstWait <= 0)
        return;
    const asked = firstWait > config.waitBeforeMonitorMs ? ' as Retry-After asks' : '';
    timeline.record('wait', `waiting ${formatDuration(firstWait)} before the first poll${asked}`);
    await sleep(firstWait, ctx.cancelled);
}
/** One GET of the status URL, within what is left of the timeout. */
async function pollOnce(ctx, state, polling) {
    const { config } = ctx;
    const { request } = polling.target;
    // A poll may not outlast the timeout: then its deadline is the timeout's.
    request.timeoutMs = Math.min(config.requestTimeoutMs, polling.remaining());
    const cutShort = request.timeoutMs < config.requestTimeoutMs;
    state.polls++;
    const startedAt = performance.now();
    let answer;
    try {
        answer = await exchange(ctx, request, true);
    }
    catch (error) {
        if (!(error instanceof ExchangeError))
            throw error;
        debugExchange(ctx, request, startedAt, error);
        if (ctx.cancelled.aborted)
            throw error;
        if (polling.deadline.aborted || polling.remaining() <= 0 || (cutShort && error.deadlinePassed)) {
            throw polling.timedOut();
        }
        if (!isTransientFailure(error.kind, 'GET')) {
            throw new StageFailure(`polling the status URL failed: ${error.message}`, true);
        }
        return { kind: 'failed', failure: error.message };
    }
    return readAnswer(ctx, state, polling, answer, startedAt);
}
/** What a poll's answer means for the wait, and what it changes: status, validators, the URL polled. */
function readAnswer(ctx, state, polling, answer, startedAt) {
    const { request, rules, validators } = polling.target;
    const payload = readPayload(answer.body);
    // Before anything that holds the body is logged.
    maskSecretsIn(ctx, payload);
    state.lastPoll = { code: answer.code, headers: answer.headers };
    const reading = readPoll(answer, payload, rules, polling.history);
    debugExchange(ctx, request, startedAt, answer, reading.kind === 'answered' ? reading.status?.value : undefined);
    if (reading.kind === 'stopped') {
        if (reading.buildInfo)
            state.buildInfo = reading.buildInfo;
        throw new StageFailure(reading.failure, true);
    }
    const transient = reading.kind === 'transient' ? reading : undefined;
    polling.rateLimits.heard(transient?.rateLimit, transient?.failure ?? '');
    if (reading.kind === 'transient') {
        const code = reading.limitedCode;
        const retries = polling.history.limitedRetries;
        if (code !== undefined)
            retries.set(code, (retries.get(code) ?? 0) + 1);
        return { kind: 'failed', failure: reading.failure, retryAfterMs: reading.retryAfterMs };
    }
    polling.failures.answered();
    recordReading(ctx, state, reading);
    if (reading.outcome)
        return { kind: 'final', outcome: reading.outcome };
    polling.history.previous = { code: reading.code, buildInfo: reading.buildInfo };
    validators.keep(answer.headers);
    if (reading.movedTo !== undefined) {
        const moved = movePolling(ctx, state, polling, reading.movedTo, answer.url);
        if (moved.href !== request.url.href)
            polling.target = pollTarget(ctx, moved, polling.stop);
    }
    return { kind: 'going-on', askedMs: reading.retryAfterMs };
}
function heartbeat(ctx, state, started) {
    const { timeline } = ctx;
    if (timeline.now() - timeline.lastReportedAt < HEARTBEAT_MS)
        return;
    const status = state.lastStatus === undefined ? 'waiting' : showStatus(ctx.secrets, state.lastStatus);
    timeline.heartbeat(`still ${status} after ${formatDuration(timeline.now() - started)} (${state.polls} polls)`);
}
/**
 * Never waits past the timeout: a wait that would reach it is the last one, and ends the stage
 * (a timer may fire a hair early, which must not buy one more poll).
 */
async function sleepUntilNextPoll(ctx, polling, waitMs) {
    const left = polling.remaining();
    try {
        await sleep(Math.min(waitMs, left), polling.stop);
    }
    catch (error) {
        if (ctx.cancelled.aborted)
            throw error;
    }
    if (waitMs >= left || polling.deadline.aborted || polling.remaining() <= 0)
        throw polling.timedOut();
}
/** wait-before-monitor, or longer when the webhook's 202 asks it with Retry-After (at most 5 minutes). */
function waitBeforeFirstPoll(config, state) {
    const call = state.webhook;
    const asked = call?.code === 202 ? retryAfterDelay(call.headers['retry-after'], Date.now()) : undefined;
    return Math.max(config.waitBeforeMonitorMs, asked ?? 0);
}
/** The request that polls `url`, and what goes with it; made anew when polling moves. */
function pollTarget(ctx, url, signal) {
    const { request, headersHeldBack } = pollRequest(ctx, url, signal);
    const rules = { settings: ctx.config, secrets: ctx.secrets, headersHeldBack };
    return { request, rules, headersHeldBack, validators: new Validators(request) };
}
/**
 * The status URL a 202 names, resolved against the URL polled; its user info is never used and
 * never shown. A value that is not an http(s) URL leaves polling where it is, with a warning.
 */
function movePolling(ctx, state, polling, written, current) {
    const { secrets, timeline, config } = ctx;
    let next;
    try {
        next = urlFromServer(written, current, secrets, `the status URL's ${config.statusUrlHeader}`);
    }
    catch (error) {
        if (!(error instanceof ServerUrlError))
            throw error;
        // Every 202 may name it again: one warning, not one a poll.
        if (polling.refusedMove !== written)
            timeline.record('note', `${error.message}; polling stays`, 'warning');
        polling.refusedMove = written;
        return current;
    }
    if (next.href !== current.href) {
        state.statusUrl = next;
        timeline.record('status-url', `polling moves to ${secrets.showUrl(next)}`);
    }
    return next;
}
/**
 * Conditional polls: the last ETag (or Last-Modified) a poll's answer carried is sent back as
 * If-None-Match (or If-Modified-Since), so an unchanged status costs the server a 304.
 */
class Validators {
    request;
    constructor(request) {
        this.request = request;
    }
    keep(headers) {
        const etag = headers.etag;
        const lastModified = headers['last-modified'];
        if (etag) {
            this.request.headers['If-None-Match'] = etag;
            delete this.request.headers['If-Modified-Since'];
        }
        else if (lastModified) {
            this.request.headers['If-Modified-Since'] = lastModified;
            delete this.request.headers['If-None-Match'];
        }
    }
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

// Status URL resolution, as Spinnaker's statusUrlResolution: the webhook URL itself, the answer's
// Location header, or a string in the answer's body.
class StatusUrlError extends Error {
}
/** Where the status URL came from, for the log: `the webhook URL`, `the Operation-Location header` … */
function resolutionSource(config) {
    switch (config.statusUrlResolution) {
        case 'get-method':
            return 'the webhook URL';
        case 'location-header':
            return `the ${config.statusUrlHeader} header`;
        case 'webhook-response':
            return "the webhook's answer";
    }
}
/**
 * The status URL of this run, kept in `state`: a URL that cannot be resolved stops the wait
 * without a final status. User info in the webhook's Location is masked even when the status URL
 * comes from elsewhere: the response-headers output shows that header.
 */
function statusUrlFor(ctx, state) {
    const { config, secrets, timeline } = ctx;
    for (const location of [state.webhook?.headers.location].flat()) {
        if (location && URL.canParse(location, config.webhook.url.href))
            secrets.takeUserInfo(new URL(location, config.webhook.url));
    }
    let statusUrl;
    try {
        statusUrl = resolveStatusUrl(config, state.webhook, secrets);
    }
    catch (error) {
        if (error instanceof StatusUrlError || error instanceof ServerUrlError)
            throw new StageFailure(error.message, true);
        throw error;
    }
    // The server chose this URL: its query values are masked where it is shown (by name), not
    // hunted down in every body, where a job id in `?op_key=` would turn into ***.
    state.statusUrl = statusUrl;
    timeline.record('status-url', `status URL (${resolutionSource(config)}): ${secrets.showUrl(statusUrl)}`);
    return statusUrl;
}
/**
 * The URL to poll. A relative one is resolved against the webhook URL. Like Spinnaker, a status
 * URL on the webhook's host with another scheme takes the webhook's scheme (TLS is often
 * terminated in front of the service, which then reports http URLs).
 * User info is taken into `secrets` and blanked. Throws StatusUrlError saying what is missing,
 * or ServerUrlError when what the server named is not an http(s) URL.
 */
function resolveStatusUrl(config, webhook, secrets) {
    const base = config.webhook.url;
    let text;
    switch (config.statusUrlResolution) {
        case 'get-method':
            return new URL(base);
        case 'location-header': {
            const header = config.statusUrlHeader;
            const value = webhook?.headers[header.toLowerCase()];
            const location = Array.isArray(value) ? value[0] : value;
            if (!location) {
                throw new StatusUrlError(`the webhook's answer has no ${header} header to poll (status-url-resolution: location-header)`);
            }
            text = location;
            break;
        }
        case 'webhook-response': {
            const path = config.statusUrlJsonPath;
            const search = path && webhook ? searchDocument(path, documentOf(webhook.payload)) : { found: [] };
            if ('unsearchable' in search)
                throw new StatusUrlError(`status-url-json-path ${search.unsearchable}`);
            const { found } = search;
            if (found.length !== 1 || typeof found[0] !== 'string' || found[0].trim() === '') {
                throw new StatusUrlError(`status-url-json-path ${path?.source} found ${describeFound(found)} in the webhook's answer, not a URL to poll`);
            }
            text = found[0].trim();
            break;
        }
    }
    const url = urlFromServer(text, base, secrets, `the status URL from ${resolutionSource(config)}`);
    if (url.hostname === base.hostname && url.protocol !== base.protocol)
        url.protocol = base.protocol;
    return url;
}

// The webhook call: one request, retried while its failures are transient.
const EMPTY = Buffer.alloc(0);
/** Calls the webhook; its answer is kept in `state` even when the call fails. */
async function callWebhook(ctx, state) {
    const { config, timeline } = ctx;
    const spec = config.webhook;
    const request = webhookRequest(ctx);
    // The same key on every attempt: the server can tell a repeat from a new call.
    if (config.idempotencyKey)
        request.headers['Idempotency-Key'] = config.idempotencyKey;
    // Standard Webhooks' id stays the same over retries too; the timestamp and signature do not.
    const messageId = `msg_${$e38()}`;
    timeline.record('request', `${describeRequest(ctx, spec)}${describeSent(ctx, spec)}`);
    const rateLimits = new RateLimitNotes(timeline);
    for (let retry = 1;; retry++) {
        const retriesLeft = retry <= config.retries;
        let answer;
        const startedAt = performance.now();
        if (config.signing) {
            const { scheme, key } = config.signing;
            Object.assign(request.headers, signatureHeaders(scheme, key, request.body ?? EMPTY, messageId, Date.now() / 1000));
        }
        try {
            answer = await exchange(ctx, request);
            debugExchange(ctx, request, startedAt, answer);
        }
        catch (error) {
            debugExchange(ctx, request, startedAt, error);
            if (!(error instanceof ExchangeError) || error.kind === 'aborted')
                throw error;
            if (!retriesLeft || !isTransientFailure(error.kind, spec.method, config.idempotencyKey !== undefined)) {
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
        maskSecretsIn(ctx, call.payload);
        state.webhook = call;
        state.buildInfo = call.payload;
        const answered = `the webhook answered ${describeCode(answer)}`;
        const rateLimit = readRateLimit(answer.code, answer.headers, Date.now());
        const codeRules = { failFast: config.failFastStatusCodes, retry: config.retryStatusCodes };
        const verdict = judgeStatusCode(answer.code, 'webhook', codeRules, rateLimit !== undefined);
        rateLimits.heard(verdict === 'transient' ? rateLimit : undefined, answered);
        switch (verdict) {
            case 'accepted':
                timeline.record('answer', `answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`);
                return call;
            case 'fail-fast':
                throw new StageFailure(`${answered}, a fail-fast status code${bodySnippet(ctx.secrets, call.payload)}`);
            case 'transient':
                if (!retriesLeft)
                    throw new StageFailure(`${answered}${afterRetries(retry)}${bodySnippet(ctx.secrets, call.payload)}`);
                await retryLater(ctx, retry, serverWait(answer, rateLimit), answered);
                continue;
            case 'rejected':
                throw new StageFailure(`${answered}${bodySnippet(ctx.secrets, call.payload)}`);
        }
    }
    function afterRetries(retry) {
        return retry > 1 ? ` after ${retry - 1} ${retry === 2 ? 'retry' : 'retries'}` : '';
    }
}
/** The wait the answer asks for: Retry-After, or a rate limit's reset; absent: the usual backoff. */
function serverWait(answer, rateLimit) {
    if (answer.headers['retry-after'] === undefined && rateLimit?.waitMs !== undefined) {
        return { ms: rateLimit.waitMs, asked: ' until the rate limit resets' };
    }
    const ms = rateLimit ? rateLimit.waitMs : retryAfterDelay(answer.headers['retry-after'], Date.now());
    return ms === undefined ? undefined : { ms, asked: ' as Retry-After asks' };
}
async function retryLater(ctx, retry, server, why) {
    const wait = retryDelay(retry, server?.ms);
    const asked = server?.asked ?? '';
    ctx.timeline.record('retry', `retry ${retry} of ${ctx.config.retries} in ${formatDuration(wait)}${asked}: ${why}`);
    await sleep(wait, ctx.cancelled);
}

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
            config = await readInputs(secrets);
        }
        catch (error) {
            if (!(error instanceof InputError))
                throw error;
            return reportEarlyFailure(error.message);
        }
        const ctx = { config, secrets, timeline, cancelled: signals.cancelled, debug: isDebug() };
        if (config.oidcAudience) {
            // Each new token is masked (secrets.add registers it with the runner) before any request.
            ctx.oidc = new OidcTokens(config.oidcAudience, audience => import('./oidc-token.js').then(client => client.requestIdToken(audience, secrets)), token => secrets.add(token));
        }
        const result = await runStage(ctx, signals.hurry);
        const request = config.monitorOnly ? undefined : describeRequest(ctx, config.webhook);
        await report({ config, secrets, timeline, request }, result);
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
        await callCancelEndpoint(ctx, state, hurry);
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
    const { config } = ctx;
    if (!config.monitorOnly) {
        const call = await callWebhook(ctx, state);
        if (!config.waitForCompletion)
            return { status: 'SUCCEEDED', reason: `the webhook answered ${describeCode(call)}` };
    }
    statusUrlFor(ctx, state);
    return monitor(ctx, state);
}

// Exit as soon as the stage is reported and the log is written out: a kept-alive connection or a
// proxy tunnel must not hold a finished step open.
run()
    .catch(() => (process.exitCode = 1))
    .finally(() => process.stdout.write('', () => process.exit()));

export { $builtin$6 as $, $builtin$3 as a, $builtin$4 as b, $builtin$5 as c, $builtin$9 as d, $builtin$2 as e, $e16 as f, getProxyUrl as g, http as h, $e3$2 as i, oidcAvailable as o, send as s };
