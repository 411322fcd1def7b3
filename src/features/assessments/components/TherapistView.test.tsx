// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeClient } from '../../../../test/integration/node-client';
import type { Session } from '../../../app/session';
import { parseSiteConfig } from '../../../config/site-config';
import { SessionContext } from '../../../session/session-context';
import { TherapistView } from './TherapistView';

const FHIR_BASE = 'https://ehr.example/fhir';
const LOCAL = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';
const GROUP = 'https://itb-companion.example/fhir/NamingSystem/entry-group-id';
const ENTRY = 'https://itb-companion.example/fhir/NamingSystem/client-entry-id';

// One user per test, without the per-event pause (delay: null) and without the pointer-events
// check, which walks every ancestor's computed style on each event: the form is large.
let user: ReturnType<typeof userEvent.setup>;
beforeEach(() => {
  user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
});
/**
 * A note written into a text field in one input, as a paste is: typed key by key, each key
 * re-renders the whole form (a 27-character note took 4 s under load).
 */
async function write(field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const site = parseSiteConfig({
  version: 1,
  site: { name: 'Test hospital', timeZone: 'Australia/Sydney' },
  ehrs: [{ id: 'test', name: 'Test EHR', issuers: [FHIR_BASE], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access', 'patient/Observation.read', 'patient/Observation.write'] }],
  clinical: { staleWeightDays: 90, refillWarningDays: 14, dailyDoseAlertMicrogramsPerDay: 1000, drugStabilityDays: 180 },
});

const capability = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [{ mode: 'server', interaction: [{ code: 'transaction' }], resource: [{ type: 'Observation', conditionalCreate: true, interaction: [{ code: 'create' }, { code: 'update' }] }] }],
};

type Json = Record<string, unknown>;
const searchset = (resources: readonly Json[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

let n = 0;
function obs(code: string, group: string, item: string, timePoint: string | undefined, effective: string, value: Json, extra: Json = {}): Json {
  return {
    resourceType: 'Observation',
    id: `o${++n}`,
    meta: { versionId: '1' },
    status: 'final',
    identifier: [
      { system: ENTRY, value: `${group}:${item}` },
      { system: GROUP, value: group },
    ],
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam' }] }],
    code: { coding: [{ system: LOCAL, code }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: effective,
    ...value,
    ...(timePoint === undefined ? {} : { component: [{ code: { coding: [{ system: LOCAL, code: 'time-point' }] }, valueCodeableConcept: { coding: [{ system: LOCAL, code: timePoint }] } }] }),
    ...extra,
  };
}
const REGIONS = ['eyes', 'mouth', 'neck', 'trunk', 'upper-left', 'upper-right', 'lower-left', 'lower-right'];
const badsGroup = (group: string, tp: string, effective: string, scores: readonly number[]) =>
  REGIONS.flatMap((r, i) => (scores[i] === undefined ? [] : [obs(`bads-${r}`, group, `bads-${r}`, tp, effective, { valueInteger: scores[i] })]));
const masObs = (group: string, tp: string, effective: string, site: string, grade: string) =>
  obs('mas-grade', group, `mas-grade:${site}`, tp, effective, { valueCodeableConcept: { coding: [{ system: LOCAL, code: grade }] } }, { bodySite: { text: site } });

const note = (code: 'rom-notes' | 'transfers-notes', group: string, tp: string, effective: string, text: string, id?: string) => ({
  ...obs(code, group, code, tp, effective, { valueString: text }),
  ...(id === undefined ? {} : { id }),
});

interface Fake {
  assessments: Json[];
  verdicts: Json[];
  posts: Json[];
  puts: { id: string; ifMatch: string | null; body: Json }[];
  failPosts: number;
  failReads: number;
}

function handlers(fake: Fake) {
  return [
    http.get(`${FHIR_BASE}/metadata`, () => HttpResponse.json(capability)),
    http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      if (q.get('identifier') !== null) return HttpResponse.json(searchset([]));
      if ((q.get('code') ?? '').endsWith('|itb-test-response')) return HttpResponse.json(searchset(fake.verdicts));
      if (fake.failReads > 0) {
        fake.failReads--;
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status: 500 });
      }
      return HttpResponse.json(searchset(fake.assessments));
    }),
    http.get(`${FHIR_BASE}/Observation/:id`, ({ params }) => {
      const found = fake.assessments.find((r) => r['id'] === params['id']);
      return found === undefined ? new HttpResponse(null, { status: 404 }) : HttpResponse.json(found);
    }),
    http.put(`${FHIR_BASE}/Observation/:id`, async ({ params, request }) => {
      const body = (await request.json()) as Json;
      fake.puts.push({ id: String(params['id']), ifMatch: request.headers.get('if-match'), body });
      // The EHR keeps the new version, stamped with when it was written.
      const stored = { ...body, meta: { versionId: '2', lastUpdated: '2026-11-23T23:20:00Z' } };
      fake.assessments = fake.assessments.map((r) => (r['id'] === params['id'] ? stored : r));
      return HttpResponse.json(stored);
    }),
    http.get(`${FHIR_BASE}/Practitioner/pt1`, () => HttpResponse.json({ resourceType: 'Practitioner', id: 'pt1', name: [{ text: 'Ava Nguyen, Physiotherapist' }] })),
    http.post(FHIR_BASE, async ({ request }) => {
      const body = (await request.json()) as { entry: { resource: Json }[] };
      fake.posts.push(body);
      if (fake.failPosts > 0) {
        fake.failPosts--;
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status: 503 });
      }
      return HttpResponse.json({
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: body.entry.map((_, i) => ({ response: { status: '201 Created', location: `Observation/new${i}/_history/1` } })),
      });
    }),
  ];
}

/** An id_token naming the signed-in practitioner (fhirclient reads its claims; the EHR signs it). */
const idTokenFor = (fhirUser: string): string => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ fhirUser, sub: 'u1' })}.`;
};

function renderView(fake: Fake, user?: string) {
  server.use(...handlers(fake));
  const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1', ...(user === undefined ? {} : { id_token: idTokenFor(user) }) });
  const session: Session = { client, patientId: 'p1', encounterId: undefined, fhirUser: undefined, needPatientBanner: false, smartStyleUrl: undefined, ehr: site.ehrs[0]!, site };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>
        <TherapistView />
      </QueryClientProvider>
    </SessionContext.Provider>,
  );
}

const fake = (over: Partial<Fake> = {}): Fake => ({ assessments: [], verdicts: [], posts: [], puts: [], failPosts: 0, failReads: 0, ...over });
// Radios are looked up inside their group: the form has about 150, and naming every one of them
// for a page-wide getByRole takes most of a second in jsdom.
const region = (name: string) => screen.getByRole('group', { name });
const timePoint = (name: string) => within(region('Time point')).getByRole('radio', { name });
const verdictRadio = (name: string) => within(region("Verdict (the clinician's decision)")).getByRole('radio', { name });
const badsRadio = (name: string, score: number) => within(region(name)).getByRole('radio', { name: new RegExp(`^${score} `) });

describe('Therapist view', () => {
  it('shows a failed read as an error with a retry, never as "nothing recorded", and the retry recovers', async () => {
    const f = fake({ failReads: 1 });
    renderView(f);
    expect(await screen.findByRole('alert')).toHaveTextContent('Assessments could not be read');
    expect(screen.queryByText(/No assessment with a time point/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Tone assessments: test-dose day' })).toBeInTheDocument();
  });

  it('keeps the form and the save\'s answer when the read after the save fails, saying the list is as read before', async () => {
    const f = fake();
    renderView(f);
    await screen.findByRole('heading', { name: 'Record an assessment' });
    await user.click(badsRadio('Neck', 2));
    // The save lands; the assessments read that follows it gets a 500 (the soak saw 503s here).
    f.failReads = 1;
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(await screen.findByText(/Saved to the EHR: Baseline assessment, assessed .*, 1 item/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Record an assessment' })).toBeInTheDocument();
    const stale = screen.getByText(/The assessments could not be read again/);
    expect(stale).toHaveTextContent(/as read at \d{1,2} \w{3} \d{4} \d{2}:\d{2}/);
    await user.click(within(stale).getByRole('button', { name: 'Read again' }));
    expect(await screen.findByRole('heading', { name: 'Record an assessment' })).toBeInTheDocument();
    await vi.waitFor(() => expect(screen.queryByText(/The assessments could not be read again/)).not.toBeInTheDocument());
  });

  it('discards a locked assessment after a failed save with a confirmation, keeping its journal marked discarded for the next launch', async () => {
    const f = fake({ failPosts: 1 });
    renderView(f);
    await screen.findByRole('heading', { name: 'Record an assessment' });
    await user.click(badsRadio('Trunk', 3));
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not saved completely');
    const groupId = (JSON.parse(sessionStorage.getItem('itb:draft:assessment:p1') ?? '{}') as { groupId?: string }).groupId ?? '';
    const journal = () => JSON.parse(sessionStorage.getItem(`itb:journal:p1:${groupId}`) ?? 'null') as { discarded?: boolean } | null;
    expect(journal()).not.toBeNull();
    // Locked: no silent "Clear form" over an entry that may be partly in the chart.
    expect(screen.queryByRole('button', { name: 'Clear form' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Discard entry' }));
    await user.click(within(screen.getByRole('group', { name: 'Discard this assessment?' })).getByRole('button', { name: 'Yes, discard' }));
    expect(journal()?.discarded).toBe(true);
    expect(sessionStorage.getItem('itb:draft:assessment:p1')).toBeNull();
    expect(badsRadio('Trunk', 3)).not.toBeChecked();
    expect(badsRadio('Trunk', 3)).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Clear form' })).toBeInTheDocument();
    expect(f.posts).toHaveLength(1);
  });

  it('saves an assessment as one transaction with the time point on every item, and a retry reuses the same group', async () => {
    const f = fake({ failPosts: 1 });
    renderView(f);
    await screen.findByRole('heading', { name: 'Record an assessment' });
    expect(timePoint('Baseline')).toBeChecked();
    await user.click(badsRadio('Eyes', 2));
    await user.click(within(region('Hamstrings, left')).getByRole('radio', { name: '1+' }));
    // One region scored: the total stays missing, never a partial sum.
    expect(screen.getByText(/not complete — 7 of 8 regions not scored/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Save assessment' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not saved completely: 0 of 2 items confirmed.');
    await user.click(screen.getByRole('button', { name: 'Save again' }));
    expect(await screen.findByText(/Saved to the EHR: Baseline assessment, assessed .*, 2 items/)).toBeInTheDocument();

    expect(f.posts).toHaveLength(2);
    const groupsOf = (b: Json) => ((b as { entry: { resource: { identifier: { system: string; value: string }[] } }[] }).entry).map((e) => e.resource.identifier.find((i) => i.system === GROUP)?.value);
    const first = groupsOf(f.posts[0]!);
    expect(new Set([...first, ...groupsOf(f.posts[1]!)]).size).toBe(1);
    const resources = (f.posts[1] as { entry: { resource: { code: { coding: { code: string }[] }; component: { valueCodeableConcept: { coding: { code: string }[] } }[]; bodySite?: { text: string } } }[] }).entry.map((e) => e.resource);
    expect(resources.map((r) => r.code.coding[0]?.code)).toEqual(['bads-eyes', 'mas-grade']);
    expect(resources.map((r) => r.component.at(-1)?.valueCodeableConcept.coding[0]?.code)).toEqual(['baseline', 'baseline']);
    expect(resources[1]?.bodySite?.text).toBe('Hamstrings (left)');
  });

  it('keeps what was typed in sessionStorage so a reload does not lose it', async () => {
    const first = renderView(fake());
    await screen.findByRole('heading', { name: 'Record an assessment' });
    await user.click(badsRadio('Trunk', 3));
    first.unmount();
    expect(sessionStorage.getItem('itb:draft:assessment:p1')).toContain('"trunk":3');
    renderView(fake());
    await screen.findByRole('heading', { name: 'Record an assessment' });
    expect(badsRadio('Trunk', 3)).toBeChecked();
  });

  it('compares baseline 25 with 18 at 2 h as a 28% reduction, shows missing time points as not assessed, and the verdict with who and when', async () => {
    const f = fake({
      assessments: [
        ...badsGroup('gb', 'baseline', '2026-11-22T08:00:00+11:00', [1, 3, 3, 4, 4, 3, 4, 3]),
        masObs('gb', 'baseline', '2026-11-22T08:00:00+11:00', 'Hamstrings (left)', 'mas-2'),
        ...badsGroup('g2', '2h', '2026-11-22T11:00:00+11:00', [0, 2, 2, 3, 3, 2, 3, 3]),
        masObs('g2', '2h', '2026-11-22T11:00:00+11:00', 'Hamstrings (left)', 'mas-1plus'),
        // Unreadable: a MAS grade with no side.
        masObs('g2', '2h', '2026-11-22T11:00:00+11:00', 'Hamstrings', 'mas-1'),
      ],
      verdicts: [
        obs('itb-test-response', 'gv', 'itb-test-response', undefined, '2026-11-22T15:00:00+11:00', { valueCodeableConcept: { coding: [{ system: LOCAL, code: 'response-positive' }] } }, { performer: [{ reference: 'Practitioner/pt1' }], note: [{ text: 'Clear reduction' }] }),
      ],
    });
    renderView(f);
    await user.click(await screen.findByRole('tab', { name: 'Compare and verdict' }));
    expect(screen.getByTestId('bads-baseline')).toHaveTextContent('25 of 32');
    expect(screen.getByTestId('bads-2h')).toHaveTextContent('18 of 32−7 (28% reduction)≥25% reduction: met');
    expect(screen.getByTestId('bads-1h')).toHaveTextContent('not assessed');
    expect(screen.getByTestId('bads-6h')).toHaveTextContent('not assessed');
    expect(screen.getByRole('row', { name: /Hamstrings, left/ })).toHaveTextContent('2 → 1+ (reduced)');
    expect(screen.getByText(/Partial record/)).toBeInTheDocument();
    const verdict = await screen.findByTestId('verdict-current');
    expect(verdict).toHaveTextContent('Positive response');
    expect(await within(verdict).findByText(/Recorded by Ava Nguyen, Physiotherapist, 22 Nov 2026 15:00/)).toBeInTheDocument();
    expect(verdict).toHaveTextContent('Note: Clear reduction');
  });

  it('records the verdict as its own observation, with the note', async () => {
    const f = fake();
    renderView(f);
    await user.click(await screen.findByRole('tab', { name: 'Compare and verdict' }));
    expect(screen.getByText(/No verdict recorded for this test dose yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Record verdict' }));
    expect(await screen.findByText('Choose positive, negative or equivocal.')).toBeInTheDocument();
    expect(f.posts).toHaveLength(0);
    await user.click(verdictRadio('Equivocal'));
    await write(screen.getByLabelText('Note'), 'Dressing easier, BADS unchanged');
    await user.click(screen.getByRole('button', { name: 'Record verdict' }));
    expect(await screen.findByText('Verdict saved to the EHR.')).toBeInTheDocument();
    const resource = (f.posts[0] as { entry: { resource: { code: { coding: { code: string }[] }; valueCodeableConcept: { coding: { code: string }[] }; note: { text: string }[] } }[] }).entry[0]?.resource;
    expect(resource?.code.coding[0]?.code).toBe('itb-test-response');
    expect(resource?.valueCodeableConcept.coding[0]?.code).toBe('response-equivocal');
    expect(resource?.note[0]?.text).toBe('Dressing easier, BADS unchanged');
  });

  describe('range of movement and transfers (Guideline §3.2)', () => {
    type Posted = { code: { coding: { system: string; code: string }[] }; category: { coding: { code: string }[] }[]; valueString?: string; component: { valueCodeableConcept: { coding: { code: string }[] } }[] };
    const posted = (f: Fake, i: number) => (f.posts[i] as { entry: { resource: Posted }[] }).entry.map((e) => e.resource);

    it('writes the two notes as text at the chosen time point, with the scores', async () => {
      const f = fake();
      renderView(f);
      await screen.findByRole('heading', { name: 'Record an assessment' });
      await user.click(timePoint('2 hours'));
      await user.click(badsRadio('Eyes', 1));
      await write(screen.getByLabelText('Range of movement'), 'Hip abduction 35° each side');
      await write(screen.getByLabelText('Transfers'), '  Stand-pivot with one assist ');
      await user.click(screen.getByRole('button', { name: 'Save assessment' }));
      expect(await screen.findByText(/Saved to the EHR: 2 hours assessment, assessed .*, 3 items/)).toBeInTheDocument();
      const notes = posted(f, 0).filter((r) => r.valueString !== undefined);
      expect(notes.map((r) => [r.code.coding[0]?.system, r.code.coding[0]?.code, r.category[0]?.coding[0]?.code, r.valueString, r.component.at(-1)?.valueCodeableConcept.coding[0]?.code])).toEqual([
        [LOCAL, 'rom-notes', 'exam', 'Hip abduction 35° each side', '2h'],
        [LOCAL, 'transfers-notes', 'exam', 'Stand-pivot with one assist', '2h'],
      ]);
      // Saved: the form is cleared for the next time point.
      expect(screen.getByLabelText('Range of movement')).toHaveValue('');
    });

    it('keeps typed notes in the sessionStorage draft across a reload', async () => {
      const first = renderView(fake());
      await screen.findByRole('heading', { name: 'Record an assessment' });
      await write(screen.getByLabelText('Transfers'), 'Hoist bed to chair');
      first.unmount();
      expect(sessionStorage.getItem('itb:draft:assessment:p1')).toContain('"transfers":"Hoist bed to chair"');
      renderView(fake());
      await screen.findByRole('heading', { name: 'Record an assessment' });
      expect(screen.getByLabelText('Transfers')).toHaveValue('Hoist bed to chair');
      expect(screen.getByLabelText('Range of movement')).toHaveValue('');
    });

    it('still loads a draft saved before the notes existed', async () => {
      sessionStorage.setItem(
        'itb:draft:assessment:p1',
        JSON.stringify({ groupId: 'g-old', timePoint: 'baseline', bads: { neck: 2 }, mas: {}, tardieu: {}, gmfcs: '', goals: 'Sit comfortably' }),
      );
      renderView(fake());
      await screen.findByRole('heading', { name: 'Record an assessment' });
      expect(badsRadio('Neck', 2)).toBeChecked();
      expect(screen.getByLabelText('Range of movement')).toHaveValue('');
    });

    it('compares the notes per time point with baseline, "not recorded" where there is none, and shows the baseline note while writing a later one', async () => {
      const f = fake({
        assessments: [
          ...badsGroup('gb', 'baseline', '2026-11-22T08:00:00+11:00', [1, 3, 3, 4, 4, 3, 4, 3]),
          note('rom-notes', 'gb', 'baseline', '2026-11-22T08:00:00+11:00', 'Hip abduction 20° each side'),
          note('transfers-notes', 'gb', 'baseline', '2026-11-22T08:00:00+11:00', 'Two-person lift'),
          ...badsGroup('g2', '2h', '2026-11-22T11:00:00+11:00', [0, 2, 2, 3, 3, 2, 3, 3]),
          note('rom-notes', 'g2', '2h', '2026-11-22T11:00:00+11:00', 'Hip abduction 35° each side'),
        ],
      });
      renderView(f);
      await screen.findByRole('heading', { name: 'Record an assessment' });
      await user.click(timePoint('4 hours'));
      expect(screen.getByLabelText('Range of movement')).toHaveAccessibleDescription('Baseline: “Hip abduction 20° each side”');
      await user.click(screen.getByRole('tab', { name: 'Compare and verdict' }));
      expect(screen.getByTestId('rom-baseline')).toHaveTextContent('Hip abduction 20° each side');
      expect(screen.getByTestId('rom-2h')).toHaveTextContent('Hip abduction 35° each side');
      expect(screen.getByTestId('rom-1h')).toHaveTextContent('not recorded');
      expect(screen.getByTestId('transfers-baseline')).toHaveTextContent('Two-person lift');
      // Assessed at 2 h without a transfers note: said, never left blank.
      expect(screen.getByTestId('transfers-2h')).toHaveTextContent('not recorded');
      expect(screen.getByRole('row', { name: /^Transfers/ })).toHaveTextContent('Two-person lift');
    });

    it('an edit amends a changed note (status amended, If-Match on the version shown) and adds a missing one to the same assessment', async () => {
      const f = fake({
        assessments: [
          ...badsGroup('gb', 'baseline', '2026-11-22T08:00:00+11:00', [1]),
          note('rom-notes', 'gb', 'baseline', '2026-11-22T08:00:00+11:00', 'Hip abduction 20° each side', 'rom1'),
        ],
      });
      renderView(f);
      await user.click(await screen.findByRole('tab', { name: 'Compare and verdict' }));
      await user.click(screen.getByRole('button', { name: 'Edit the baseline assessment' }));
      const rom = screen.getByLabelText('Range of movement');
      expect(rom).toHaveValue('Hip abduction 20° each side');
      await user.clear(rom);
      await write(rom, 'Hip abduction 25° each side');
      await write(screen.getByLabelText('Transfers'), 'Two-person lift');
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(await screen.findByText(/Changes saved to the EHR: 1 amended, 1 added/)).toBeInTheDocument();
      expect(f.puts).toHaveLength(1);
      expect(f.puts[0]).toMatchObject({ id: 'rom1', ifMatch: 'W/"1"', body: { status: 'amended', valueString: 'Hip abduction 25° each side' } });
      expect((f.puts[0]?.body['identifier'] as { value: string }[])[0]?.value).toBe('gb:rom-notes');
      const added = posted(f, 0);
      expect(added.map((r) => [r.code.coding[0]?.code, r.valueString, r.component.at(-1)?.valueCodeableConcept.coding[0]?.code])).toEqual([['transfers-notes', 'Two-person lift', 'baseline']]);
    });

    it('refuses to clear a saved note in an edit, and writes nothing', async () => {
      const f = fake({ assessments: [note('transfers-notes', 'gb', 'baseline', '2026-11-22T08:00:00+11:00', 'Two-person lift', 't1')] });
      renderView(f);
      await user.click(await screen.findByRole('tab', { name: 'Compare and verdict' }));
      await user.click(screen.getByRole('button', { name: 'Edit the baseline assessment' }));
      await user.clear(screen.getByLabelText('Transfers'));
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('Transfers: a saved note cannot be cleared here');
      expect(f.puts).toHaveLength(0);
      expect(f.posts).toHaveLength(0);
    });
  });
});

describe('Therapist view: times, the assessment time, one "done", baseline edits and the criterion (issue 13)', () => {
  // Pinned: 10:15 in Sydney (+11:00), the dose at 06:00, the baseline at 05:30.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T10:15:00+11:00'));
  });
  const injection = (effective: string) => obs('test-dose-injection', 'gi', 'test-dose-injection', undefined, effective, { valueQuantity: { value: 50, unit: 'ug', system: 'http://unitsofmeasure.org', code: 'ug' } });
  const BASELINE = [1, 3, 3, 4, 4, 3, 4, 3];
  const timeInput = () => screen.getByLabelText('Time (24-hour)');
  // The clock typed in one go (the field reads it as a whole; each keystroke would re-render the form).
  const setTime = (clock: string) => fireEvent.input(timeInput(), { target: { value: clock } });
  type Posted = { effectiveDateTime: string; component: { valueCodeableConcept: { coding: { code: string }[] } }[] };

  it('a 2-hour score typed in at 10:15 for 08:05: the time point follows the time, and the record is written at 08:05 with the site offset', async () => {
    const f = fake({ assessments: [...badsGroup('gb', 'baseline', '2026-11-24T05:30:00+11:00', BASELINE), injection('2026-11-24T06:00:00+11:00')] });
    renderView(f);
    await screen.findByRole('heading', { name: 'Record an assessment' });
    // Now is 4 h 15 min after the dose: the 4-hour window.
    expect(timeInput()).toHaveValue('10:15');
    expect(timePoint('4 hours')).toBeChecked();
    setTime('08:05');
    expect(timePoint('2 hours')).toBeChecked();
    expect(screen.getByRole('group', { name: 'Assessed at' })).toHaveAccessibleDescription(/2 h 5 min after the injection at 24 Nov 2026 06:00/);
    await user.click(badsRadio('Eyes', 1));
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(await screen.findByText('Saved to the EHR: 2 hours assessment, assessed 24 Nov 2026 08:05, 1 item.')).toBeInTheDocument();
    const written = (f.posts[0] as { entry: { resource: Posted }[] }).entry.map((e) => e.resource);
    expect(written.map((r) => [r.effectiveDateTime, r.component.at(-1)?.valueCodeableConcept.coding[0]?.code])).toEqual([['2026-11-24T08:05:00+11:00', '2h']]);
  });

  it('refuses a time in the future, and a 2-hour assessment before the dose or the baseline; nothing is written', async () => {
    const f = fake({ assessments: [...badsGroup('gb', 'baseline', '2026-11-24T05:30:00+11:00', BASELINE), injection('2026-11-24T06:00:00+11:00')] });
    renderView(f);
    await screen.findByRole('heading', { name: 'Record an assessment' });
    await user.click(timePoint('2 hours'));
    await user.click(badsRadio('Eyes', 1));
    setTime('10:30');
    expect(screen.getByRole('group', { name: 'Assessed at' })).toHaveTextContent('The assessment time 24 Nov 2026 10:30 is in the future');
    setTime('05:50');
    // Chosen by hand: the time point stays, and the time is refused against it.
    expect(timePoint('2 hours')).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The 2 hours assessment is after the dose, but 24 Nov 2026 05:50 is before the injection at 24 Nov 2026 06:00');
    expect(f.posts).toHaveLength(0);
  });

  it('times written in UTC are shown in the site zone, and the header says done only where the table has the assessment', async () => {
    const f = fake({
      assessments: [
        ...badsGroup('gb', 'baseline', '2026-11-23T18:30:00+00:00', BASELINE),
        injection('2026-11-23T19:00:00+00:00'),
        // A 2-hour assessment written at 06:58, inside the 1-hour window.
        ...badsGroup('g2', '2h', '2026-11-23T19:58:00+00:00', [0, 2, 2, 3, 3, 2, 3, 3]),
      ],
    });
    renderView(f);
    const day = await screen.findByRole('region', { name: 'Test-dose day' });
    expect(day).toHaveTextContent('injected 24 Nov 2026 06:00. Baseline: assessed 24 Nov 2026 05:30.');
    expect(screen.getByTestId('slot-1h')).toHaveTextContent('1 hour: due 24 Nov 2026 07:00 overdue');
    expect(screen.getByTestId('slot-2h')).toHaveTextContent('2 hours: due 24 Nov 2026 08:00 done assessed 24 Nov 2026 06:58');
    await user.click(screen.getByRole('tab', { name: 'Compare and verdict' }));
    expect(screen.getByTestId('bads-1h')).toHaveTextContent('not assessed');
    expect(screen.getByRole('row', { name: /^Assessed/ })).toHaveTextContent('24 Nov 2026 05:30');
  });

  it('"cannot judge yet" while only the baseline is recorded, never "No"', async () => {
    renderView(fake({ assessments: [...badsGroup('gb', 'baseline', '2026-11-24T05:30:00+11:00', BASELINE), masObs('gb', 'baseline', '2026-11-24T05:30:00+11:00', 'Hamstrings (left)', 'mas-2')] }));
    await user.click(await screen.findByRole('tab', { name: 'Compare and verdict' }));
    expect(screen.getByTestId('criterion-met')).toHaveTextContent(/^Cannot judge yet/);
  });

  it('a verdict is written with the site offset', async () => {
    const f = fake();
    renderView(f);
    await user.click(await screen.findByRole('tab', { name: 'Compare and verdict' }));
    await user.click(verdictRadio('Positive'));
    await user.click(screen.getByRole('button', { name: 'Record verdict' }));
    expect(await screen.findByText('Verdict saved to the EHR.')).toBeInTheDocument();
    expect((f.posts[0] as { entry: { resource: Posted }[] }).entry[0]?.resource.effectiveDateTime).toBe('2026-11-24T10:15:00+11:00');
  });

  it('a baseline changed after the dose needs a reason; the amendment notes the reason and what it was, and shows who changed it', async () => {
    const eyes = { ...badsGroup('gb', 'baseline', '2026-11-24T05:30:00+11:00', [0])[0], id: 'eyes1' };
    const f = fake({ assessments: [eyes, injection('2026-11-24T06:00:00+11:00')] });
    renderView(f, 'Practitioner/pt1');
    await user.click(await screen.findByRole('tab', { name: 'Compare and verdict' }));
    await user.click(screen.getByRole('button', { name: 'Edit the baseline assessment' }));
    await user.click(badsRadio('Eyes', 1));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This baseline is being changed after the test dose was injected 24 Nov 2026 06:00: give the reason for the change.');
    expect(f.puts).toHaveLength(0);
    await write(screen.getByLabelText('Reason for the change'), 'Paper sheet misread');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/Changes saved to the EHR: 1 amended, 0 added/)).toBeInTheDocument();
    expect(f.puts[0]?.body).toMatchObject({ status: 'amended', valueInteger: 1, effectiveDateTime: '2026-11-24T05:30:00+11:00', note: [{ text: 'Amended: Paper sheet misread. Was 0.' }], performer: [{ reference: 'Practitioner/pt1' }] });
    expect(await screen.findByTestId('amendment')).toHaveTextContent('Baseline, BADS eyes: now 1 — Amended: Paper sheet misread. Was 0. — by Ava Nguyen, Physiotherapist, 24 Nov 2026 10:20.');
  });
});
