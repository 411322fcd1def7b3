import { describe, expect, it } from 'vitest';
import { buildObservation, type ObservationDraft, type WriteContext } from './build';
import { SYSTEM } from './codes';
import { mapObservationResources } from './observations';
import { ASSESSMENT_KEYS, defaultWriteCodes, resolveWriteCodes, type ItemKey } from './write-codes';

/** Range of movement and transfers: physio/OT free text per time point (Guideline §3.2, §3.4.8). */
const context: WriteContext = { patientId: 'p1', encounterId: 'e1', performer: 'Practitioner/physio', codes: defaultWriteCodes };
const EFFECTIVE = '2026-11-22T11:00:00+11:00';
const ASSESSMENTS: ReadonlySet<ItemKey> = new Set(ASSESSMENT_KEYS);

const rom: ObservationDraft = { key: 'rom-notes', value: { kind: 'string', value: 'Hip abduction 20° each side; knee extension −15° L' }, timePoint: 'baseline' };
const transfers: ObservationDraft = { key: 'transfers-notes', value: { kind: 'string', value: 'Two-person lift bed to chair' }, timePoint: '2h' };

/** What the server sends back: the written resource with an id and version. */
const stored = (draft: ObservationDraft, id: string, codes = defaultWriteCodes) => ({ ...buildObservation(draft, 'g1', EFFECTIVE, { ...context, codes }), id, meta: { versionId: '1' } });

describe('range of movement and transfers notes', () => {
  it('are written as exam Observations with the local codes rom-notes and transfers-notes, valueString and the time point', () => {
    expect(buildObservation(rom, 'g1', EFFECTIVE, context)).toMatchObject({
      status: 'final',
      category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'exam' }] }],
      code: { coding: [{ system: SYSTEM.itbAssessment, code: 'rom-notes' }] },
      valueString: 'Hip abduction 20° each side; knee extension −15° L',
      component: [{ code: { coding: [{ system: SYSTEM.itbAssessment, code: 'time-point' }] }, valueCodeableConcept: { coding: [{ system: SYSTEM.itbAssessment, code: 'baseline' }] } }],
      identifier: [
        { system: SYSTEM.clientEntryId, value: 'g1:rom-notes' },
        { system: SYSTEM.entryGroupId, value: 'g1' },
      ],
    });
    const t = buildObservation(transfers, 'g1', EFFECTIVE, context);
    expect(t.code.coding[0]).toEqual({ system: SYSTEM.itbAssessment, code: 'transfers-notes', display: 'Transfers notes' });
    expect(t.valueString).toBe('Two-person lift bed to chair');
    expect(t.valueQuantity).toBeUndefined();
  });

  it('are read back under the same item keys, as text with their time point and group', () => {
    const read = mapObservationResources([stored(rom, 'o1'), stored(transfers, 'o2')], ASSESSMENTS);
    expect(read.issues).toEqual([]);
    const byKey = Object.fromEntries(read.items.map((r) => [r.key, r]));
    expect(byKey['rom-notes']).toMatchObject({ id: 'o1', versionId: '1', value: { kind: 'string', value: 'Hip abduction 20° each side; knee extension −15° L' }, timePoint: 'baseline', groupId: 'g1', entryId: 'g1:rom-notes' });
    expect(byKey['transfers-notes']).toMatchObject({ id: 'o2', value: { kind: 'string', value: 'Two-person lift bed to chair' }, timePoint: '2h', entryId: 'g1:transfers-notes' });
  });

  it('keep a note that is only a number as text, never turned into a quantity', () => {
    const draft: ObservationDraft = { key: 'rom-notes', value: { kind: 'string', value: '90' }, timePoint: '1h' };
    const read = mapObservationResources([stored(draft, 'o3')], ASSESSMENTS);
    expect(read.items[0]?.value).toEqual({ kind: 'string', value: '90' });
  });

  it('are recognised by a site code when a site overrides them', () => {
    const codes = resolveWriteCodes({ items: { 'transfers-notes': { category: 'exam', coding: [{ system: 'urn:oid:1.2.3', code: 'PT-TRANSFERS' }] } } });
    const obs = stored(transfers, 'o4', codes);
    expect(obs.code.coding[0]?.code).toBe('PT-TRANSFERS');
    expect(mapObservationResources([obs], ASSESSMENTS, codes).items[0]?.key).toBe('transfers-notes');
    // Without the site map the site's code is not one the app knows: left out, not guessed.
    expect(mapObservationResources([obs], ASSESSMENTS).items).toEqual([]);
  });
});
