/**
 * The engine's two fast paths against the slow ways they replace, or the sandbox would answer
 * differently from the engine it wraps:
 * - the patient-narrowed search (JournalingRepository.searchStored) against medplum's own full
 *   scan, on the whole seed plus references in the other forms a server meets (absolute,
 *   versioned, two patients in one resource): the same matches, order and total;
 * - a reset's restored store against a store the seed was created into.
 */
import { parseSearchRequest } from '@medplum/core';
import type { SearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Observation, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { FhirEngine } from './fhir-engine.ts';
import { generateSeed } from './seed/generate.ts';

const engine = new FhirEngine('http://sandbox.test/fhir');
const NOW = new Date('2026-11-23T12:30:00Z');

beforeAll(async () => {
  await engine.loadSeed(generateSeed(NOW).bundles);
  const extra: Resource[] = [
    { resourceType: 'Observation', status: 'final', code: { text: 'absolute' }, subject: { reference: 'http://sandbox.test/fhir/Patient/itb-stable' } },
    { resourceType: 'Observation', status: 'final', code: { text: 'versioned' }, subject: { reference: 'Patient/itb-pretest/_history/1' } },
    { resourceType: 'Observation', status: 'final', code: { text: 'performer is another child' }, subject: { reference: 'Patient/itb-stable' }, performer: [{ reference: 'Patient/itb-pretest' }] },
    { resourceType: 'Observation', status: 'final', code: { text: 'no subject' } },
    { resourceType: 'Device', status: 'active', patient: { reference: 'Patient/itb-stable' } },
  ];
  for (const resource of extra) await engine.repo.createResource(resource);
});

/** medplum's MemoryRepository.search: every stored resource of the type tested in turn. */
function fullScan(request: SearchRequest): ReturnType<MemoryRepository['search']> {
  return MemoryRepository.prototype.search.call<MemoryRepository, [SearchRequest], ReturnType<MemoryRepository['search']>>(engine.repo, { ...request, sortRules: undefined });
}

const idsOf = (bundle: Awaited<ReturnType<MemoryRepository['search']>>) => (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);

const PATIENTS = generateSeed(NOW).patients.map((p) => p.id);
const QUERIES = [
  'Observation?patient=Patient/{p}',
  'Observation?subject=Patient/{p}',
  'Observation?patient=Patient/{p}&code=http://loinc.org|29463-7',
  'Observation?patient=Patient/{p}&date=ge2026-01-01',
  'Observation?patient=Patient/{p}&_count=7&_offset=3',
  'Observation?patient=Patient/{p},Patient/itb-stable',
  'Observation?patient:missing=true',
  'Observation?patient:not=Patient/{p}',
  'MedicationRequest?patient=Patient/{p}&status=active',
  'MedicationRequest?subject=Patient/{p}',
  'Procedure?patient=Patient/{p}',
  'Device?patient=Patient/{p}',
  'Encounter?patient=Patient/{p}',
  'Condition?patient=Patient/{p}',
  'Patient?_id={p}',
];

describe('the patient-narrowed search', () => {
  it.each(QUERIES)('%s answers as medplum’s full scan does, for every seed child', async (template) => {
    let matched = 0;
    for (const patient of PATIENTS) {
      const request = parseSearchRequest(template.replaceAll('{p}', patient));
      const narrowed = await engine.repo.search(request);
      const full = await fullScan(request);
      expect(idsOf(narrowed), `${template} for ${patient}`).toEqual(idsOf(full));
      expect(narrowed.total, `${template} for ${patient}`).toBe(full.total);
      matched += narrowed.entry?.length ?? 0;
    }
    // A comparison of empty answers would prove nothing.
    if (!template.includes(':missing')) expect(matched).toBeGreaterThan(0);
  });

  it('reads medplum’s storage as it is (else every search silently falls back to the slow full scan)', () => {
    const stored = (engine.repo as unknown as { resources?: unknown }).resources;
    expect(stored).toBeInstanceOf(Map);
    expect((stored as Map<string, Map<string, Resource>>).get('Observation')?.size).toBeGreaterThan(3000);
  });
});

describe('a reset restores the seed as loading it would', () => {
  const seed = generateSeed(NOW);
  const dump = async (e: FhirEngine) => {
    const out: string[] = [];
    for (const type of ['Patient', 'Observation', 'MedicationRequest', 'Procedure', 'Device']) {
      const all = await e.repo.search(parseSearchRequest(type));
      for (const entry of all.entry ?? []) out.push(JSON.stringify(entry.resource));
    }
    return out.sort();
  };

  it('after writes, a reset leaves exactly the first load: written resources gone, seeded ones at their first version', async () => {
    const e = new FhirEngine('http://sandbox.test/fhir');
    await e.loadSeed(seed.bundles);
    const first = await dump(e);
    const weight = (await e.repo.search(parseSearchRequest('Observation?patient=Patient/itb-stable&code=http://loinc.org|29463-7'))).entry?.[0]?.resource as Observation;
    await e.repo.updateResource({ ...weight, valueQuantity: { ...weight.valueQuantity, value: 99 } });
    await e.repo.createResource({ resourceType: 'Observation', status: 'final', code: { text: 'written in a test' }, subject: { reference: 'Patient/itb-stable' } });
    expect((await e.repo.readHistory('Observation', weight.id ?? '')).entry).toHaveLength(2);

    for (let i = 0; i < 2; i++) {
      e.clear();
      await e.loadSeed(seed.bundles);
      expect(await dump(e)).toEqual(first);
      const history = await e.repo.readHistory('Observation', weight.id ?? '');
      expect(history.entry?.map((h) => (h.resource as Observation).valueQuantity?.value)).toEqual([weight.valueQuantity?.value]);
      // Written once more after the restore: the history grows from the seed's version, not the earlier run's.
      await e.repo.updateResource({ ...weight, valueQuantity: { ...weight.valueQuantity, value: 98 } });
      expect((await e.repo.readHistory('Observation', weight.id ?? '')).entry).toHaveLength(2);
    }
    const fresh = new FhirEngine('http://sandbox.test/fhir');
    await fresh.loadSeed(seed.bundles);
    expect((await dump(fresh)).length).toBe(first.length);
  });
});
