import type Client from 'fhirclient/lib/Client';
import { FhirError, toFhirError } from './errors';
import { takeEarlyRead } from './first-wave';
import { parseBundle, type ParseIssue } from './parse';

/** The SMART client returned by `FHIR.oauth2.ready()` (fhirclient 2.6). */
export type FhirClient = Client;

/**
 * GET through fhirclient's `request`, which refreshes the access token first when it is about to
 * expire and online_access/offline_access was granted (client-js `refreshIfNeeded`). Every
 * failure leaves as a FhirError.
 */
export async function fhirGet(client: FhirClient, url: string, signal?: AbortSignal): Promise<unknown> {
  assertUnderFhirBase(client.state.serverUrl, url);
  let pending = inFlight.get(client);
  if (pending === undefined) {
    pending = new Map();
    inFlight.set(client, pending);
  }
  const running = pending.get(url);
  if (running !== undefined) return whileNotAborted(running.body, signal, running);
  const controller = new AbortController();
  // The first screen's reads were sent at token time (first-wave.ts): their bodies are taken once.
  const sent = takeEarlyRead(client, url);
  const body = sent === undefined ? getOnce(client, url, controller.signal) : sent.catch((e: unknown) => Promise.reject(toFhirError(e)));
  const entry = { body, waiting: 0, controller };
  const map = pending;
  void entry.body.finally(() => map.delete(url)).catch(() => undefined);
  pending.set(url, entry);
  return whileNotAborted(entry.body, signal, entry);
}

async function getOnce(client: FhirClient, url: string, signal: AbortSignal): Promise<unknown> {
  try {
    const body: unknown = await client.request({ url, signal }, { pageLimit: 1, flat: false });
    return body;
  } catch (e) {
    throw toFhirError(e);
  }
}

type InFlight = { readonly body: Promise<unknown>; waiting: number; readonly controller: AbortController };

/**
 * GETs of the same URL that overlap are sent once: two views' queries can ask for the same
 * search (the pump's recent Procedures and the procedure history's first page), and a second
 * identical request on the critical path is time for nothing. The request is aborted only when
 * every caller waiting on it has aborted.
 */
const inFlight = new WeakMap<FhirClient, Map<string, InFlight>>();

function whileNotAborted(body: Promise<unknown>, signal: AbortSignal | undefined, entry: InFlight): Promise<unknown> {
  if (signal === undefined) {
    entry.waiting = Number.POSITIVE_INFINITY;
    return body;
  }
  if (signal.aborted) return Promise.reject(toFhirError(signal.reason));
  entry.waiting++;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      if (--entry.waiting <= 0) entry.controller.abort(signal.reason);
      reject(toFhirError(signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    body.then(
      (b) => {
        signal.removeEventListener('abort', onAbort);
        resolve(b);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : toFhirError(e));
      },
    );
  });
}

/**
 * fhirclient attaches the access token to any absolute URL it is given, and a search Bundle's
 * `link[next]` is the server's text: a rewritten link would hand the token to another origin.
 * Only URLs under the session's FHIR base (same origin, same path prefix) are followed; anything
 * else is refused and named, and nothing is sent.
 */
export function isUnderFhirBase(serverUrl: string, url: string): boolean {
  let base: URL;
  let target: URL;
  try {
    base = new URL(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
    target = new URL(url, base);
  } catch {
    return false;
  }
  if (target.origin !== base.origin || target.username !== '' || target.password !== '') return false;
  const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return target.pathname === prefix.slice(0, -1) || target.pathname.startsWith(prefix);
}

function assertUnderFhirBase(serverUrl: string, url: string): void {
  if (isUnderFhirBase(serverUrl, url)) return;
  let where = 'an address that could not be read';
  try {
    where = new URL(url, serverUrl).origin;
  } catch {
    // keep the generic wording
  }
  throw new FhirError('server', `The EHR sent a link to ${where}, outside its FHIR server (${serverUrl}); it was not followed, so the rest of this list was not read.`);
}

export type SearchPage = {
  /** Raw resources (of every type, `_include`d ones too) still to be parsed. */
  readonly resources: readonly unknown[];
  /** The server's `link[next]` after the last page read, if there is more. */
  readonly next: string | undefined;
  /** OperationOutcome entries of every page read, as issues: the list may be incomplete. */
  readonly outcomes: readonly ParseIssue[];
};

/**
 * Run a search and follow `link[next]` (never a hand-built page URL: Cerner uses opaque
 * pageContext tokens, fhir.cerner.com r4.md) until `enough` says the view has what it needs.
 */
export async function searchPages(
  client: FhirClient,
  url: string,
  options: { enough?: (resources: readonly unknown[]) => boolean; maxPages?: number; signal?: AbortSignal } = {},
): Promise<SearchPage> {
  const resources: unknown[] = [];
  const outcomes: ParseIssue[] = [];
  const maxPages = options.maxPages ?? 10;
  let nextUrl: string | undefined = url;
  for (let page = 0; nextUrl !== undefined && page < maxPages; page++) {
    let bundle;
    try {
      bundle = parseBundle(await fhirGet(client, nextUrl, options.signal));
    } catch (e) {
      throw toFhirError(e);
    }
    resources.push(...bundle.resources);
    outcomes.push(...bundle.outcomes);
    nextUrl = bundle.next;
    if (options.enough?.(resources) === true) break;
  }
  return { resources, next: nextUrl, outcomes };
}

export { searchUrl } from './first-wave';
