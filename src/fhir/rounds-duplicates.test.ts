import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { findDuplicateCopies, LATE_COPY_POLL_MS, retireDuplicateCopies } from './rounds-duplicates';

const BASE = 'https://dup.example/fhir';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = nodeClient(BASE, { access_token: 't' });

const copy = (id: string, item: string, lastUpdated: string, status = 'final') => ({
  resourceType: 'Observation',
  id,
  status,
  meta: { versionId: '1', lastUpdated },
  identifier: [
    { system: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id', value: `g1:${item}` },
    { system: 'https://itb-companion.example/fhir/NamingSystem/entry-group-id', value: 'g1' },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: 'Patient/p1' },
});
const stored = [
  copy('hr-b', 'heart-rate', '2026-09-13T00:00:02Z'),
  copy('hr-a', 'heart-rate', '2026-09-13T00:00:01Z'),
  copy('hr-old', 'heart-rate', '2026-09-13T00:00:00Z', 'entered-in-error'),
  copy('rr', 'respiratory-rate', '2026-09-13T00:00:01Z'),
];
const searchset = (resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

/** A group's copies in the chart, where `late` lands just before search number `landsAt`; retirements are applied. */
function lateCopies(initial: ReturnType<typeof copy>[], landsAt: number, late: ReturnType<typeof copy>) {
  const chart = { data: initial, searches: 0 };
  server.use(
    http.get(`${BASE}/Observation`, () => {
      chart.searches += 1;
      if (chart.searches === landsAt) chart.data = [...chart.data, late];
      return HttpResponse.json(searchset(chart.data));
    }),
    http.get(`${BASE}/Observation/:id`, ({ params }) => HttpResponse.json(chart.data.find((o) => o.id === params['id']))),
    http.put(`${BASE}/Observation/:id`, async ({ params, request }) => {
      const body = (await request.json()) as { status: string };
      chart.data = chart.data.map((o) => (o.id === params['id'] ? { ...o, status: body.status } : o));
      return HttpResponse.json(body);
    }),
  );
  return chart;
}

describe('extra copies of a round (browser resends where the EHR ignores If-None-Exist)', () => {
  it('finds items held twice, keeping the confirmed copy, ignoring entered-in-error ones', async () => {
    server.use(http.get(`${BASE}/Observation`, () => HttpResponse.json(searchset(stored))));
    expect(await findDuplicateCopies(client, 'p1', 'g1', new Map([['heart-rate', 'hr-b']]))).toEqual([{ itemId: 'heart-rate', keptId: 'hr-b', extra: [{ id: 'hr-a', versionId: '1' }] }]);
    expect((await findDuplicateCopies(client, 'p1', 'g1', new Map()))[0]?.keptId).toBe('hr-a');
  });

  it('marks the extra copy entered-in-error with If-Match and a note naming the copy kept', async () => {
    const puts: { id: string; ifMatch: string | null; body: unknown }[] = [];
    let data = [...stored];
    server.use(
      http.get(`${BASE}/Observation`, () => HttpResponse.json(searchset(data))),
      http.get(`${BASE}/Observation/:id`, ({ params }) => HttpResponse.json(data.find((o) => o.id === params['id']))),
      http.put(`${BASE}/Observation/:id`, async ({ params, request }) => {
        const body = (await request.json()) as { status: string };
        puts.push({ id: String(params['id']), ifMatch: request.headers.get('if-match'), body });
        data = data.map((o) => (o.id === params['id'] ? { ...o, status: body.status } : o));
        return HttpResponse.json(body);
      }),
    );
    expect(await retireDuplicateCopies(client, 'p1', 'g1', new Map([['heart-rate', 'hr-b']]))).toEqual({ retired: 1, failed: [] });
    expect(puts).toEqual([{ id: 'hr-a', ifMatch: 'W/"1"', body: expect.objectContaining({ status: 'entered-in-error', note: [{ text: expect.stringContaining('Observation/hr-b') as unknown }] }) as unknown }]);
  });

  it('reports a copy it could not retire, so the nurse can mark it in the EHR', async () => {
    server.use(
      http.get(`${BASE}/Observation`, () => HttpResponse.json(searchset(stored))),
      http.get(`${BASE}/Observation/:id`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] }, { status: 403 })),
    );
    const r = await retireDuplicateCopies(client, 'p1', 'g1', new Map([['heart-rate', 'hr-b']]));
    expect(r.retired).toBe(0);
    expect(r.failed.map((f) => [f.id, f.itemId, f.error.kind])).toEqual([['hr-a', 'heart-rate', 'forbidden']]);
  });

  it('tries a retirement the EHR refused with a 503 again before reporting it, so "saved" leaves no live copy', async () => {
    let data = [...stored];
    let refusals = 1;
    server.use(
      http.get(`${BASE}/Observation`, () => HttpResponse.json(searchset(data))),
      http.get(`${BASE}/Observation/:id`, ({ params }) => HttpResponse.json(data.find((o) => o.id === params['id']))),
      http.put(`${BASE}/Observation/:id`, async ({ params, request }) => {
        if (refusals-- > 0) return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 });
        const body = (await request.json()) as { status: string };
        data = data.map((o) => (o.id === params['id'] ? { ...o, status: body.status } : o));
        return HttpResponse.json(body);
      }),
    );
    expect(await retireDuplicateCopies(client, 'p1', 'g1', new Map([['heart-rate', 'hr-b']]))).toEqual({ retired: 1, failed: [] });
    expect(data.filter((o) => o.status !== 'entered-in-error').map((o) => o.id)).toEqual(['hr-b', 'rr']);
  });
  it('keeps going when a search between passes fails and when a lost reply hid a retirement that was applied (write soak: 7 live copies of 40 assessments)', async () => {
    let data = [...stored, copy('rr-b', 'respiratory-rate', '2026-09-13T00:00:03Z')];
    // Search 1 finds both copies; the first PUT is applied but its reply lost (the browser sees a
    // network error), the second is refused with a 503; search 2 fails with a 503; search 3 sees
    // one copy still live; pass 3 retires it.
    let searches = 0;
    const puts: string[] = [];
    server.use(
      http.get(`${BASE}/Observation`, () => {
        searches += 1;
        if (searches === 2) return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 });
        return HttpResponse.json(searchset(data));
      }),
      http.get(`${BASE}/Observation/:id`, ({ params }) => HttpResponse.json(data.find((o) => o.id === params['id']))),
      http.put(`${BASE}/Observation/:id`, async ({ params, request }) => {
        const id = String(params['id']);
        puts.push(id);
        const body = (await request.json()) as { status: string };
        if (puts.length === 2) return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 });
        data = data.map((o) => (o.id === id ? { ...o, status: body.status } : o));
        return puts.length === 1 ? HttpResponse.error() : HttpResponse.json(body);
      }),
    );
    expect(await retireDuplicateCopies(client, 'p1', 'g1', new Map([['heart-rate', 'hr-b'], ['respiratory-rate', 'rr']]))).toEqual({ retired: 2, failed: [] });
    expect(data.filter((o) => o.status !== 'entered-in-error').map((o) => o.id)).toEqual(['hr-b', 'rr']);
    expect(searches).toBe(3);
  });

  it('watches for copies an earlier page\'s slow creates land after this retry wrote its own, and retires them before "saved" (writes held 5 s: 6 live copies behind "Saved")', async () => {
    // The first two searches find only the retry's own copies; the earlier page's lands before the third.
    const chart = lateCopies([copy('hr-b', 'heart-rate', '2026-09-13T00:00:02Z'), copy('rr', 'respiratory-rate', '2026-09-13T00:00:01Z')], 3, copy('hr-late', 'heart-rate', '2026-09-13T00:00:05Z'));
    const confirmed = new Map([['heart-rate', 'hr-b'], ['respiratory-rate', 'rr']]);
    // Without a watch the first empty search ends the clean-up: the late copy would stay live.
    expect(await retireDuplicateCopies(client, 'p1', 'g1', confirmed)).toEqual({ retired: 0, failed: [] });
    expect(chart.searches).toBe(1);
    chart.searches = 0;
    const r = await retireDuplicateCopies(client, 'p1', 'g1', confirmed, { origin: 'earlier-page', watchUntil: Date.now() + 3 * LATE_COPY_POLL_MS });
    expect(r).toEqual({ retired: 1, failed: [] });
    expect(chart.data.filter((o) => o.status !== 'entered-in-error').map((o) => o.id)).toEqual(['hr-b', 'rr']);
  });

  it('keeps watching after retiring the first late copies until each item the retry created has had its copy (4 live copies behind "Saved" on a busy run)', async () => {
    // The earlier page's creates land one by one: the heart rate's before the first search, the
    // respiratory rate's only after that copy was retired.
    const initial = () => [copy('hr-b', 'heart-rate', '2026-09-13T00:00:02Z'), copy('rr', 'respiratory-rate', '2026-09-13T00:00:01Z'), copy('hr-late', 'heart-rate', '2026-09-13T00:00:05Z')];
    const chart = lateCopies(initial(), 3, copy('rr-late', 'respiratory-rate', '2026-09-13T00:00:06Z'));
    const confirmed = new Map([['heart-rate', 'hr-b'], ['respiratory-rate', 'rr']]);
    const watch = { origin: 'earlier-page' as const, watchUntil: Date.now() + 6 * LATE_COPY_POLL_MS };
    // A watch without the items ends once the first copies are retired: the later one stays live.
    expect(await retireDuplicateCopies(client, 'p1', 'g1', confirmed, watch)).toEqual({ retired: 1, failed: [] });
    expect(chart.data.filter((o) => o.status !== 'entered-in-error').map((o) => o.id)).toEqual(['hr-b', 'rr']);
    expect(chart.searches).toBe(1);
    chart.searches = 0;
    chart.data = initial();
    const r = await retireDuplicateCopies(client, 'p1', 'g1', confirmed, { ...watch, watchUntil: Date.now() + 6 * LATE_COPY_POLL_MS, watchItems: ['heart-rate', 'respiratory-rate'] });
    expect(r).toEqual({ retired: 2, failed: [] });
    expect(chart.data.filter((o) => o.status !== 'entered-in-error').map((o) => o.id)).toEqual(['hr-b', 'rr']);
    // It stops once both items' copies are in, not at the end of the watch.
    expect(chart.searches).toBe(3);
  });
});
