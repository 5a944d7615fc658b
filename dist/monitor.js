import { e as defuse, M as MAX_VALUE_SHOWN, r as readRateLimit, f as retryAfterDelay, g as bodySnippet, j as judgeStatusCode, d as documentOf, a as searchDocument, h as readStatus, i as describeCode, k as showValue, l as showFound, m as formatDuration, n as retryAfterWait, c as StageFailure, R as RateLimitNotes, p as sleep, q as pollRequest, t as exchange, E as ExchangeError, v as isTransientFailure, w as readPayload, x as maskSecretsIn, y as debugAnswer, u as urlFromServer, S as ServerUrlError } from './index.js';

function readPoll(answer, payload, rules, history = { limitedRetries: new Map() }, now = Date.now()) {
    const { previous } = history;
    const { settings, secrets } = rules;
    const answered = () => answer.seeOther
        ? `the status URL led (303 See Other) to its result, which answered ${describeCode(answer)}`
        : `the status URL answered ${describeCode(answer)}`;
    const rateLimit = readRateLimit(answer.code, answer.headers, now);
    const retryAfterMs = rateLimit ? rateLimit.waitMs : retryAfterDelay(answer.headers['retry-after'], now);
    const limit = settings.pollRetryLimits.get(answer.code);
    if (limit !== undefined) {
        if ((history.limitedRetries.get(answer.code) ?? 0) < limit) {
            return { kind: 'transient', failure: answered(), retryAfterMs, limitedCode: answer.code, rateLimit };
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
    const nothingToReadYet = running || answer.seeOther || (answer.code === 304 && previous === undefined);
    if (reading?.kind === 'not-yet' || (reading?.kind === 'unusable' && nothingToReadYet))
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
function remoteReason(path, document) {
    if (!path)
        return '';
    const search = searchDocument(path, document);
    return 'found' in search && search.found.length > 0 ? `: ${showValue(showFound(search.found))}` : '';
}
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
function showStatus(secrets, value) {
    return defuse(secrets.redact(value), MAX_VALUE_SHOWN);
}

const FIRST_MINUTE_MS = 60_000;
function pollInterval(setting, monitoringMs) {
    if (setting !== 'auto')
        return setting;
    return monitoringMs < FIRST_MINUTE_MS ? 1_000 : 15_000;
}
function describeCadence(setting) {
    return setting === 'auto' ? 'every 1s for the first minute, then every 15s' : `every ${formatDuration(setting)}`;
}
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

const HEARTBEAT_MS = 60_000;
const LONG_OUTAGE_MS = 60_000;
const MAX_FAILURE_KINDS = 10;
const MAX_REFUSED_MOVES = 10;
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
        refusedMoves: new Set(),
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
async function pollOnce(ctx, state, polling) {
    const { config } = ctx;
    const { request } = polling.target;
    request.timeoutMs = Math.min(config.requestTimeoutMs, polling.remaining());
    const cutShort = request.timeoutMs < config.requestTimeoutMs;
    state.polls++;
    let answer;
    try {
        answer = await exchange(ctx, request, true);
    }
    catch (error) {
        if (!(error instanceof ExchangeError))
            throw error;
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
    return readAnswer(ctx, state, polling, answer);
}
function readAnswer(ctx, state, polling, answer) {
    const { request, rules, validators } = polling.target;
    const payload = readPayload(answer.body);
    try {
        maskSecretsIn(ctx, payload, true);
    }
    catch (error) {
        debugAnswer(ctx, request, answer);
        throw error;
    }
    state.lastPoll = { code: answer.code, headers: answer.headers };
    const reading = readPoll(answer, payload, rules, polling.history);
    debugAnswer(ctx, request, answer, reading.kind === 'answered' ? reading.status?.value : undefined);
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
function waitBeforeFirstPoll(config, state) {
    const call = state.webhook;
    const asked = call?.code === 202 ? retryAfterDelay(call.headers['retry-after'], Date.now()) : undefined;
    return Math.max(config.waitBeforeMonitorMs, asked ?? 0);
}
function pollTarget(ctx, url, signal) {
    const { request, headersHeldBack } = pollRequest(ctx, url, signal);
    const rules = { settings: ctx.config, secrets: ctx.secrets, headersHeldBack };
    return { request, rules, headersHeldBack, validators: new Validators(request) };
}
function movePolling(ctx, state, polling, written, current) {
    const { secrets, timeline, config } = ctx;
    let next;
    try {
        next = urlFromServer(written, current, secrets, `the status URL's ${config.statusUrlHeader}`);
    }
    catch (error) {
        if (!(error instanceof ServerUrlError))
            throw error;
        const { refusedMoves } = polling;
        if (!refusedMoves.has(written) && refusedMoves.size < MAX_REFUSED_MOVES) {
            refusedMoves.add(written);
            timeline.record('note', `${error.message}; polling stays`, 'warning');
        }
        return current;
    }
    if (next.href !== current.href) {
        state.statusUrl = next;
        timeline.record('status-url', `polling moves to ${secrets.showUrl(next)}`);
    }
    return next;
}
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

export { monitor };
