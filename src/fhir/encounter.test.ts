import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fetchEncounter } from './encounter';
import { FHIR_BASE } from './testing/fixtures';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = nodeClient(FHIR_BASE, { access_token: 'token' });
const serve = (body: unknown) => server.use(http.get(`${FHIR_BASE}/Encounter/e1`, () => HttpResponse.json(body as never)));

describe('the launch encounter', () => {
  it('is not discharged while in progress, even with an expected end', async () => {
    serve({ resourceType: 'Encounter', id: 'e1', status: 'in-progress', class: { code: 'IMP' }, period: { start: '2026-11-22T08:00:00+11:00', end: '2026-11-22T18:00:00+11:00' } });
    expect(await fetchEncounter(client, 'e1')).toEqual({ id: 'e1', status: 'in-progress', start: '2026-11-22T08:00:00+11:00', dischargedAt: undefined });
  });

  it('is discharged at the period end once finished', async () => {
    serve({ resourceType: 'Encounter', id: 'e1', status: 'finished', period: { start: '2026-11-22T08:00:00+11:00', end: '2026-11-22T16:30:00+11:00' } });
    expect((await fetchEncounter(client, 'e1')).dischargedAt).toBe('2026-11-22T16:30:00+11:00');
  });

  it('does not invent a discharge time for a finished encounter without an end', async () => {
    serve({ resourceType: 'Encounter', id: 'e1', status: 'finished' });
    expect((await fetchEncounter(client, 'e1')).dischargedAt).toBeUndefined();
  });

  it('names the failing field of a malformed Encounter instead of guessing "still admitted"', async () => {
    serve({ resourceType: 'Encounter', id: 'e1', status: 'done' });
    await expect(fetchEncounter(client, 'e1')).rejects.toMatchObject({ kind: 'server', message: expect.stringContaining('status') as unknown });
  });
});
