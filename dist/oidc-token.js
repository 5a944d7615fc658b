import { o as oidcAvailable, s as send } from './index.js';

const BUSY_CODES = new Set([502, 503, 504]);
const TOKEN_REQUEST_TRIES = 3;
async function requestIdToken(audience, secrets, env = process.env) {
    if (!oidcAvailable(env))
        throw new Error('the runner gives no OIDC token (permissions: id-token: write)');
    const url = new URL(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`);
    for (let attempt = 1;; attempt++) {
        const answer = await send({
            method: 'GET',
            url,
            headers: { Accept: 'application/json', 'User-Agent': 'actions/oidc-client' },
            credentials: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
            timeoutMs: 60_000,
            maxResponseBytes: 1024 * 1024,
            trustedHost: url.hostname,
            secrets
        });
        if (BUSY_CODES.has(answer.code) && attempt < TOKEN_REQUEST_TRIES)
            continue;
        if (answer.code !== 200)
            throw new Error(`the runner's token service answered ${answer.code} ${answer.reason}`.trim());
        const value = tokenValue(answer.body);
        if (!value)
            throw new Error("the runner's token service answered without a token");
        return value;
    }
}
function tokenValue(body) {
    try {
        const value = JSON.parse(body.toString('utf8'))?.value;
        return typeof value === 'string' && value !== '' ? value : undefined;
    }
    catch {
        return undefined;
    }
}

export { requestIdToken };
