import { describe, expect, it } from 'vitest';
import { defaultWriteCodes } from '../../fhir';
import { buildRoundDrafts, checkRound, checkTime, emptyRound, notRecorded, syndromeSignsOf, toVitalSignsRound, type RoundFormValues } from './round-form';

const base = emptyRound('2026-09-13T10:10');
const withValues = (v: Partial<RoundFormValues>): RoundFormValues => ({ ...base, ...v });

describe('field checks at entry', () => {
  it.each([
    ['spo2', '101', 'refused'],
    ['spo2', '100', 'valid'],
    ['heartRate', '0', 'refused'],
    ['heartRate', '260', 'needs-confirmation'],
    ['heartRate', '120', 'valid'],
    ['temperature', '50', 'refused'],
    ['temperature', '42', 'needs-confirmation'],
    ['respiratoryRate', '5', 'needs-confirmation'],
    ['pain', '11', 'refused'],
    ['pain', '2.5', 'refused'],
    ['heartRate', '12O', 'refused'],
    ['heartRate', '-5', 'refused'],
  ] as const)('%s %s is %s', (f, text, status) => {
    expect(checkRound(withValues({ [f]: text })).fields[f].status).toBe(status);
  });

  it('a confirmation holds for the confirmed text only', () => {
    const confirmed = checkRound(withValues({ heartRate: '260', confirmed: { heartRate: '260' } }));
    expect(confirmed.unconfirmed).toEqual([]);
    expect(confirmed.readyToReview).toBe(true);
    const changed = checkRound(withValues({ heartRate: '265', confirmed: { heartRate: '260' } }));
    expect(changed.unconfirmed).toEqual(['heartRate']);
    expect(changed.readyToReview).toBe(false);
  });

  it('refuses a diastolic at or above the systolic, and half a blood pressure', () => {
    expect(checkRound(withValues({ systolicBp: '90', diastolicBp: '90' })).fields.diastolicBp).toMatchObject({ status: 'refused', message: expect.stringMatching(/lower than systolic/) as unknown });
    // An impossible systolic is refused on its own; the diastolic is not compared with it.
    expect(checkRound(withValues({ systolicBp: '0', diastolicBp: '57' })).fields.diastolicBp.status).toBe('valid');
    expect(checkRound(withValues({ systolicBp: '0', diastolicBp: '57' })).fields.systolicBp.status).toBe('refused');
    expect(checkRound(withValues({ systolicBp: '90' })).crossField).toEqual([{ field: 'diastolicBp', message: expect.stringMatching(/both/) as unknown }]);
  });

  it('needs room air or oxygen with an SpO2, and the oxygen concentration when on oxygen', () => {
    expect(checkRound(withValues({ spo2: '95' })).crossField[0]?.field).toBe('oxygen');
    expect(checkRound(withValues({ spo2: '95', oxygen: 'oxygen' })).fields.fio2.status).toBe('refused');
    expect(checkRound(withValues({ spo2: '95', oxygen: 'oxygen', fio2: '21' })).fields.fio2.status).toBe('refused');
    expect(checkRound(withValues({ spo2: '95', oxygen: 'oxygen', fio2: '40' })).readyToReview).toBe(true);
  });

  it('an empty round cannot be reviewed', () => {
    expect(checkRound(base)).toMatchObject({ anythingEntered: false, readyToReview: false });
  });

  it('refuses a round time in the future or not a time', () => {
    const parse = (l: string) => (l === '2026-09-13T10:10' ? new Date('2026-09-13T00:10:00Z') : l === '2026-09-13T10:30' ? new Date('2026-09-13T00:30:00Z') : undefined);
    const now = new Date('2026-09-13T00:10:00Z');
    expect(checkTime(base, now, parse).status).toBe('valid');
    expect(checkTime(withValues({ time: '2026-09-13T10:30' }), now, parse)).toMatchObject({ status: 'refused', message: expect.stringMatching(/future/) as unknown });
    expect(checkTime(withValues({ time: '2026-09-13T' }), now, parse).status).toBe('refused');
  });
});

describe('what the zone rules read', () => {
  it('uses possible values, unusual ones included, and leaves refused ones out', () => {
    const v = withValues({ heartRate: '260', spo2: '101', respiratoryRate: '8', oxygen: 'oxygen', fio2: '30', avpu: 'P', concern: 'concern', checks: { ...base.checks, seizure: 'yes' } });
    expect(toVitalSignsRound(v)).toEqual({ heartRate: 260, respiratoryRate: 8, onOxygen: true, avpu: 'P', concern: 'concern', seizure: true });
  });

  it('maps the ITB checks to overdose and withdrawal signs; AVPU below Alert is altered consciousness', () => {
    const v = withValues({ avpu: 'V', checks: { ...base.checks, drowsiness: 'yes', hypotonia: 'no', 'slowed-breathing': 'yes', itch: 'yes', vomiting: 'yes' } });
    expect(syndromeSignsOf(v)).toEqual(['drowsiness', 'reduced-respiratory-rate', 'pruritus', 'reduced-consciousness-or-coma']);
  });
});

describe('drafts and the review', () => {
  it('writes each entered item with its UCUM unit and code; room air as 21 %', () => {
    const v = withValues({ heartRate: '88', respiratoryRate: '8', spo2: '95', oxygen: 'room-air', systolicBp: '98', diastolicBp: '58', temperature: '36.8', avpu: 'V', pain: '1', checks: { ...base.checks, drowsiness: 'yes', seizure: 'no' } });
    const { drafts, review } = buildRoundDrafts(v, defaultWriteCodes);
    expect(drafts.map((d) => [d.key, d.value])).toEqual([
      ['heart-rate', { kind: 'quantity', value: 88, unit: '/min' }],
      ['respiratory-rate', { kind: 'quantity', value: 8, unit: '/min' }],
      ['spo2', { kind: 'quantity', value: 95, unit: '%' }],
      ['inhaled-oxygen', { kind: 'quantity', value: 21, unit: '%' }],
      ['blood-pressure', { kind: 'components', components: [{ key: 'bp-systolic', value: { kind: 'quantity', value: 98, unit: 'mm[Hg]' } }, { key: 'bp-diastolic', value: { kind: 'quantity', value: 58, unit: 'mm[Hg]' } }] }],
      ['temperature', { kind: 'quantity', value: 36.8, unit: 'Cel' }],
      ['avpu', { kind: 'codeable', answer: 'V' }],
      ['pain', { kind: 'quantity', value: 1, unit: '{score}' }],
      ['drowsiness', { kind: 'boolean', value: true }],
      ['seizure', { kind: 'boolean', value: false }],
      ['escalation-concern', { kind: 'codeable', answer: 'none' }],
    ]);
    expect(review[0]).toEqual({ itemId: 'heart-rate', label: 'Heart rate', value: '88 beats/min', unit: '/min', code: 'LOINC 8867-4 Heart rate' });
    expect(review.find((l) => l.itemId === 'avpu')?.value).toBe('V — Responds to voice (SNOMED CT 300202002)');
  });

  it('charts the concern and the zone the nurse was shown with the round (Guideline §3.4.3–4, issue 12)', () => {
    const v = withValues({ concern: 'serious-concern' });
    const { drafts, review } = buildRoundDrafts(v, defaultWriteCodes, 'red');
    expect(drafts.map((d) => [d.key, d.value])).toEqual([
      ['escalation-concern', { kind: 'codeable', answer: 'serious-concern' }],
      ['escalation-zone', { kind: 'codeable', answer: 'red' }],
    ]);
    expect(review.map((l) => l.value)).toEqual(['Seriously concerned (red zone, Guideline §3.4.4)', 'RED ZONE']);
    expect(review[0]?.code).toBe('local escalation-concern Staff or family concern at the round');
  });

  it('refuses to build drafts from a round that did not pass its checks', () => {
    expect(() => buildRoundDrafts(withValues({ spo2: '101', oxygen: 'room-air' }), defaultWriteCodes)).toThrow(RangeError);
  });

  it('lists the parts of a full set not recorded', () => {
    expect(notRecorded(withValues({ heartRate: '88' }))).toContain('Blood pressure');
    expect(notRecorded(withValues({ heartRate: '88' }))).not.toContain('Heart rate');
  });
});
