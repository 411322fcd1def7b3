import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fetchTestResponseVerdicts, practitionerName } from './assessments-verdicts';
import { FHIR_BASE } from './testing/fixtures';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = nodeClient(FHIR_BASE, { access_token: 'token' });
const LOCAL = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';

const verdict = (id: string, answer: string, effective: string, performer?: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  id,
  meta: { versionId: '1' },
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam' }] }],
  code: { coding: [{ system: LOCAL, code: 'itb-test-response' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: effective,
  valueCodeableConcept: { coding: [{ system: LOCAL, code: answer }] },
  note: [{ text: 'BADS 25 → 18 at 2 h; easier dressing.' }],
  ...(performer === undefined ? {} : { performer: [{ reference: performer }] }),
  ...extra,
});
const bundle = (resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

describe('test-dose response verdicts', () => {
  it('reads each verdict newest first with the name of the practitioner who recorded it', async () => {
    let query = '';
    server.use(
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        query = decodeURIComponent(new URL(request.url).search);
        return HttpResponse.json(
          bundle([
            verdict('v1', 'response-equivocal', '2026-09-13T11:00:00+10:00', 'Practitioner/pt1'),
            verdict('v2', 'response-positive', '2026-09-13T15:10:00+10:00', 'Practitioner/pt1', { status: 'amended' }),
            verdict('v3', 'response-negative', '2026-09-13T09:00:00+10:00', undefined, { status: 'entered-in-error' }),
          ]),
        );
      }),
      http.get(`${FHIR_BASE}/Practitioner/pt1`, () =>
        HttpResponse.json({ resourceType: 'Practitioner', id: 'pt1', name: [{ use: 'official', prefix: ['Ms'], given: ['Ava'], family: 'Nguyen' }] }),
      ),
    );
    const result = await fetchTestResponseVerdicts(client, 'p1');
    expect(query).toContain(`code=${LOCAL}|itb-test-response`);
    expect(result.issues).toEqual([]);
    expect(result.items.map((v) => [v.id, v.status, v.value.kind === 'codeable' ? v.value.code : undefined])).toEqual([
      ['v2', 'amended', 'response-positive'],
      ['v1', 'final', 'response-equivocal'],
    ]);
    expect(result.items[0]?.performers).toEqual([{ reference: 'Practitioner/pt1', name: 'Ms Ava Nguyen' }]);
    expect(result.items[0]?.note).toBe('BADS 25 → 18 at 2 h; easier dressing.');
  });

  it('keeps the verdict and reports the issue when the practitioner cannot be read', async () => {
    server.use(
      http.get(`${FHIR_BASE}/Observation`, () => HttpResponse.json(bundle([verdict('v1', 'response-negative', '2026-09-13T11:00:00+10:00', 'Practitioner/gone')]))),
      http.get(`${FHIR_BASE}/Practitioner/gone`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, { status: 404 })),
    );
    const result = await fetchTestResponseVerdicts(client, 'p1');
    expect(result.items[0]?.performers).toEqual([{ reference: 'Practitioner/gone', name: undefined }]);
    expect(result.issues).toEqual([expect.objectContaining({ resourceType: 'Practitioner', id: 'gone' })]);
  });

  it('fails the read (not "no verdict") when the search itself fails', async () => {
    server.use(http.get(`${FHIR_BASE}/Observation`, () => HttpResponse.json({}, { status: 500 })));
    await expect(fetchTestResponseVerdicts(client, 'p1')).rejects.toMatchObject({ kind: 'server' });
  });

  it('uses name.text when the EHR sends one', () => {
    expect(practitionerName({ resourceType: 'Practitioner', id: 'x', name: [{ text: 'Dr Jordan Lee', family: 'Lee' }] }).name).toBe('Dr Jordan Lee');
    expect(practitionerName({ resourceType: 'Practitioner', id: 'x', name: 'Lee' }).issue).toMatchObject({ path: 'name' });
  });
});
