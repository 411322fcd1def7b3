import { describe, expect, it } from 'vitest';
import type { AlteredCriteriaRead, AlteredCriteriaRecord } from '../../fhir';
import { DEFAULT_CALLING_CRITERIA as TABLE, classifyZone } from '../../domain';
import { alteredCriteriaState, alteredZoneNote, checkAlteredEntry, checkEndEntry, criteriaForZone, standardCriteriaFor } from './altered-criteria';

const now = new Date('2026-09-12T12:00:00Z'); // 22:00 in Sydney, between set (08:40) and end (08:40 next day)
const record: AlteredCriteriaRecord = {
  id: 'a1', versionId: '1', setAt: '2026-09-12T08:40:00+10:00', validUntil: '2026-09-13T08:40:00+10:00', reason: 'asleep', authorisedBy: 'Dr R',
  rules: [{ parameter: 'heartRate', comparison: '<', value: 60, zone: 'red' }], setBy: { reference: 'Practitioner/n', name: 'Nurse Jo' },
};
const read = (items: AlteredCriteriaRecord[], newerUnreadable = false): AlteredCriteriaRead => ({ items, issues: [], newerUnreadable });

describe('which Altered Calling Criteria are in force', () => {
  it('the newest, until its end time; then expired; none; or unknown when the newest could not be read', () => {
    expect(alteredCriteriaState(read([record]), now)).toEqual({ kind: 'in-force', record });
    expect(alteredCriteriaState(read([record]), new Date('2026-09-12T22:41:00Z'))).toEqual({ kind: 'expired', record });
    expect(alteredCriteriaState(read([]), now)).toEqual({ kind: 'none' });
    expect(alteredCriteriaState(read([record], true), now)).toEqual({ kind: 'unreadable' });
    expect(criteriaForZone(read([record], true), 'Australia/Sydney')).toBeUndefined();
    expect(criteriaForZone(read([record]), 'Australia/Sydney')).toMatchObject({ validFrom: record.setAt, validUntil: record.validUntil, reason: 'asleep', authorisedBy: 'Dr R' });
  });
  it('says beside the zone what was used, or that they had expired', () => {
    const altered = criteriaForZone(read([record]), 'Australia/Sydney');
    const when = (iso: string) => iso;
    expect(alteredZoneNote(altered, ['heartRate'], now, when)).toBe('Altered Calling Criteria used for heart rate, in force until 2026-09-13T08:40:00+10:00; authorised by Dr R; reason: asleep.');
    expect(alteredZoneNote(altered, [], new Date('2026-09-13T00:00:00Z'), when)).toBe('Altered Calling Criteria expired 2026-09-13T08:40:00+10:00: not used; the standard criteria apply.');
    expect(alteredZoneNote(altered, [], new Date('2026-09-11T00:00:00Z'), when)).toMatch(/after this round: the standard criteria apply to it/);
    expect(alteredZoneNote(undefined, [], now, when)).toBeUndefined();
  });
});

describe('ending criteria now', () => {
  // Ended at 22:00 Sydney on the 12th, ten and a half hours before their end time.
  const endedAt = '2026-09-12T22:00:00+10:00';
  const ending: AlteredCriteriaRecord = { ...record, id: 'a2', setAt: endedAt, validUntil: endedAt, reason: 'awake, heart rate back to 90' };
  it('a setting whose end time is the moment it was set ends the one before it: named as ended, never in force', () => {
    expect(alteredCriteriaState(read([ending, record]), new Date('2026-09-12T12:30:00Z'))).toEqual({ kind: 'ended', ending, ended: record });
    expect(alteredCriteriaState(read([ending]), new Date('2026-09-12T12:30:00Z'))).toEqual({ kind: 'ended', ending, ended: undefined });
  });
  it('the zone keeps the ended criteria for rounds before the ending and uses the standard ones from it on, a round at that minute included', () => {
    const altered = criteriaForZone(read([ending, record]), 'Australia/Sydney');
    expect(altered).toMatchObject({ validFrom: record.setAt, validUntil: record.validUntil, endedAt });
    const nineYearOld = '2017-05-01';
    const zone = (at: string) => {
      const z = classifyZone({ heartRate: 75 }, { birthDate: nineYearOld, now: at, ...(altered === undefined ? {} : { altered }) });
      return z.ok ? z.value.value.zone : 'not classified';
    };
    expect(zone('2026-09-12T21:59:00+10:00')).toBe('normal'); // heart rate 75: above the altered 60
    expect(zone(endedAt)).toBe('red'); // the default's MET < 80 for 5-12 y applies again
    expect(zone('2026-09-12T23:00:00+10:00')).toBe('red');
    expect(alteredZoneNote(altered, [], new Date('2026-09-12T12:30:00Z'), (iso) => iso)).toBe(`Altered Calling Criteria ended ${endedAt}: not used; the standard criteria apply.`);
    expect(alteredZoneNote(altered, ['heartRate'], new Date('2026-09-12T11:00:00Z'), (iso) => iso)).toBe(`Altered Calling Criteria used for heart rate, in force until ${endedAt}; authorised by Dr R; reason: asleep.`);
    // An ending with nothing readable before it leaves the standard criteria.
    expect(criteriaForZone(read([ending]), 'Australia/Sydney')).toBeUndefined();
  });
  it('needs a reason, keeps the criteria and authoriser it ends, and ends at the moment it is written', () => {
    expect(checkEndEntry(record, ' ', endedAt)).toEqual({ ok: false, problems: ['Give the reason for ending the Altered Calling Criteria.'] });
    expect(checkEndEntry(record, ' awake, heart rate back to 90 ', endedAt)).toEqual({ ok: true, entry: { rules: record.rules, reason: 'awake, heart rate back to 90', authorisedBy: 'Dr R', validUntil: endedAt } });
  });
});

describe('setting new criteria', () => {
  it('starts from the standard heart-rate criteria for a 9-year-old (MET < 80 and > 140, PEWS ≥ 130 and ≤ 60)', () => {
    expect(standardCriteriaFor(TABLE, '2017-05-01', now, 'heartRate')).toEqual([
      { parameter: 'heartRate', comparison: '<', value: 80, zone: 'red' },
      { parameter: 'heartRate', comparison: '>', value: 140, zone: 'red' },
      { parameter: 'heartRate', comparison: '>=', value: 130, zone: 'yellow' },
      { parameter: 'heartRate', comparison: '<=', value: 60, zone: 'yellow' },
    ]);
    expect(standardCriteriaFor(TABLE, undefined, now, 'heartRate')).toEqual([]);
  });
  it('needs a possible threshold, a reason, an authoriser and an end time ahead', () => {
    const until = new Date('2026-09-13T08:40:00+10:00');
    const ok = checkAlteredEntry({ rules: [{ parameter: 'heartRate', comparison: '<', value: '60', zone: 'red' }], reason: 'asleep', authorisedBy: 'Dr R', validUntil: until, validUntilIso: '2026-09-13T08:40:00+10:00' }, now);
    expect(ok).toEqual({ ok: true, entry: { rules: [{ parameter: 'heartRate', comparison: '<', value: 60, zone: 'red' }], reason: 'asleep', authorisedBy: 'Dr R', validUntil: '2026-09-13T08:40:00+10:00' } });
    const bad = checkAlteredEntry({ rules: [{ parameter: 'spo2', comparison: '<', value: '150', zone: 'red' }, { parameter: 'heartRate', comparison: '<', value: 'sixty', zone: 'red' }], reason: '', authorisedBy: '', validUntil: new Date('2026-09-12T00:00:00Z'), validUntilIso: '2026-09-12T10:00:00+10:00' }, now);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      expect.stringMatching(/^Criterion 1 \(SpO2\): .*not physiologically possible/),
      'Criterion 2 (Heart rate): enter the threshold as a number in beats/min.',
      'Give the reason for the Altered Calling Criteria.',
      'Name the medical officer who authorised them.',
      'The end time must be later than now.',
    ]);
    expect(checkAlteredEntry({ rules: [], reason: 'x y z', authorisedBy: 'Dr R', validUntil: until, validUntilIso: 'x' }, now)).toEqual({ ok: false, problems: ['Add at least one criterion.'] });
  });
});
