import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { millilitres } from '../domain/units';
import { fetchPump, mapRefills, type ProcedureRecord } from './pump';
import { FHIR_BASE } from './testing/fixtures';

const ITB_ASSESSMENT = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';

const refillRecord = (codeText: string): ProcedureRecord => ({
  id: 'r1',
  kind: 'pump-refill',
  status: 'completed',
  performed: '2026-09-13T10:00:00+10:00',
  note: undefined,
  match: { by: 'text', text: codeText },
  codeText,
  devices: [],
  usedText: [],
});
const obs = (id: string, code: string, value: number, unit: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: ITB_ASSESSMENT, code }] },
  effectiveDateTime: '2026-09-13T10:00:00+10:00',
  valueQuantity: { value, system: 'http://unitsofmeasure.org', code: unit },
  partOf: [{ reference: 'Procedure/r1' }],
});

describe("a refill's fill volume and concentration", () => {
  it('come from the Observations that are part of the refill before its text', () => {
    const { refills } = mapRefills([refillRecord('ITB pump refill 20 mL of 1000 mcg/mL')], [obs('fv', 'reservoir-fill-volume', 40, 'mL'), obs('fc', 'refill-concentration', 2000, 'ug/mL')]);
    expect(refills[0]).toMatchObject({ fillVolume: 40, fillVolumeFrom: { from: 'observation', id: 'fv' }, concentration: 2000, concentrationFrom: { from: 'observation', id: 'fc' } });
  });

  it('leave out an implausible recorded value and name it, rather than use it', () => {
    const { refills } = mapRefills(
      [refillRecord('ITB pump refill')],
      [obs('fv', 'reservoir-fill-volume', 45, 'mL'), obs('fc', 'refill-concentration', 20000, 'ug/mL')],
      { reservoir: millilitres(40) },
    );
    expect(refills[0]).toMatchObject({ fillVolume: undefined, concentration: undefined });
    expect(refills[0]?.refused).toEqual([
      "The fill volume on Observation/fv was left out: 45 mL is more than the pump's 40 mL reservoir.",
      'The concentration on Observation/fc was left out: 20000 micrograms/mL is above 4000 micrograms/mL, not a supplied intrathecal strength.',
    ]);
  });

  it('a zero fill in the text is refused', () => {
    const { refills } = mapRefills([refillRecord('ITB pump refill 0 mL')], []);
    expect(refills[0]?.refused).toEqual(["The fill volume in the refill's code text was left out: 0 mL is not a positive volume."]);
  });
});

describe('the pump read', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const client = nodeClient(FHIR_BASE, { access_token: 'token' });
  const empty = () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });

  it('asks for the recent Procedures without a code filter, newest first, and for the implant by code, in one wave', async () => {
    const procedureSearches: URLSearchParams[] = [];
    let inFlight = 0;
    let most = 0;
    const track = async (respond: () => Response) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      return respond();
    };
    server.use(
      http.get(`${FHIR_BASE}/Device`, () => track(empty)),
      http.get(`${FHIR_BASE}/Observation`, () => track(empty)),
      http.get(`${FHIR_BASE}/Procedure`, ({ request }) => {
        procedureSearches.push(new URL(request.url).searchParams);
        return track(empty);
      }),
    );
    const p = await fetchPump(client, 'p1');
    expect(most).toBe(4);
    const [recent, implant] = [procedureSearches.find((s) => !s.has('code')), procedureSearches.find((s) => s.has('code'))];
    expect(recent && Object.fromEntries(recent)).toEqual({ patient: 'p1', _sort: '-date', _count: '50' });
    expect(implant?.get('code')?.split(',')).toEqual([
      'https://itb-companion.example/fhir/CodeSystem/itb-procedure|pump-implant',
      'https://itb-companion.example/fhir/CodeSystem/itb-procedure|pump-replacement',
      'http://www.ama-assn.org/go/cpt|62362',
    ]);
    expect(p.searched).toMatchObject({ recentRead: 0, recentLimit: 50, moreOlder: false, implantCodes: implant?.get('code')?.split(',') });
  });
});
