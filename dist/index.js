const $builtin$7 = process.getBuiltinModule('node:os');
const $read$7 = name => $builtin$7[name];
const $e13$1 = /*#__PURE__*/ $read$7('tmpdir');
const $e21 = /*#__PURE__*/ $read$7('EOL');

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

const $builtin$6 = process.getBuiltinModule('node:crypto');
const $read$6 = name => $builtin$6[name];
const $e8$3 = /*#__PURE__*/ $read$6('createHmac');
const $e9$1 = /*#__PURE__*/ $read$6('createPrivateKey');
const $e38 = /*#__PURE__*/ $read$6('randomUUID');
const $e61 = /*#__PURE__*/ $read$6('X509Certificate');

const $builtin$5 = process.getBuiltinModule('node:fs');
const $read$5 = name => $builtin$5[name];
const $e1$1 = /*#__PURE__*/ $read$5('appendFileSync');
const $e17 = /*#__PURE__*/ $read$5('existsSync');
const $e45 = /*#__PURE__*/ $read$5('mkdtempSync');
const $e56 = /*#__PURE__*/ $read$5('readFileSync');
const $e83 = /*#__PURE__*/ $read$5('writeFileSync');
const $e102 = /*#__PURE__*/ $read$5('constants');
const $e103 = /*#__PURE__*/ $read$5('promises');

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

const $builtin$4 = process.getBuiltinModule('node:path');
const $read$4 = name => $builtin$4[name];
const $e0$1 = /*#__PURE__*/ $read$4('resolve');
const $e3$2 = /*#__PURE__*/ $read$4('join');

const $builtin$3 = process.getBuiltinModule('node:http');
const $read$3 = name => $builtin$3[name];
const $e0 = /*#__PURE__*/ $read$3('_connectionListener');
const $e1 = /*#__PURE__*/ $read$3('METHODS');
const $e2 = /*#__PURE__*/ $read$3('STATUS_CODES');
const $e3$1 = /*#__PURE__*/ $read$3('Agent');
const $e4 = /*#__PURE__*/ $read$3('ClientRequest');
const $e5 = /*#__PURE__*/ $read$3('IncomingMessage');
const $e6 = /*#__PURE__*/ $read$3('OutgoingMessage');
const $e7 = /*#__PURE__*/ $read$3('Server');
const $e8$2 = /*#__PURE__*/ $read$3('ServerResponse');
const $e9 = /*#__PURE__*/ $read$3('createServer');
const $e10$1 = /*#__PURE__*/ $read$3('validateHeaderName');
const $e11 = /*#__PURE__*/ $read$3('validateHeaderValue');
const $e12 = /*#__PURE__*/ $read$3('get');
const $e13 = /*#__PURE__*/ $read$3('request');
const $e14 = /*#__PURE__*/ $read$3('setMaxIdleHTTPParsers');
const $e15 = /*#__PURE__*/ $read$3('maxHeaderSize');
const $e16 = /*#__PURE__*/ $read$3('globalAgent');

const http = /*#__PURE__*/Object.freeze(/*#__PURE__*/Object.defineProperty({
    __proto__: null,
    Agent: $e3$1,
    ClientRequest: $e4,
    IncomingMessage: $e5,
    METHODS: $e1,
    OutgoingMessage: $e6,
    STATUS_CODES: $e2,
    Server: $e7,
    ServerResponse: $e8$2,
    _connectionListener: $e0,
    createServer: $e9,
    default: $builtin$3,
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

const $builtin$2 = process.getBuiltinModule('node:net');
const $read$2 = name => $builtin$2[name];
const $e8$1 = /*#__PURE__*/ $read$2('isIP');
const $e10 = /*#__PURE__*/ $read$2('isIPv6');

const $builtin$1 = process.getBuiltinModule('node:stream');
const $read$1 = name => $builtin$1[name];
const $e8 = /*#__PURE__*/ $read$1('Transform');

const $builtin = process.getBuiltinModule('node:buffer');
const $read = name => $builtin[name];
const $e3 = /*#__PURE__*/ $read('isUtf8');

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

const DURATION_UNITS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const UNIT_ORDER = ['h', 'm', 's', 'ms'];
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
const MAX_DURATION_MS = 2_147_483_647;
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
function parseList(text) {
    return text
        .split(/[,\r\n]/)
        .map(item => item.trim())
        .filter(item => item !== '');
}
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

const ACCEPT_ENCODING = 'gzip, deflate, br';
function readDecodedBody(source, contentEncoding, maxBytes, done) {
    const codings = parseCodings(contentEncoding);
    const chunks = [];
    let size = 0;
    let finished = false;
    let sourceEnded = false;
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
        if (!stages[0].write(chunk)) {
            source.pause();
            stages[0].once('drain', () => source.resume());
        }
    });
}
function parseCodings(contentEncoding) {
    const list = Array.isArray(contentEncoding) ? contentEncoding.join(',') : (contentEncoding ?? '');
    return list
        .split(',')
        .map(coding => coding.trim().toLowerCase())
        .filter(coding => coding !== '' && coding !== 'identity')
        .map(coding => (coding === 'x-gzip' ? 'gzip' : coding));
}
function isKnown(coding) {
    return coding === 'gzip' || coding === 'deflate' || coding === 'br';
}
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
    _flush(callback) {
        callback(null, this.head?.length ? this.head : undefined);
    }
}
function isZlibHeader(head) {
    const [cmf, flg] = head;
    return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}
function reason(error) {
    return error.message || (error.code ?? 'unknown error');
}

class AllowedHostsSyntaxError extends Error {
}
const DEFAULT_PORTS = { 'http:': 80, 'https:': 443 };
const ENTRY = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/;
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
function isAllowedHost(url, allowed) {
    const host = withoutTrailingDot(url.hostname);
    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
    return allowed.some(entry => (entry.port === undefined || entry.port === port) &&
        (entry.subdomains ? host.endsWith(`.${entry.host}`) : host === entry.host));
}
function notAllowedMessage(url) {
    return `refused to send a request to ${url.host}: not in allowed-hosts`;
}
function withoutTrailingDot(hostname) {
    return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}
function isAddress(host) {
    return host.startsWith('[') || $e8$1(host) !== 0;
}

function now() {
    return Number(process.hrtime.bigint()) / 1e6;
}

const listeners = new WeakMap();
function whenAborted(signal, onAbort) {
    let calls = listeners.get(signal);
    if (!calls) {
        const set = new Set();
        signal.addEventListener('abort', () => set.forEach(call => call()), { once: true });
        listeners.set(signal, (calls = set));
    }
    calls.add(onAbort);
    return () => calls.delete(onAbort);
}

let linkLocal;
function linkLocalSubnets() {
    if (!linkLocal) {
        linkLocal = new (process.getBuiltinModule('node:net').BlockList)();
        linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
        linkLocal.addSubnet('fe80::', 10, 'ipv6');
    }
    return linkLocal;
}
function isLinkLocal(address) {
    const family = $e8$1(address);
    if (family === 0)
        return false;
    const zone = address.indexOf('%');
    return linkLocalSubnets().check(zone < 0 ? address : address.slice(0, zone), family === 6 ? 'ipv6' : 'ipv4');
}
function bare(hostname) {
    return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}
function linkLocalTarget(url, trustedHost) {
    if (url.hostname === trustedHost)
        return undefined;
    const hostname = bare(url.hostname);
    return isLinkLocal(hostname) ? hostname : undefined;
}
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
const lookupRefusingLinkLocal = (hostname, options, callback) => {
    process
        .getBuiltinModule('node:dns')
        .lookup(hostname, options, (error, address, family) => {
        if (error)
            return callback(error, '', 0);
        const addresses = Array.isArray(address) ? address : [{ address: address }];
        const linkLocal = addresses.find(entry => isLinkLocal(entry.address));
        if (linkLocal)
            return callback(new LinkLocalRefusal(hostname, linkLocal.address), '', 0);
        callback(null, address, family);
    });
};

const UNTRUSTED = {
    DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
    SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed CA that is not trusted',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it is signed by an unknown issuer',
    UNABLE_TO_GET_ISSUER_CERT: 'it is signed by an unknown issuer',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it is signed by an unknown issuer (or the server does not send its intermediates)'
};
const INVALID = {
    CERT_HAS_EXPIRED: 'has expired',
    CERT_NOT_YET_VALID: 'is not valid yet',
    CERT_REVOKED: 'has been revoked',
    INVALID_PURPOSE: 'is not meant for a TLS server',
    CERT_SIGNATURE_FAILURE: 'has a signature that does not verify'
};
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
const HANDSHAKE_CLOSED = /before secure TLS connection was established/;
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
function cleanOpenSslMessage(message) {
    return message
        .replace(/(?:[0-9A-F]{8,}:)?error:[0-9A-F]{8}:[^:\n]*:[^:\n]*:/g, '')
        .replace(/:?[^\s:]*\.(?:c|cc|cpp|h):\d+:?/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
}

function loadHttps() {
    return import('./_builtin_https.js').then(n => n.h);
}
const agents = new Map();
async function agentFor(url, keepAlive, settings) {
    const proxy = getProxyUrl(url);
    const tls = url.protocol === 'https:' ? settings : undefined;
    const key = `${url.protocol} ${keepAlive} ${proxy?.href ?? ''} ${tls?.cert ? 'identity' : ''} ${tls?.ca ? 'ca' : ''}`;
    let entry = agents.get(key);
    if (!entry) {
        let agent;
        if (proxy) {
            const { HttpClient } = await import('./proxy-agent.js');
            agent = new HttpClient('webhook-stage-action', [], { keepAlive }).getAgent(url.href);
            bracketIpv6Targets(agent);
            if (url.protocol === 'https:')
                nameTlsTargetsAsNodeDoes(agent);
            if (tls)
                Object.assign(agent.options, tls);
        }
        else {
            agent =
                url.protocol === 'https:' ? new (await loadHttps()).Agent({ keepAlive, ...tls }) : new $e3$1({ keepAlive });
        }
        entry = agents.get(key) ?? { agent, proxied: proxy !== undefined };
        agents.set(key, entry);
    }
    return entry;
}
function bracketIpv6Targets(agent) {
    const tunnel = agent;
    const addRequest = tunnel.addRequest.bind(agent);
    tunnel.addRequest = (request, options, ...rest) => {
        const host = options?.host;
        const target = typeof host === 'string' && $e10(host) ? { ...options, host: `[${host}]` } : options;
        addRequest(request, target, ...rest);
    };
}
function nameTlsTargetsAsNodeDoes(agent) {
    const tunnel = agent;
    const openTunnel = Object.getPrototypeOf(agent).createSocket;
    tunnel.createSocket = (options, done) => openTunnel.call(agent, options, socket => {
        const hostHeader = options.request.getHeader('host');
        const name = hostName(typeof hostHeader === 'string' ? hostHeader : options.host);
        const servername = $e8$1(name) ? '' : name;
        const host = bare(options.host);
        const secure = process.getBuiltinModule('node:tls').connect({ ...tunnel.options, socket, host, servername });
        tunnel.sockets[tunnel.sockets.indexOf(socket)] = secure;
        done(secure);
    });
}
function hostName(authority) {
    return bare(authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.split(':', 1)[0]);
}

class ServerUrlError extends Error {
}
function urlFromServer(written, base, secrets, what) {
    let url;
    try {
        url = new URL(written, base);
    }
    catch {
        throw new ServerUrlError(`${what} is not a URL`);
    }
    secrets.takeUserInfo(url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ServerUrlError(`${what} is a ${url.protocol} URL, not http or https`);
    }
    return url;
}

function hasHeader(headers, lowerName) {
    return Object.keys(headers).some(name => name.toLowerCase() === lowerName);
}
function headerValue(headers, lowerName) {
    const name = Object.keys(headers).find(key => key.toLowerCase() === lowerName);
    const value = name === undefined ? undefined : headers[name];
    return Array.isArray(value) ? value[0] : value;
}
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
class ExchangeError extends Error {
    kind;
    deadlinePassed;
    constructor(kind, message, deadlinePassed = false) {
        super(message);
        this.kind = kind;
        this.deadlinePassed = deadlinePassed;
    }
}
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
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
    const { agent, proxied } = await agentFor(url, IDEMPOTENT_METHODS.has(method), request.tls);
    const secure = url.protocol === 'https:';
    const transport = secure ? await loadHttps() : http;
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(new ExchangeError('aborted', 'aborted'));
        const started = now();
        let sent = false;
        let settled = false;
        const req = transport.request({
            method,
            hostname: bare(url.hostname),
            port: url.port || undefined,
            path: url.pathname + url.search,
            headers: {
                ...request.headers,
                ...request.credentials,
                ...(request.body && { 'Content-Length': request.body.length })
            },
            agent,
            ...(!trusted && !proxied && { lookup: lookupRefusingLinkLocal })
        });
        let stopListening;
        const settle = (error, answer) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(deadline);
            stopListening?.();
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
        if (signal)
            stopListening = whenAborted(signal, onAbort);
        req.on('socket', socket => {
            if (!socket.connecting)
                sent = true;
            else
                socket.once(secure ? 'secureConnect' : 'connect', () => (sent = true));
        });
        req.on('error', error => settle(describeFailure(error, sent, url, request.tls?.cert !== undefined)));
        req.on('response', res => {
            takeUserInfoOf(res.headers, url, request.secrets);
            const tooLarge = (message) => settle(new ExchangeError('too-large', message));
            const bodyless = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
            if (!bodyless && !res.headers['content-encoding'] && Number(res.headers['content-length']) > maxResponseBytes) {
                return tooLarge(`the answer is larger than max-response-size (${formatBytes(maxResponseBytes)})`);
            }
            readDecodedBody(res, res.headers['content-encoding'], maxResponseBytes, outcome => {
                if ('body' in outcome) {
                    const answer = { code: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: res.headers, url };
                    return settle(undefined, { ...answer, body: outcome.body, ms: now() - started });
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
function takeUserInfoOf(headers, base, secrets) {
    for (const value of Object.values(headers).flat()) {
        if (!value?.includes('@') || !URL.canParse(value, base.href))
            continue;
        const url = new URL(value, base);
        if (url.username || url.password)
            secrets.takeUserInfo(url);
    }
}

const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie)$|token|key|secret|auth|signature|password|session|credential/i;
const SECRET_QUERY_NAME = /token|key|secret|signature|password|auth|sig|code/i;
const MIN_SECRET_LENGTH = 4;
const MASK = '***';
const MAX_SHOWN_TEXT = 8 * 1024;
const MAX_EXCERPT = 200;
const MAX_VALUE_SHOWN = 100;
function isCredentialHeader(name) {
    return CREDENTIAL_HEADER.test(name);
}
function isSecretQueryName(name) {
    return SECRET_QUERY_NAME.test(name);
}
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
    addUrl(url) {
        this.addUserInfo(url);
        for (const [name, value] of url.searchParams) {
            if (isSecretQueryName(name))
                this.add(value);
        }
    }
    addUserInfo(url) {
        if (url.username || url.password) {
            this.addCredentials(`${safeDecode(url.username)}:${safeDecode(url.password)}`);
        }
    }
    takeUserInfo(url) {
        this.addUserInfo(url);
        url.username = '';
        url.password = '';
        return url;
    }
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
    redactJson(value) {
        if (this.known.size === 0)
            return value;
        const top = {};
        const pending = [{ from: value, into: top, at: 0 }];
        for (let next = pending.pop(); next; next = pending.pop()) {
            const { from, into, at } = next;
            if (Array.isArray(from)) {
                const list = new Array(from.length);
                into[at] = list;
                for (let i = from.length - 1; i >= 0; i--)
                    pending.push({ from: from[i], into: list, at: i });
            }
            else if (from !== null && typeof from === 'object') {
                const masked = Object.create(null);
                into[at] = masked;
                const entries = Object.entries(from);
                for (const [key] of entries)
                    masked[this.redact(key)] = undefined;
                for (let i = entries.length - 1; i >= 0; i--) {
                    pending.push({ from: entries[i][1], into: masked, at: this.redact(entries[i][0]) });
                }
            }
            else if (typeof from === 'string')
                into[at] = this.redact(from);
            else if (typeof from === 'number')
                into[at] = this.redact(String(from)) === String(from) ? from : MASK;
            else
                into[at] = from;
        }
        return top[0];
    }
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
function spelledAnyWay(secret) {
    const lineBreak = `(?:(?:${spellings('\r')})?${spellings('\n')}[ \\t]*)?`;
    return [...secret].map(spellings).join(lineBreak);
}
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
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
function defuse(text, maxLength = MAX_SHOWN_TEXT) {
    let line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    if (line.length > maxLength)
        line = cut(line, maxLength);
    return line.replace(/:(?=:)/g, ':\u200b').replaceAll('##[', '#\u200b#[');
}
function cut(text, maxLength) {
    if (text.length <= maxLength)
        return text;
    return `${text.slice(0, maxLength)}… (${text.length - maxLength} more characters cut)`;
}

function describeRequest(ctx, spec) {
    return `${spec.method} ${ctx.secrets.showUrl(spec.url)}`;
}
function describeCode(answer) {
    return answer.reason ? `${answer.code} ${defuse(answer.reason, Infinity)}` : String(answer.code);
}
function describeSent(ctx, spec) {
    const parts = [];
    const names = Object.keys(ctx.config.headers);
    if (spec.body) {
        const chosenType = hasHeader(ctx.config.headers, 'content-type') ? '' : ` ${spec.body.contentType}`;
        parts.push(`body: ${formatBytes(spec.body.bytes.length)}${chosenType}`);
    }
    if (names.length > 0)
        parts.push(`headers: ${names.join(', ')}`);
    return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
function bodySnippet(secrets, payload) {
    const text = payload.text.trim();
    return text ? `: ${defuse(secrets.redact(text), MAX_EXCERPT)}` : '';
}
function debugAnswer(ctx, request, answer, status) {
    if (!ctx.debug)
        return;
    const moved = answer.url.href === request.url.href ? '' : ` from ${ctx.secrets.showUrl(answer.url)}`;
    const read = status === undefined ? '' : `, status ${status}`;
    debugLine(ctx, request, `${answer.code}${moved} in ${Math.round(answer.ms)}ms${read}`);
}
function debugFailure(ctx, request, failure, ms) {
    if (ctx.debug)
        debugLine(ctx, request, `failed: ${failure.message} in ${Math.round(ms)}ms`);
}
function debugLine(ctx, request, outcome) {
    const { secrets } = ctx;
    debug(defuse(secrets.redact(`${request.method} ${secrets.showUrl(request.url)} → ${outcome}`)));
}

let yaml;
async function loadMappingReader() {
    yaml ??= await import('./yaml.js').then(n => n.i);
}
class MappingError extends Error {
}
const HINTS = {
    BLOCK_AS_IMPLICIT_KEY: "quote a value that holds ': '",
    BAD_SCALAR_START: 'quote a value that starts with @ or `',
    DUPLICATE_KEY: 'give a name once',
    UNEXPECTED_TOKEN: 'quote a value that starts with a YAML indicator such as > | [ {',
    TAG_RESOLVE_FAILED: 'quote a value that starts with !',
    BAD_DIRECTIVE: 'quote a line that starts with %'
};
const QUOTES_NOTHING = new Set([
    'BAD_SCALAR_START',
    'MISSING_CHAR',
    'BLOCK_AS_IMPLICIT_KEY',
    'DUPLICATE_KEY',
    'TAB_AS_INDENT',
    'BAD_INDENT',
    'MULTILINE_IMPLICIT_KEY',
    'KEY_OVER_1024_CHARS',
    'MULTIPLE_DOCS',
    'BLOCK_IN_FLOW',
    'MULTIPLE_ANCHORS',
    'MULTIPLE_TAGS',
    'ALIAS_PROPS',
    'NON_STRING_KEY'
]);
const OWN_WORDS = {
    BAD_DQ_ESCAPE: 'an escape sequence that double quotes do not have (single quotes take text as written)',
    TAG_RESOLVE_FAILED: 'a tag this reader does not know',
    BAD_DIRECTIVE: 'a directive this reader does not know',
    BAD_PROP_ORDER: 'an anchor or tag before its indicator'
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
    const at = (offset) => {
        const { line, col } = lines.linePos(offset);
        return `at line ${line}, column ${col}`;
    };
    const [error] = [...document.errors, ...document.warnings.filter(w => w.code in OWN_WORDS)];
    if (error) {
        const said = QUOTES_NOTHING.has(error.code)
            ? error.message.replace(/\.$/, '')
            : (OWN_WORDS[error.code] ?? 'text that is not YAML');
        const hint = HINTS[error.code] ? ` (${HINTS[error.code]})` : '';
        throw new MappingError(`${said} ${at(error.pos[0])}${hint}`);
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
    function resolved(node) {
        if (!isAlias(node))
            return node;
        const target = node.resolve(document);
        if (!target)
            throw new MappingError(`an alias (*) names no anchor before it ${at(node.range?.[0] ?? 0)} (quote a value that starts with *)`);
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

const FORM$1 = 'application/x-www-form-urlencoded';
function encodeBody(payload, contentTypeHeader) {
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
function readPayload(body) {
    if (body.length === 0)
        return EMPTY_PAYLOAD;
    const text = body.toString('utf8').replace(/^\uFEFF/, '');
    const json = parseJson(text);
    return json === NOT_JSON
        ? { text, json: undefined, isJson: false, bytes: body.length }
        : { text, json, isJson: true, bytes: body.length };
}
function documentOf(payload) {
    return payload.isJson ? payload.json : payload.text;
}
const NOT_JSON = Symbol('not JSON');
function parseJson(text) {
    if (!/^\s*[[{"\d tfn-]/.test(text))
        return NOT_JSON;
    try {
        return JSON.parse(text);
    }
    catch {
        return NOT_JSON;
    }
}

let dialect;
async function loadJsonPath() {
    dialect ??= await import('./jsonpath.js');
}
function loaded() {
    if (!dialect)
        throw new Error('the JSONPath dialect is not loaded (loadJsonPath)');
    return dialect;
}
const compileJsonPath = (source) => loaded().compileJsonPath(source);
const isJsonPathSyntaxError = (error) => dialect !== undefined && error instanceof dialect.JsonPathSyntaxError;
const searchDocument = (path, document) => loaded().searchDocument(path, document);
const showFound = (found) => loaded().showFound(found);
const showValue = (value) => loaded().showValue(value);
const parseTemplate = (written) => loaded().parseTemplate(written);
const fillTemplate = (...args) => loaded().fillTemplate(...args);

class StageFailure extends Error {
    stoppedWaiting;
    constructor(message, stoppedWaiting = false) {
        super(message);
        this.stoppedWaiting = stoppedWaiting;
    }
}
function sleep(ms, signal) {
    signal.throwIfAborted();
    if (ms <= 0)
        return Promise.resolve();
    return new Promise((resolve, reject) => {
        const stopListening = whenAborted(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
        });
        const timer = setTimeout(() => {
            stopListening();
            resolve();
        }, ms);
    });
}

const USER_AGENT = 'webhook-stage-action (+https://github.com/features/actions)';
const ACCEPT = 'application/json, text/plain;q=0.9, */*;q=0.8';
function webhookRequest(ctx) {
    return requestFor(ctx, ctx.config.webhook, {
        withCredentials: true,
        timeoutMs: ctx.config.requestTimeoutMs,
        signal: ctx.cancelled
    });
}
function pollRequest(ctx, url, signal) {
    const { config } = ctx;
    const withCredentials = config.statusHeaders === 'always' ||
        (config.statusHeaders === 'same-origin' && url.origin === config.webhook.url.origin);
    const headersHeldBack = !withCredentials && (Object.keys(config.headers).length > 0 || config.webhook.authorization !== undefined);
    const spec = { method: 'GET', url, authorization: config.webhook.authorization };
    const request = requestFor(ctx, spec, { withCredentials, timeoutMs: config.requestTimeoutMs, signal });
    return { request, headersHeldBack };
}
function cancelRequest(ctx, url, signal) {
    const cancel = ctx.config.cancel;
    return requestFor(ctx, { ...cancel, url }, { withCredentials: true, timeoutMs: ctx.config.requestTimeoutMs, signal, trustedHost: cancel.url.hostname });
}
function requestFor(ctx, spec, options) {
    const credentials = options.withCredentials ? { ...ctx.config.headers } : {};
    if (options.withCredentials && spec.authorization)
        credentials.Authorization = spec.authorization;
    const headers = {};
    if (!hasHeader(credentials, 'user-agent'))
        headers['User-Agent'] = USER_AGENT;
    if (!hasHeader(credentials, 'accept'))
        headers.Accept = ACCEPT;
    if (!hasHeader(credentials, 'accept-encoding'))
        headers['Accept-Encoding'] = ACCEPT_ENCODING;
    if (spec.body && !hasHeader(credentials, 'content-type'))
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
        trustedHost: options.trustedHost ?? ctx.config.webhook.url.hostname,
        allowedHosts: ctx.config.allowedHosts,
        tls: spec.url.origin === ctx.config.webhook.url.origin ? ctx.config.tls : onlyTrust(ctx.config.tls)
    };
}
function onlyTrust(tls) {
    return tls.ca ? { ca: tls.ca } : {};
}
async function exchange(ctx, request, polling = false) {
    const startedAt = now();
    let answer;
    try {
        answer = await exchangeWithToken(ctx, request, polling);
    }
    catch (error) {
        if (error instanceof ExchangeError)
            debugFailure(ctx, request, error, now() - startedAt);
        throw error;
    }
    if (!polling)
        debugAnswer(ctx, request, answer);
    return answer;
}
async function exchangeWithToken(ctx, request, polling) {
    const oidc = ctx.oidc;
    if (!oidc || request.url.origin !== ctx.config.webhook.url.origin)
        return send(request);
    const authorized = async () => ({
        ...request,
        credentials: { ...request.credentials, Authorization: `Bearer ${await oidcToken(oidc, polling, request.signal)}` }
    });
    const answer = await send(await authorized());
    if (answer.code !== 401 || answer.url.origin !== ctx.config.webhook.url.origin)
        return answer;
    oidc.invalidate();
    return send(await authorized());
}
async function oidcToken(oidc, polling, signal) {
    let stopListening;
    const aborted = new Promise((_, reject) => {
        const abort = () => reject(new ExchangeError('aborted', 'aborted'));
        if (signal?.aborted)
            abort();
        else if (signal)
            stopListening = whenAborted(signal, abort);
    });
    try {
        return await Promise.race([oidc.current(), aborted]);
    }
    catch (error) {
        if (error instanceof ExchangeError)
            throw error;
        throw new StageFailure(`could not get the job's OIDC token: ${error.message}`, polling);
    }
    finally {
        stopListening?.();
    }
}
function maskSecretsIn(ctx, payload, polling = false) {
    const paths = ctx.config.secretJsonPaths;
    if (paths.length === 0 || payload.bytes === 0)
        return;
    const document = documentOf(payload);
    const unmaskable = (why) => new StageFailure(`secret-json-paths ${why}; the answer is neither kept nor shown, as what the path names could not be masked`, polling);
    for (const path of paths) {
        const search = searchDocument(path, document);
        if ('unsearchable' in search)
            throw unmaskable(search.unsearchable);
        for (const secret of leavesOf(search.found)) {
            if (secret.length > MAX_SECRET_LENGTH) {
                throw unmaskable(`${path.source} found a value of ${formatBytes(secret.length)}, more than a secret may be (${formatBytes(MAX_SECRET_LENGTH)})`);
            }
            ctx.secrets.add(secret);
        }
    }
}
const MAX_SECRET_LENGTH = 64 * 1024;
function leavesOf(found) {
    const leaves = [];
    const pending = [...found];
    while (pending.length > 0) {
        const value = pending.pop();
        if (typeof value === 'string' || typeof value === 'number')
            leaves.push(String(value));
        else if (value !== null && typeof value === 'object')
            for (const item of Object.values(value))
                pending.push(item);
    }
    return leaves;
}

const CANCEL_CALL_BOUND_MS = { SIGINT: 5_000, SIGTERM: 2_000 };
async function callCancelEndpoint(ctx, state, hurry) {
    const { config, timeline, secrets } = ctx;
    if (!config.cancel)
        return;
    const answer = config.monitorOnly ? state.buildInfo : state.webhook?.payload;
    const filled = config.cancelTemplate
        ? fillTemplate(config.cancelTemplate, config.cancel.url, answer && { document: documentOf(answer) }, secrets)
        : { url: config.cancel.url };
    if ('skipped' in filled) {
        timeline.record('cancel-call', `cancel call skipped: ${filled.skipped}`, 'warning');
        return;
    }
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
    const timing = { startedAt: timeline.now() };
    try {
        const answer = await exchange(ctx, cancelRequest(ctx, filled.url, signal));
        const accepted = answer.code >= 200 && answer.code < 400;
        timeline.record('cancel-call', `cancel call ${shown} answered ${describeCode(answer)} in ${formatDuration(answer.ms)}`, accepted ? 'info' : 'warning', timing);
    }
    catch (error) {
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

class InputError extends Error {
    input;
    constructor(input, expected) {
        super(`Input '${input}' ${expected}`);
        this.input = input;
    }
}
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_RESPONSE_BYTES = 500 * 1024 ** 2;
function quote(value) {
    return `'${shown(value)}'`;
}
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
function readPayloadFile(file, workspace) {
    try {
        return $e56($e0$1(workspace, file));
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

class SigningSecretError extends Error {
}
const STANDARD_WEBHOOKS_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
function parseSigningSecret(scheme, text) {
    if (scheme === 'github') {
        if (text === '')
            throw new SigningSecretError('the signing secret is empty');
        return Buffer.from(text, 'utf8');
    }
    const encoded = text.trim().replace(/^whsec_/, '');
    if (!BASE64.test(encoded)) {
        throw new SigningSecretError(`a standard-webhooks signing secret must be base64, optionally prefixed with ${STANDARD_WEBHOOKS_PREFIX}`);
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length === 0)
        throw new SigningSecretError('the signing secret is empty');
    return key;
}
function signatureHeaders(scheme, key, body, id, timestampSeconds) {
    if (scheme === 'github') {
        return { 'X-Hub-Signature-256': `sha256=${$e8$3('sha256', key).update(body).digest('hex')}` };
    }
    const timestamp = String(Math.floor(timestampSeconds));
    const signature = $e8$3('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

function readPem(value, workspace) {
    if (value.includes('-----BEGIN'))
        return value;
    return $e56($e0$1(workspace, value.trim()), 'utf8');
}
function loadTlsSettings(inputs, workspace) {
    const { certificate, key, passphrase, ca } = inputs;
    if (certificate && !key)
        throw new InputError('client-key', 'is required with client-certificate');
    if (key && !certificate)
        throw new InputError('client-certificate', 'is required with client-key');
    if (passphrase && !key)
        throw new InputError('client-key-passphrase', 'is set but client-key is not');
    const settings = {};
    if (certificate && key) {
        const certPem = pemInput('client-certificate', certificate, workspace);
        const keyPem = pemInput('client-key', key, workspace);
        const leaf = parseCertificates('client-certificate', certPem)[0];
        const privateKey = parseKey(keyPem, passphrase);
        if (!leaf.checkPrivateKey(privateKey)) {
            throw new InputError('client-key', `does not match client-certificate (${leaf.subject.replace(/\n/g, ', ')})`);
        }
        Object.assign(settings, { cert: pemBlocks(certPem, 'CERTIFICATE').join(''), key: keyPem }, passphrase && { passphrase });
    }
    if (ca) {
        const extra = parseCertificates('ca-certificates', pemInput('ca-certificates', ca, workspace));
        settings.ca = [...defaultCaCertificates(), ...extra.map(cert => cert.toString())];
    }
    return settings;
}
let tlsModule;
const loadTls = () => (tlsModule ??= process.getBuiltinModule('node:tls'));
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
        const shown = input !== 'client-key' && /^[^\s]{1,200}$/.test(value.trim()) ? ` (${value.trim()}: ${reason})` : '';
        throw new InputError(input, `must be PEM text or a readable file relative to the workspace${shown}`);
    }
}
function parseCertificates(input, pem) {
    const blocks = pemBlocks(pem, 'CERTIFICATE');
    if (blocks.length === 0)
        throw new InputError(input, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    return blocks.map((block, index) => {
        try {
            return new $e61(block);
        }
        catch (error) {
            const which = blocks.length > 1 ? `certificate ${index + 1} of ${blocks.length}` : 'the certificate';
            throw new InputError(input, `has PEM that does not parse: ${which} (${opensslReason(error)})`);
        }
    });
}
function parseKey(pem, passphrase) {
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
    if (encrypted && !passphrase) {
        throw new InputError('client-key-passphrase', 'is required: client-key is encrypted');
    }
    if (pemBlocks(pem, '[A-Z ]*PRIVATE KEY').length === 0) {
        throw new InputError('client-key', 'holds no PEM private key (-----BEGIN PRIVATE KEY-----)');
    }
    try {
        return $e9$1({ key: pem, passphrase });
    }
    catch (error) {
        const code = error.code;
        if (encrypted && code === 'ERR_OSSL_BAD_DECRYPT') {
            throw new InputError('client-key-passphrase', 'does not decrypt client-key (wrong passphrase)');
        }
        throw new InputError('client-key', `has PEM that does not parse as a private key (${opensslReason(error)})`);
    }
}
function pemBlocks(text, label) {
    const block = new RegExp(`-----BEGIN (${label})-----[\\s\\S]*?-----END \\1-----`, 'g');
    return [...text.matchAll(block)].map(match => `${match[0]}\n`);
}
function opensslReason(error) {
    return cleanOpenSslMessage(error.message ?? String(error));
}

function readTls(given, workspace, secrets) {
    const key = given('client-key');
    if (key) {
        try {
            secretLines(readPem(key, workspace), secrets);
        }
        catch {
        }
    }
    if (given('client-key-passphrase'))
        secrets.add(given('client-key-passphrase'));
    return loadTlsSettings({
        certificate: given('client-certificate') || undefined,
        key: key || undefined,
        passphrase: given('client-key-passphrase') || undefined,
        ca: given('ca-certificates') || undefined
    }, workspace);
}
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

const REFRESH_BEFORE_EXPIRY_MS = 60_000;
function oidcAvailable(env = process.env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
class OidcTokens {
    audience;
    fetch;
    onToken;
    now;
    token;
    expiresAt;
    pending;
    constructor(audience, fetch, onToken, now = () => Date.now()) {
        this.audience = audience;
        this.fetch = fetch;
        this.onToken = onToken;
        this.now = now;
    }
    async current() {
        if (this.token !== undefined && !this.expiring())
            return this.token;
        this.pending ??= this.renew().finally(() => (this.pending = undefined));
        return this.pending;
    }
    invalidate() {
        this.token = undefined;
        this.expiresAt = undefined;
    }
    expiring() {
        return this.expiresAt !== undefined && this.now() >= this.expiresAt - REFRESH_BEFORE_EXPIRY_MS;
    }
    async renew() {
        const token = await this.fetch(this.audience);
        this.onToken(token);
        this.token = token;
        this.expiresAt = expiryOf(token);
        return token;
    }
}
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
function checkAllowedHost(name, url, allowed, template) {
    if (!allowed || template?.slots.some(slot => url.hostname.includes(slot.token)))
        return;
    if (!isAllowedHost(url, allowed)) {
        throw new InputError(name, `goes to ${quote(url.host)}, which is not in allowed-hosts`);
    }
}

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

function normalizeStatus(value) {
    return value.trim().toLowerCase();
}
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

const MAX_POLL_RETRIES = 1_000_000;
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
function readStatusUrlResolution(text) {
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
function readCancelTemplate(text) {
    try {
        return parseTemplate(text);
    }
    catch (error) {
        if (!isJsonPathSyntaxError(error))
            throw error;
        throw new InputError('cancel-endpoint', `has a placeholder that is not a JSONPath: ${error.message}`);
    }
}
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
const CALL_INPUTS = [
    'method',
    'payload',
    'payload-file',
    'fail-fast-status-codes',
    'retries',
    'idempotency-key',
    'signing-secret'
];
const CANCEL_INPUTS = ['cancel-method', 'cancel-payload'];
const MAX_RETRIES = 100;
const MAPPING_INPUTS = ['headers', 'outputs', 'poll-retry-limits'];
const JSONPATH_INPUTS = [
    'status-url-json-path',
    'status-json-path',
    'progress-json-path',
    'error-json-path',
    'secret-json-paths',
    'outputs',
    'cancel-endpoint'
];
async function readInputs(secrets) {
    if (MAPPING_INPUTS.some(name => getInput(name) !== ''))
        await loadMappingReader();
    if (JSONPATH_INPUTS.some(name => getInput(name) !== ''))
        await loadJsonPath();
    return readConfig({
        get: name => getInput(name),
        workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
        warn: message => warning(message, { title: 'Inputs ignored' }),
        oidcAvailable: oidcAvailable(process.env)
    }, secrets);
}
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
    if (!cancelEndpoint)
        warnIgnored(ignored(CANCEL_INPUTS), 'with cancel-endpoint');
    return config;
}
function readRetries(text) {
    if (!/^\d+$/.test(text) || Number(text) > MAX_RETRIES) {
        throw new InputError('retries', `must be a whole number from 0 to ${MAX_RETRIES} (got ${quote(text)})`);
    }
    return Number(text);
}

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
function payloadText(payload, secrets) {
    const text = payload?.text ?? '';
    const redacted = secrets.redact(text);
    if (!payload?.isJson || redacted === text)
        return redacted;
    try {
        return JSON.stringify(secrets.redactJson(payload.json), null, /^\s*[[{]\s*\n/.test(text) ? 2 : undefined);
    }
    catch {
        return redacted;
    }
}

const KEEP_CHANGES = 40;
const MAX_EVENTS = 60;
const KEEP_FIRST = 12;
class Timeline {
    clock;
    onNew;
    kept = [];
    omitted = 0;
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
    now() {
        return this.clock();
    }
}

const MAX_BARS = 40;
const MAX_LABEL = 40;
const MILESTONE_SHARE = 50;
const LAST_BAR_TAG = { SUCCEEDED: 'done', TERMINAL: 'crit', CANCELED: 'active' };
function chartBlock(result, phases, secrets) {
    const bars = chartBars(result, phases, text => secrets.redact(text));
    return ['```mermaid', renderChart(result.status, bars), '```', ''];
}
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
    if (bars.length === 0)
        bars.push({ section: 'Webhook', label: 'Webhook stage', from: 0, to: end });
    return bars;
}
function stretches(phases, from, to, polls, budget, redact) {
    const [changes, word] = phases.statuses.total > 0 ? [phases.statuses, 'Status'] : [phases.progress, 'Progress'];
    const bar = (label, start, end) => ({ section: 'Monitor', label, from: start, to: end });
    if (changes.total === 0)
        return [bar(`Polls (${polls})`, from, to)];
    const shown = (change) => `${word} ${redact(change.subject)}`;
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
function labelText(text) {
    const safe = text
        .replace(/[^A-Za-z0-9 ._\-/()%+]/gu, character => character > '\x7f' && /^[\p{L}\p{N}]$/u.test(character) ? character : ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const characters = Array.from(safe);
    return characters.length <= MAX_LABEL ? safe : `${characters.slice(0, MAX_LABEL - 3).join('')}...`;
}
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
function time(ms) {
    const at = new Date(Math.max(0, Math.round(ms)));
    const two = (n) => String(n).padStart(2, '0');
    const day = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}`;
    const clock = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;
    return `${day} ${clock}.${String(at.getUTCMilliseconds()).padStart(3, '0')}`;
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

const MAX_SUMMARY_BODY = 64 * 1024;
const FORM = 'application/x-www-form-urlencoded';
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
function buildInfoBlock(buildInfo, secrets) {
    if (!buildInfo || buildInfo.bytes === 0)
        return [];
    return bodyBlock('Build info', buildInfo, buildInfo.isJson ? 'JSON' : 'text', shownText(buildInfo, secrets));
}
function shownText(payload, secrets) {
    if (payload.isJson) {
        try {
            return JSON.stringify(secrets.redactJson(payload.json), null, 2);
        }
        catch {
        }
    }
    return secrets.redact(payload.text);
}
function maskForm(text, secrets) {
    const form = new URLSearchParams(text);
    const masked = new URLSearchParams();
    let changed = false;
    for (const [name, value] of form) {
        const [shownName, shownValue] = [secrets.redact(name), secrets.redact(value)];
        changed ||= shownName !== name || shownValue !== value;
        masked.append(shownName, shownValue);
    }
    return secrets.redact(changed ? masked.toString() : text);
}
function bodyBlock(title, payload, kind, text) {
    const cut = Buffer.byteLength(text) > MAX_SUMMARY_BODY;
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
function fence(text, language) {
    const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map(run => run.length));
    const ticks = '`'.repeat(longest + 1);
    return `${ticks}${language}\n${text}\n${ticks}`;
}

const ICONS = { SUCCEEDED: '✅', CANCELED: '⏹️', TERMINAL: '❌' };
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
function escapeMarkdown(text) {
    return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&]/g, '\\$&');
}
function code(text) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length));
    const ticks = '`'.repeat(longest + 1);
    const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
    return `${ticks}${padded.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')}${ticks}`;
}

async function report({ config, secrets, timeline, request }, result) {
    if (result.status !== 'SUCCEEDED')
        process.exitCode = 1;
    const summaryWritten = writeSummary({ config, secrets, timeline, request }, result);
    const files = writeFiles(result, secrets);
    const { values, warnings } = collectOutputs(result, config, secrets, files);
    for (const { title, message } of warnings)
        warning(message, { title });
    attempt('The step outputs', () => setOutputs(values));
    await summaryWritten;
}
let rehearsedWrite;
function rehearseReport(report, state, elapsedMs) {
    if (!summaryWanted(report.config))
        return;
    try {
        renderFor(report, { ...state, status: 'SUCCEEDED', reason: 'rehearsal', elapsedMs });
        rehearsedWrite = summary
            .write()
            .catch(() => undefined)
            .then(() => (rehearsedWrite = undefined));
    }
    catch {
    }
}
function summaryWanted(config) {
    return config.summary && Boolean(process.env.GITHUB_STEP_SUMMARY);
}
function renderFor({ config, secrets, timeline, request }, result) {
    return renderSummary({
        result,
        request,
        events: timeline.events,
        omittedEvents: timeline.omitted,
        secrets,
        phases: timeline.phases,
        sent: request === undefined ? undefined : config.webhook.body
    });
}
async function writeSummary(report, result) {
    if (!summaryWanted(report.config))
        return;
    try {
        const markdown = renderFor(report, result);
        if (rehearsedWrite)
            await rehearsedWrite;
        await summary.addRaw(markdown, true).write();
    }
    catch (error) {
        warning(`The job summary could not be written: ${error.message}`);
    }
}
function reportEarlyFailure(message) {
    process.exitCode = 1;
    setFailed(message);
    attempt('The step outputs', () => setOutputs([
        ['status', 'TERMINAL'],
        ['error', message]
    ]));
}
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
        const file = $e3$2(dir, `${name}.${payload?.isJson ? 'json' : 'txt'}`);
        $e83(file, payloadText(payload, secrets));
        return file;
    };
    const dir = $e45($e3$2(temp, 'webhook-stage-'));
    return {
        buildInfo: write(dir, 'build-info', result.buildInfo),
        response: write(dir, 'response', result.webhook?.payload)
    };
}

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

const FINAL_SERVER_ERRORS = new Set([501, 505, 511]);
function judgeStatusCode(code, exchange, rules, rateLimited = false) {
    if (exchange === 'webhook' && rules.failFast.has(code))
        return 'fail-fast';
    if (rules.retry.has(code) || rateLimited)
        return 'transient';
    if (code === 429 || (code >= 500 && !FINAL_SERVER_ERRORS.has(code)))
        return 'transient';
    if (code >= 200 && code < 400)
        return 'accepted';
    return 'rejected';
}
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
function backoffDelay(retry) {
    return Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(retry - 1, 0), MAX_BACKOFF_MS);
}
function withJitter(ms, random = Math.random) {
    return Math.round(ms * (1 + JITTER * random()));
}
function retryAfterDelay(header, now) {
    const value = (Array.isArray(header) ? header[0] : header)?.trim();
    if (!value)
        return undefined;
    let ms;
    if (/^\d+$/.test(value))
        ms = Number(value) * 1000;
    else {
        const date = /^[A-Za-z]{3,9},? .*\d\d:\d\d:\d\d/.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(date))
            return undefined;
        ms = Math.max(date - now, 0);
    }
    return Math.min(ms, MAX_RETRY_AFTER_MS);
}
function retryDelay(retry, retryAfterMs, random) {
    return retryAfterMs === undefined ? withJitter(backoffDelay(retry), random) : retryAfterWait(retryAfterMs, random);
}
function retryAfterWait(retryAfterMs, random) {
    return Math.max(retryAfterMs, Math.min(withJitter(retryAfterMs, random), MAX_RETRY_AFTER_MS));
}

const MAX_DATE_MS = 8.64e15;
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
    if (resetsAt <= now || resetsAt > MAX_DATE_MS)
        return {};
    return { waitMs: Math.min(resetsAt - now, MAX_RETRY_AFTER_MS), resetsAt };
}
function describeRateLimit(limit, answered, now) {
    const { waitMs, resetsAt } = limit;
    if (resetsAt === undefined)
        return `rate limited (${answered}): the server does not say when it resets; waiting`;
    const at = new Date(resetsAt).toISOString().replace(/\.\d+Z$/, 'Z');
    const resets = `it resets at ${at} (in ${formatDuration(Math.max(resetsAt - now, 0))})`;
    const steps = waitMs !== undefined && resetsAt - now > waitMs ? ` ${formatDuration(waitMs)}, then asking again` : '';
    return `rate limited (${answered}): ${resets}; waiting${steps}`;
}
class RateLimitNotes {
    timeline;
    limited = false;
    constructor(timeline) {
        this.timeline = timeline;
    }
    heard(limit, answered) {
        if (limit && !this.limited)
            this.timeline.record('note', describeRateLimit(limit, answered, Date.now()));
        this.limited = limit !== undefined;
    }
}
function first(value) {
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    return text ? text : undefined;
}

const EMPTY = Buffer.alloc(0);
async function callWebhook(ctx, state) {
    const { config, timeline } = ctx;
    const spec = config.webhook;
    const request = webhookRequest(ctx);
    if (config.idempotencyKey)
        request.headers['Idempotency-Key'] = config.idempotencyKey;
    const messageId = `msg_${$e38()}`;
    timeline.record('request', `${describeRequest(ctx, spec)}${describeSent(ctx, spec)}`);
    const rateLimits = new RateLimitNotes(timeline);
    for (let retry = 1;; retry++) {
        const retriesLeft = retry <= config.retries;
        let answer;
        if (config.signing) {
            const { scheme, key } = config.signing;
            Object.assign(request.headers, signatureHeaders(scheme, key, request.body ?? EMPTY, messageId, Date.now() / 1000));
        }
        try {
            answer = await exchange(ctx, request);
        }
        catch (error) {
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

async function run() {
    const started = now();
    const secrets = new Secrets(value => setSecret(value));
    const timeline = new Timeline(() => now() - started, event => logEvent(event, secrets));
    const signals = watchRunnerSignals();
    const internalError = (error) => {
        let message;
        try {
            message = defuse(secrets.redact(String(error?.message ?? error)));
        }
        catch {
            message = '(its message could not be masked, so it is not shown)';
        }
        reportEarlyFailure(`internal error: ${message}`);
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
            ctx.oidc = new OidcTokens(config.oidcAudience, audience => import('./oidc-token.js').then(client => client.requestIdToken(audience, secrets)), token => secrets.add(token));
        }
        const result = await runStage(ctx, signals.hurry);
        await report(reportOf(ctx), result);
    }
    catch (error) {
        internalError(error);
    }
    finally {
        process.off('uncaughtException', escaped);
        process.off('unhandledRejection', escaped);
        signals.dispose();
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
    const [{ statusUrlFor }, { monitor }] = await Promise.all([
        import('./status-url.js'),
        import('./monitor.js')
    ]);
    statusUrlFor(ctx, state);
    const rehearsal = setImmediate(() => rehearseReport(reportOf(ctx), state, ctx.timeline.now()));
    try {
        return await monitor(ctx, state);
    }
    finally {
        clearImmediate(rehearsal);
    }
}
function reportOf(ctx) {
    const { config, secrets, timeline } = ctx;
    return { config, secrets, timeline, request: config.monitorOnly ? undefined : describeRequest(ctx, config.webhook) };
}

run()
    .catch(() => (process.exitCode = 1))
    .finally(() => process.stdout.write('', () => process.exit()));

export { $builtin as $, MAX_EXCERPT as A, $builtin$3 as B, $builtin$1 as C, $builtin$2 as D, ExchangeError as E, $builtin$6 as F, getProxyUrl as G, http as H, $e16 as I, $e3$1 as J, MAX_VALUE_SHOWN as M, RateLimitNotes as R, ServerUrlError as S, searchDocument as a, describeFound as b, StageFailure as c, documentOf as d, defuse as e, retryAfterDelay as f, bodySnippet as g, readStatus as h, describeCode as i, judgeStatusCode as j, showValue as k, showFound as l, formatDuration as m, retryAfterWait as n, oidcAvailable as o, sleep as p, pollRequest as q, readRateLimit as r, send as s, exchange as t, urlFromServer as u, isTransientFailure as v, readPayload as w, maskSecretsIn as x, debugAnswer as y, cut as z };
