// A URL that a server chose (a status URL from a body or a Location header, the status URL a 202
// moves polling to, a redirect's Location, a cancel endpoint filled from an answer) is built here
// and nowhere else, so a new way for a server to name a URL gets the same rules by construction:
// resolved against the URL it came with, http or https only, a host that parses as a host, and
// user info taken into the secrets and blanked (it is never used, and never shown).

/** Why a server's URL cannot be used; the message starts with what the URL was. */
export class ServerUrlError extends Error {}

/** The secrets of the run, as far as a server's URL concerns them (see Secrets.takeUserInfo). */
export interface UserInfoTaker {
  takeUserInfo(url: URL): URL
}

/**
 * The URL `written` names, resolved against `base`. `what` names it in the error, for example
 * `the status URL from the Location header`. Throws ServerUrlError.
 */
export function urlFromServer(written: string, base: URL, secrets: UserInfoTaker, what: string): URL {
  let url: URL
  try {
    url = new URL(written, base)
  } catch {
    // WHATWG URL parsing fails on a bad host (a space, `%`, a forbidden character) among others.
    throw new ServerUrlError(`${what} is not a URL`)
  }
  // Taken before any refusal: a message or output may still show the text it came in.
  secrets.takeUserInfo(url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerUrlError(`${what} is a ${url.protocol} URL, not http or https`)
  }
  return url
}
