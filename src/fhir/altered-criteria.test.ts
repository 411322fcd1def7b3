import { describe, expect, it } from 'vitest';
import { classifyZone } from '../domain';
import { alteredCriteriaSearchUrl, mapAlteredCriteria, toDomainCriteria, type AlteredCriteriaEntry } from './altered-criteria';
import { alteredCriteriaDraft } from './altered-criteria-write';
import { buildObservation, type WriteContext } from './build';
import { mapObservationResources } from './observations';
import { defaultWriteCodes, resolveWriteCodes } from './write-codes';
import { valueSignature } from './write';

const context: WriteContext = { patientId: 'p1', encounterId: 'e1', performer: 'Practitioner/nurse', codes: defaultWriteCodes };
const SET_AT = '2026-09-12T08:40:00+10:00';
const entry: AlteredCriteriaEntry = {
  rules: [
    { parameter: 'heartRate', comparison: '<', value: 60, zone: 'red' },
    { parameter: 'heartRate', comparison: '>', value: 140, zone: 'red' },
    { parameter: 'heartRate', comparison: '<=', value: 50, zone: 'yellow' },
  ],
  validUntil: '2026-09-13T08:40:00+10:00',
  reason: 'sleeping heart rate 65-75 on the ward, consultant review',
  authorisedBy: 'Dr A Registrar',
};

const written = (e: AlteredCriteriaEntry = entry, at = SET_AT) => ({ ...buildObservation(alteredCriteriaDraft(e, context.codes), 'g1', at, context), id: 'acc-1', meta: { versionId: '1' } });

describe('Altered Calling Criteria as one Observation (docs/fhir-conventions.md)', () => {
  it('writes each criterion as the vital sign\'s code with a comparator quantity and the zone as interpretation, plus end time, reason and authoriser', () => {
    const o = written();
    expect(o.code.coding[0]).toMatchObject({ system: 'https://itb-companion.example/fhir/CodeSystem/itb-assessment', code: 'altered-calling-criteria' });
    expect(o.category[0]?.coding[0]?.code).toBe('survey');
    expect(o.effectiveDateTime).toBe(SET_AT);
    expect(o.identifier).toEqual([
      { system: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id', value: 'g1:altered-calling-criteria' },
      { system: 'https://itb-companion.example/fhir/NamingSystem/entry-group-id', value: 'g1' },
    ]);
    expect(o.component?.[0]).toEqual({
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      valueQuantity: { value: 60, comparator: '<', unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      interpretation: [{ coding: [{ system: 'https://itb-companion.example/fhir/CodeSystem/itb-assessment', code: 'zone-red', display: 'Red zone' }], text: 'Red zone' }],
    });
    expect(o.component?.find((c) => c.code.coding[0]?.code === 'acc-valid-until')?.valueDateTime).toBe('2026-09-13T08:40:00+10:00');
    expect(o.component?.find((c) => c.code.coding[0]?.code === 'acc-reason')?.valueString).toBe(entry.reason);
    expect(o.component?.find((c) => c.code.coding[0]?.code === 'acc-authorised-by')?.valueString).toBe('Dr A Registrar');
  });

  it('reads back what it wrote, and the zone uses it: heart rate 75 at 9 years is red by the default table, not by these criteria', () => {
    const read = mapAlteredCriteria([written()]);
    expect(read.issues).toEqual([]);
    expect(read.newerUnreadable).toBe(false);
    const [r] = read.items;
    expect(r).toMatchObject({ setAt: SET_AT, validUntil: entry.validUntil, reason: entry.reason, authorisedBy: entry.authorisedBy, rules: entry.rules, performer: 'Practitioner/nurse' });
    const nineYearOld = '2017-05-01';
    const at = '2026-09-12T22:00:00+10:00';
    const standard = classifyZone({ heartRate: 75 }, { birthDate: nineYearOld, now: at });
    expect(standard.ok && standard.value.value.zone).toBe('red');
    const altered = r === undefined ? undefined : toDomainCriteria({ ...r, setBy: { reference: 'Practitioner/nurse', name: 'Nurse Jo' } }, 'Australia/Sydney');
    const z = classifyZone({ heartRate: 75 }, { birthDate: nineYearOld, now: at, ...(altered === undefined ? {} : { altered }) });
    expect(z.ok && z.value.value.zone).toBe('normal');
    expect(z.ok && z.value.value.alteredParameters).toEqual(['heartRate']);
    const low = classifyZone({ heartRate: 55 }, { birthDate: nineYearOld, now: at, ...(altered === undefined ? {} : { altered }) });
    expect(low.ok && low.value.value.triggers[0]).toMatchObject({ parameter: 'heartRate', zone: 'red', altered: true });
    // The rule's source names when it was set as a clinician reads a date, not as FHIR writes it.
    expect(altered?.rules[0]?.derivation).toMatch(/^set \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}.* by Nurse Jo, authorised by /);
    // After the end time the standard criteria apply again, and the domain says so.
    const after = classifyZone({ heartRate: 75 }, { birthDate: nineYearOld, now: '2026-09-13T09:00:00+10:00', ...(altered === undefined ? {} : { altered }) });
    expect(after.ok && after.value.value.zone).toBe('red');
    expect(after.ok && after.value.notes.join(' ')).toMatch(/expired/);
  });

  it('a retry compares comparator and zone too: a changed direction or zone is not "already saved"', () => {
    const a = valueSignature(written());
    expect(valueSignature(written({ ...entry, rules: [{ ...entry.rules[0]!, comparison: '<=' }, ...entry.rules.slice(1)] }))).not.toBe(a);
    expect(valueSignature(written({ ...entry, rules: [{ ...entry.rules[0]!, zone: 'yellow' }, ...entry.rules.slice(1)] }))).not.toBe(a);
    expect(valueSignature(written())).toBe(a);
  });

  it('a criterion without its direction, zone or unit makes the whole setting unusable, named, and a newer unreadable setting is flagged', () => {
    const o = written(entry, '2026-09-12T09:00:00+10:00');
    const broken = { ...o, id: 'acc-2', component: o.component?.map((c, i) => (i === 0 ? { ...c, valueQuantity: { ...c.valueQuantity, comparator: undefined } } : i === 1 ? { ...c, interpretation: undefined } : c)) };
    const read = mapAlteredCriteria([written(), broken]);
    expect(read.items.map((i) => i.id)).toEqual(['acc-1']);
    expect(read.issues.map((i) => i.message)).toEqual([
      'Altered Calling Criteria not used: component[0]: the threshold has no direction (comparator)',
      'Altered Calling Criteria not used: component[1]: the zone it triggers is not given (interpretation)',
    ]);
    expect(read.newerUnreadable).toBe(true);
    // An older unreadable one does not hide the newer readable setting.
    expect(mapAlteredCriteria([{ ...broken, effectiveDateTime: '2026-09-01T08:00:00+10:00' }, written()]).newerUnreadable).toBe(false);
  });

  it('the newest setting comes first; entered-in-error and preliminary ones are not used', () => {
    const newer = { ...written({ ...entry, reason: 'newer' }, '2026-09-12T12:00:00+10:00'), id: 'acc-3' };
    const retracted = { ...written({ ...entry, reason: 'retracted' }, '2026-09-12T13:00:00+10:00'), id: 'acc-4', status: 'entered-in-error' };
    const read = mapAlteredCriteria([written(), retracted, newer]);
    expect(read.items.map((i) => i.reason)).toEqual(['newer', entry.reason]);
    expect(read.newerUnreadable).toBe(false);
    const prelim = mapAlteredCriteria([written(), { ...newer, status: 'preliminary' }]);
    expect(prelim.newerUnreadable).toBe(true);
  });

  it('a setting that ends the one before it in the same minute ("End these criteria now") reads as the newer of the two, whatever order the server sends', () => {
    const ending = { ...written({ ...entry, validUntil: SET_AT, reason: 'awake again, heart rate 90' }), id: 'acc-5' };
    expect(mapAlteredCriteria([written(), ending]).items.map((i) => i.id)).toEqual(['acc-5', 'acc-1']);
    expect(mapAlteredCriteria([ending, written()]).items.map((i) => i.id)).toEqual(['acc-5', 'acc-1']);
  });

  it('is searched by its code, and a site that re-codes it is read by the site code', () => {
    expect(alteredCriteriaSearchUrl('p1')).toBe(
      'Observation?patient=p1&code=https%3A%2F%2Fitb-companion.example%2Ffhir%2FCodeSystem%2Fitb-assessment%7Caltered-calling-criteria&status=final%2Camended%2Ccorrected&_sort=-date&_count=10',
    );
    const site = resolveWriteCodes({ items: { 'altered-calling-criteria': { category: 'survey', coding: [{ system: 'urn:oid:1.2.3', code: 'ACC' }] } } });
    const o = { ...buildObservation(alteredCriteriaDraft(entry, site), 'g1', SET_AT, { ...context, codes: site }), id: 'x' };
    expect(mapAlteredCriteria([o], site).items).toHaveLength(1);
  });

  it('the rounds read (exam/survey) leaves it to this reader: no "Partial" for its comparators', () => {
    const r = mapObservationResources([written()], new Set(['escalation-concern', 'escalation-zone']));
    expect(r).toEqual({ items: [], issues: [] });
  });
});
