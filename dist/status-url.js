import { a as searchDocument, d as documentOf, b as describeFound, u as urlFromServer, S as ServerUrlError, c as StageFailure } from './index.js';

class StatusUrlError extends Error {
}
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
function statusUrlFor(ctx, state) {
    const { config, secrets, timeline } = ctx;
    let statusUrl;
    try {
        statusUrl = resolveStatusUrl(config, state.webhook, secrets);
    }
    catch (error) {
        if (error instanceof StatusUrlError || error instanceof ServerUrlError)
            throw new StageFailure(error.message, true);
        throw error;
    }
    state.statusUrl = statusUrl;
    timeline.record('status-url', `status URL (${resolutionSource(config)}): ${secrets.showUrl(statusUrl)}`);
    return statusUrl;
}
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

export { StatusUrlError, resolutionSource, resolveStatusUrl, statusUrlFor };
