/**
 * src/fhir against the sandbox EHR's real FHIR engine (medplum, validating every write), in
 * both of its personalities: a server with transactions and conditional create, and Oracle
 * Health mode (no transactions, If-None-Exist ignored).
 */
import { validateResource } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  amendObservation,
  defaultWriteCodes,
  loadDashboard,
  newEntryId,
  saveObservationGroup,
  writeContextFrom,
  type FhirClient,
  type ObservationDraft,
} from '../../src/fhir';
import { toSiteIso } from '../../src/domain/clinical-time';
import { fetchWriteStrategy } from '../../src/fhir/capabilities';
import { fetchPlannedTestDoses } from '../../src/fhir/service-requests';
import { SYSTEM } from '../../src/fhir/codes';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { testNow } from '../clock/test-clock';
import { launchToken, nodeClient } from './node-client';

/** Now, as the app writes an effective time: the site's wall clock with its offset. */
const nowAtSite = () => toSiteIso(new Date(), 'Australia/Sydney');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, now: () => testNow() });
}, 120_000);
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.setFaults({ oracleMode: false, dropRate: 0, dropWritesOnly: false, maxBundleEntries: 0, failRate: 0, force401: false });
});

async function clientFor(patientId: string): Promise<FhirClient> {
  const token = await launchToken(sandbox.origin, sandbox.fhirBase, patientId);
  return nodeClient(sandbox.fhirBase, token, `${sandbox.origin}/oauth/token`);
}

const DAY = 86_400_000;
const window = () => ({
  vitalsSince: new Date(Date.now() - 7 * DAY).toISOString(),
  assessmentsSince: new Date(Date.now() - 30 * DAY).toISOString(),
  timeZone: 'Australia/Sydney',
});

const searchset = z.object({ entry: z.array(z.object({ resource: z.record(z.string(), z.unknown()) })).optional() });

/** Reads straight from the engine (admin, no token): what the server really holds. */
async function serverObservations(groupId: string): Promise<Record<string, unknown>[]> {
  const url = `${sandbox.origin}/admin/fhir/Observation?identifier=${encodeURIComponent(`${SYSTEM.entryGroupId}|${groupId}`)}&_count=200`;
  const body = searchset.parse(await (await fetch(url)).json());
  return (body.entry ?? []).map((e) => e.resource);
}

describe('reads against the sandbox', () => {
  it('reads the stable pump child: dose, concentration, pump, refills, weight', async () => {
    const client = await clientFor('itb-stable');
    const d = await loadDashboard(client, 'itb-stable', window());
    expect(d.patient).toMatchObject({ ok: true, data: { id: 'itb-stable', mrn: 'MRN100004' } });
    expect(d.medications.ok && d.medications.data.current).toMatchObject({ dailyDose: 450, concentration: 2000 });
    expect(d.pump.ok && d.pump.data.device).toMatchObject({ name: 'SynchroMed II', reservoirVolume: 40 });
    expect(d.pump.ok && d.pump.data.refills[0]).toMatchObject({ fillVolume: 40, concentration: 2000 });
    expect(d.pump.ok && d.pump.data.procedures.some((p) => p.kind === 'mri')).toBe(true);
    expect(d.weight.ok && d.weight.data.latest?.kg).toBeGreaterThan(0);
  });

  it('the planned test-dose read is granted and answered by the engine (status filter included), not refused', async () => {
    const client = await clientFor('itb-stable');
    const planned = await fetchPlannedTestDoses(client, 'itb-stable');
    expect(planned.issues).toEqual([]);
    expect(Array.isArray(planned.items)).toBe(true);
  });

  it('converts a weight recorded in pounds to kg', async () => {
    const client = await clientFor('itb-pounds');
    const d = await loadDashboard(client, 'itb-pounds', window());
    expect(d.weight.ok && d.weight.data.latest).toMatchObject({ original: { value: 88, unit: '[lb_av]' } });
    expect(d.weight.ok && d.weight.data.latest?.kg).toBeCloseTo(39.916, 2);
  });

  it('reads the five-year history child with flex dosing', async () => {
    const client = await clientFor('itb-history');
    const d = await loadDashboard(client, 'itb-history', window());
    expect(d.medications.ok && d.medications.data.current).toMatchObject({ flex: true, concentration: 2000 });
    expect(d.vitalSigns.ok && d.vitalSigns.data.items.length).toBeGreaterThan(0);
  });

  it('reads messy transfer-in data without crashing: gaps are reported, not hidden', async () => {
    const client = await clientFor('itb-messy');
    const d = await loadDashboard(client, 'itb-messy', window());
    expect(d.patient).toMatchObject({ ok: true, data: { birthDate: undefined, age: undefined } });
    expect(d.medications.ok && d.medications.data.current).toMatchObject({ dailyDose: 380, concentration: 2000 });
    // Vitals sent as text ("96 bpm") are read as numbers with their unit.
    const hr = d.vitalSigns.ok ? d.vitalSigns.data.items.find((i) => i.key === 'heart-rate') : undefined;
    expect(hr?.value).toEqual({ kind: 'quantity', value: 96, unit: '/min' });
    // A value whose unit cannot be read is reported by field, never shown as a bare number.
    expect(d.vitalSigns.ok && d.vitalSigns.data.issues).toEqual([expect.objectContaining({ path: 'valueQuantity.unit' })]);
    expect(d.medications.ok).toBe(true);
    if (d.medications.ok) {
      // The order without a dosage is reported by field rather than shown as "no dose".
      const all = [...d.medications.data.timeline.map((t) => t.dailyDose), ...d.medications.data.issues.map((i) => i.path)];
      expect(all.length).toBeGreaterThan(0);
    }
  });
});

const round = (): ObservationDraft[] => [
  { key: 'heart-rate', value: { kind: 'quantity', value: 96, unit: '/min' } },
  { key: 'respiratory-rate', value: { kind: 'quantity', value: 22, unit: '/min' } },
  { key: 'spo2', value: { kind: 'quantity', value: 97, unit: '%' } },
  {
    key: 'blood-pressure',
    value: {
      kind: 'components',
      components: [
        { key: 'bp-systolic', value: { kind: 'quantity', value: 102, unit: 'mm[Hg]' } },
        { key: 'bp-diastolic', value: { kind: 'quantity', value: 64, unit: 'mm[Hg]' } },
      ],
    },
  },
  { key: 'temperature', value: { kind: 'quantity', value: 36.9, unit: 'Cel' } },
  { key: 'avpu', value: { kind: 'codeable', answer: 'A' } },
  { key: 'pain', value: { kind: 'quantity', value: 2, unit: '{score}' } },
  { key: 'drowsiness', value: { kind: 'boolean', value: false } },
  { key: 'bads-total', value: { kind: 'integer', value: 12 }, timePoint: '2h' },
  {
    key: 'mas-grade',
    itemId: 'mas-grade:hamstrings-left',
    value: { kind: 'codeable', answer: 'mas-1plus' },
    bodySite: { text: 'Hamstrings', laterality: 'left' },
    timePoint: '2h',
  },
  {
    key: 'mts',
    itemId: 'mts:gastrocnemius-right',
    value: {
      kind: 'components',
      components: [
        { key: 'mts-r1', value: { kind: 'quantity', value: 70, unit: 'deg' } },
        { key: 'mts-r2', value: { kind: 'quantity', value: 100, unit: 'deg' } },
        { key: 'mts-quality', value: { kind: 'integer', value: 2 } },
      ],
    },
    bodySite: { text: 'Gastrocnemius', laterality: 'right' },
  },
];

describe.each([
  ['transactions with conditional create', false, 'transaction'],
  ['Oracle Health mode (one at a time, If-None-Exist ignored)', true, 'one-at-a-time'],
] as const)('writes: %s', (_name, oracleMode, expectedMode) => {
  it('follows the CapabilityStatement', async () => {
    sandbox.setFaults({ oracleMode });
    const client = await clientFor('itb-testdose');
    expect((await fetchWriteStrategy(client)).mode).toBe(expectedMode);
  });

  it('a round retried after a dropped response creates each Observation exactly once, and every one validates', async () => {
    sandbox.setFaults({ oracleMode });
    const client = await clientFor('itb-testdose');
    const strategy = await fetchWriteStrategy(client);
    const context = writeContextFrom(client, 'itb-testdose', defaultWriteCodes);
    expect(context.performer).toMatch(/^Practitioner\//);
    const groupId = newEntryId();
    const input = { groupId, drafts: round(), effective: nowAtSite(), context, strategy };

    // Every response is dropped after the server has processed the write.
    sandbox.setFaults({ oracleMode, dropRate: 1 });
    const first = await saveObservationGroup(client, input);
    expect(first.complete).toBe(false);
    expect(first.error?.kind).toBe('network');
    sandbox.setFaults({ oracleMode, dropRate: 0 });

    // The user presses save again (same group, same drafts).
    const retried = await saveObservationGroup(client, input);
    expect(retried.complete).toBe(true);
    // And once more from a fresh app instance that has no memory of the first attempt.
    const fresh = await clientFor('itb-testdose');
    const again = await saveObservationGroup(fresh, input);
    expect(again.complete).toBe(true);
    expect(again.items.every((i) => i.existed)).toBe(true);

    const stored = await serverObservations(groupId);
    const entryIds = stored.map((o) => z.array(z.object({ system: z.string(), value: z.string() })).parse(o['identifier']).find((i) => i.system === SYSTEM.clientEntryId)?.value);
    expect(entryIds.sort()).toEqual(round().map((d) => `${groupId}:${d.itemId ?? d.key}`).sort());
    for (const o of stored) expect(() => validateResource(o as unknown as Resource)).not.toThrow();
    expect(stored.find((o) => o['encounter'] !== undefined)).toBeDefined();
  });

  it('a correction typed after a save whose answer was lost ends with the chart holding the value on screen, once', async () => {
    sandbox.setFaults({ oracleMode });
    const client = await clientFor('itb-testdose');
    const strategy = await fetchWriteStrategy(client);
    const context = writeContextFrom(client, 'itb-testdose', defaultWriteCodes);
    const groupId = newEntryId();
    const effective = nowAtSite();
    const eyes = (score: number): ObservationDraft => ({ key: 'bads-eyes', value: { kind: 'integer', value: score }, timePoint: 'baseline' });
    const neck: ObservationDraft = { key: 'bads-neck', value: { kind: 'integer', value: 2 }, timePoint: 'baseline' };

    // The server commits the first save and the answer is lost (reads still answer, so the
    // search before writing goes through); the therapist corrects Eyes 4 → 0 and saves again.
    sandbox.setFaults({ oracleMode, dropRate: 1, dropWritesOnly: true });
    const first = await saveObservationGroup(client, { groupId, drafts: [eyes(4), neck], effective, context, strategy });
    expect(first.complete).toBe(false);
    sandbox.setFaults({ oracleMode, dropRate: 0 });
    const second = await saveObservationGroup(client, { groupId, drafts: [eyes(0), neck], effective, context, strategy });
    expect(second.complete).toBe(true);
    expect(second.items.map((i) => [i.itemId, i.corrected === true])).toEqual([
      ['bads-eyes', true],
      ['bads-neck', false],
    ]);

    const stored = await serverObservations(groupId);
    const byItem = Object.fromEntries(stored.map((o) => [JSON.stringify(o['identifier']).includes(`${groupId}:bads-eyes`) ? 'eyes' : 'neck', o]));
    expect(stored).toHaveLength(2);
    expect(byItem['eyes']).toMatchObject({ status: 'amended', valueInteger: 0, note: [{ text: 'Corrected by the author before the first save was confirmed.' }] });
    expect(byItem['neck']).toMatchObject({ status: 'final', valueInteger: 2 });
    for (const o of stored) expect(() => validateResource(o as unknown as Resource)).not.toThrow();

    // Saving the same values again changes nothing.
    const third = await saveObservationGroup(client, { groupId, drafts: [eyes(0), neck], effective, context, strategy });
    expect(third.complete).toBe(true);
    expect(third.items.some((i) => i.corrected === true)).toBe(false);
    expect((await serverObservations(groupId)).map((o) => (o['meta'] as { versionId?: string }).versionId)).toEqual(stored.map((o) => (o['meta'] as { versionId?: string }).versionId));
  });

  it('a transaction refused for its size falls back to one create per Observation, once each, for the rest of the session', async () => {
    sandbox.setFaults({ oracleMode, maxBundleEntries: 3 });
    const client = await clientFor('itb-testdose');
    const strategy = await fetchWriteStrategy(client);
    const context = writeContextFrom(client, 'itb-testdose', defaultWriteCodes);
    const groupId = newEntryId();
    const drafts = round();
    expect(drafts.length).toBeGreaterThan(3);
    const result = await saveObservationGroup(client, { groupId, drafts, effective: nowAtSite(), context, strategy });
    expect(result.complete).toBe(true);
    expect(result.error).toBeUndefined();
    const stored = await serverObservations(groupId);
    expect(stored).toHaveLength(drafts.length);
    // The next group goes straight to single creates: no second refused Bundle.
    const before = sandbox.requestLog.filter((r) => r.method === 'POST' && r.status === 400).length;
    const next = await saveObservationGroup(client, { groupId: newEntryId(), drafts, effective: nowAtSite(), context, strategy });
    expect(next.complete).toBe(true);
    expect(sandbox.requestLog.filter((r) => r.method === 'POST' && r.status === 400).length).toBe(before);
  });

  it('amends a saved observation with If-Match, and explains a stale version as a conflict', async () => {
    sandbox.setFaults({ oracleMode });
    const client = await clientFor('itb-testdose');
    const strategy = await fetchWriteStrategy(client);
    const context = writeContextFrom(client, 'itb-testdose', defaultWriteCodes);
    const groupId = newEntryId();
    const draft: ObservationDraft = { key: 'heart-rate', value: { kind: 'quantity', value: 130, unit: '/min' } };
    const saved = await saveObservationGroup(client, { groupId, drafts: [draft], effective: nowAtSite(), context, strategy });
    const item = saved.items[0];
    expect(item?.id).toBeDefined();
    const fix: ObservationDraft = { ...draft, value: { kind: 'quantity', value: 103, unit: '/min' } };
    const amended = await amendObservation(client, { id: item?.id ?? '', versionId: item?.versionId ?? '', groupId, draft: fix, context });
    expect(amended.versionId).not.toBe(item?.versionId);
    const stale = await amendObservation(client, { id: item?.id ?? '', versionId: item?.versionId ?? '', groupId, draft: fix, context }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ kind: 'conflict' });
    const [stored] = await serverObservations(groupId);
    expect(stored).toMatchObject({ status: 'amended', valueQuantity: { value: 103 } });
  });
});

it('a token about to expire is refreshed through fhirclient and the round still saves', async () => {
  sandbox.setFaults({ tokenLifetimeSeconds: 5 });
  const client = await clientFor('itb-testdose');
  const before = client.state.tokenResponse?.access_token;
  const strategy = await fetchWriteStrategy(client);
  const result = await saveObservationGroup(client, {
    groupId: newEntryId(),
    drafts: round().slice(0, 3),
    effective: nowAtSite(),
    context: writeContextFrom(client, 'itb-testdose', defaultWriteCodes),
    strategy,
  });
  sandbox.setFaults({ tokenLifetimeSeconds: 570 });
  expect(result.complete).toBe(true);
  expect(client.state.tokenResponse?.access_token).not.toBe(before);
});

it('a revoked session keeps the round and asks for a relaunch', async () => {
  const client = await clientFor('itb-testdose');
  const strategy = await fetchWriteStrategy(client);
  sandbox.setFaults({ force401: true });
  const result = await saveObservationGroup(client, {
    groupId: newEntryId(),
    drafts: round().slice(0, 2),
    effective: nowAtSite(),
    context: writeContextFrom(client, 'itb-testdose', defaultWriteCodes),
    strategy,
  });
  expect(result.complete).toBe(false);
  expect(result.error?.kind).toBe('session-expired');
});
