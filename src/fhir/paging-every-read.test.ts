/**
 * Every paged read the app makes, against an EHR whose every search answers with a `link[next]`
 * outside the session's FHIR base (issue 15). Each read's searches, its "load older" pages and
 * the searches a save runs before writing: no request leaves the base, with or without the
 * token, and a read that would follow the link fails naming where it pointed instead. And every
 * read a view shows carries a searchset's OperationOutcome ("some results omitted") into its
 * issues, for the view's Partial notice.
 */
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { loadCdsChart } from './cds-reads';
import { isUnderFhirBase } from './client';
import { doseHistoryInfiniteQueryOptions, fetchItbMedications } from './medications';
import {
  assessmentsHistoryInfiniteQueryOptions,
  fetchAssessments,
  fetchLatestWeight,
  fetchVitalSigns,
  vitalSignsHistoryInfiniteQueryOptions,
} from './observations';
import { fetchPump, procedureHistoryInfiniteQueryOptions } from './pump';
import { findDuplicateCopies } from './rounds-duplicates';
import { fetchPlannedTestDoses } from './service-requests';
import { fetchTestResponseVerdicts } from './assessments-verdicts';
import { findWrittenByIdentifier } from './write';
import { FHIR_BASE } from './testing/fixtures';

/** Each kind of outside: another origin, the same host over http, a sibling path, a look-alike prefix. */
const OUTSIDE = ['https://attacker.example/fhir/page?2', 'http://ehr.example/fhir/Observation?page=2', 'https://ehr.example/fhirx/Observation?page=2'] as const;

/** Every request that went anywhere but the FHIR base, with the Authorization header it carried. */
const leaked: { url: string; authorization: string | null }[] = [];
/** Every request the FHIR base itself received. */
const inside: string[] = [];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  leaked.length = 0;
  inside.length = 0;
});
afterAll(() => server.close());

/** The EHR: the patient read answers a Patient; every search answers an empty page whose next link is `next`. */
function hostileEhr(next: string) {
  server.use(
    http.all('*', ({ request }) => {
      if (!isUnderFhirBase(FHIR_BASE, request.url)) {
        leaked.push({ url: request.url, authorization: request.headers.get('authorization') });
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }
      inside.push(request.url);
      const path = new URL(request.url).pathname;
      if (/\/Patient\/[^/]+$/.test(path)) return HttpResponse.json({ resourceType: 'Patient', id: 'p1', birthDate: '2012-05-06' });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: next }], entry: [] });
    }),
  );
}

const client = nodeClient(FHIR_BASE, { access_token: 'secret-token', patient: 'p1' });
const window = { since: '2026-11-20T00:00:00+11:00' };

/** A fresh cache for a "load older" read through TanStack Query, as the view's button does: `pages: 2` is the first page, then the next. */
const queries = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

/**
 * [what the clinician sees it as, the read, whether it would follow the next link on its own].
 * Reads that take one page only (the latest weight, the verdicts) leave the link unfollowed.
 */
const READS: readonly [string, () => Promise<unknown>, boolean][] = [
  ['current medications', () => fetchItbMedications(client, 'p1'), true],
  ['dose history, load older', () => queries().fetchInfiniteQuery({ ...doseHistoryInfiniteQueryOptions(client, 'p1'), pages: 2 }), true],
  ['vital signs', () => fetchVitalSigns(client, 'p1', window), true],
  ['vital signs history, load older', () => queries().fetchInfiniteQuery({ ...vitalSignsHistoryInfiniteQueryOptions(client, 'p1'), pages: 2 }), true],
  ['assessments and ITB checks', () => fetchAssessments(client, 'p1', window), true],
  ['assessments history, load older', () => queries().fetchInfiniteQuery({ ...assessmentsHistoryInfiniteQueryOptions(client, 'p1'), pages: 2 }), true],
  ['pump, refills and implant', () => fetchPump(client, 'p1'), false],
  ['procedure history, load older', () => queries().fetchInfiniteQuery({ ...procedureHistoryInfiniteQueryOptions(client, 'p1'), pages: 2 }), true],
  ['latest weight', () => fetchLatestWeight(client, 'p1'), false],
  ['planned test doses', () => fetchPlannedTestDoses(client, 'p1'), true],
  ['test-dose verdicts', () => fetchTestResponseVerdicts(client, 'p1'), false],
  ['what a save already wrote (before a retry)', () => findWrittenByIdentifier(client, 'p1', 'group-1'), true],
  ['duplicate copies (before saved is said)', () => findDuplicateCopies(client, 'p1', 'group-1', new Map()), true],
  [
    'CDS Hooks chart read (no prefetch)',
    () => loadCdsChart({ patientId: 'p1', prefetch: undefined, client, now: new Date('2026-11-22T00:00:00Z'), timeZone: 'Australia/Sydney' }),
    true,
  ],
];

describe('no paged read sends a request outside the FHIR base', () => {
  const cases = READS.flatMap(([name, read, follows]) => OUTSIDE.map((next) => [name, next, read, follows] as const));
  it.each(cases)('%s, with a next link to %s', async (_name, next, read, follows) => {
    hostileEhr(next);
    const outcome = await read().then(
      () => ({ ok: true as const }),
      (e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }),
    );
    expect(leaked).toEqual([]);
    expect(inside.length).toBeGreaterThan(0);
    if (follows) {
      // Refused and named: where the link pointed and that the rest of the list was not read.
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.message).toContain(new URL(next).origin);
        expect(outcome.message).toMatch(/outside its FHIR server .* it was not followed/);
      }
    }
  });
});

const OMITTED = 'Some results were omitted: 3 records are restricted';

/** The EHR answers every search with one page holding only a warning OperationOutcome. */
function incompleteEhr() {
  server.use(
    http.all('*', ({ request }) => {
      const path = new URL(request.url).pathname;
      if (/\/Patient\/[^/]+$/.test(path)) return HttpResponse.json({ resourceType: 'Patient', id: 'p1', birthDate: '2012-05-06' });
      const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'suppressed', diagnostics: OMITTED }] };
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: outcome, search: { mode: 'outcome' } }] });
    }),
  );
}

/** The reads whose results a view shows (the save-time searches and the CDS read are not shown as lists). */
const SHOWN = READS.filter(([name]) => !/save|duplicate|CDS/.test(name));

describe('an OperationOutcome in a searchset reaches every read a view shows', () => {
  it.each(SHOWN.map(([name, read]) => [name, read] as const))('%s carries it as an issue', async (_name, read) => {
    incompleteEhr();
    const result = await read();
    expect(JSON.stringify(result)).toContain(`the server says: \\"${OMITTED}\\" — the list may be incomplete`);
  });
});
