import { describe, expect, it } from 'vitest';
import type { ObservationRecord } from '../../fhir';
import { AMENDABLE_ITEMS, amendedRound, amendedSigns, checkAmendment, startEntry, type AmendEntry, type AmendKey } from './amend-form';

const record = (key: ObservationRecord['key'], value: ObservationRecord['value']): ObservationRecord => ({
  id: `o-${key}`,
  versionId: '1',
  key,
  status: 'final',
  effective: '2026-09-13T09:40:00+10:00',
  value,
  groupId: 'g4',
  entryId: `g4:${key}`,
  timePoint: undefined,
  bodySite: undefined,
  note: undefined,
  partOf: [],
});

const mmHg = (value: number) => ({ kind: 'quantity', value, unit: 'mm[Hg]' }) as const;
const bp = (sys: number, dia: number) =>
  record('blood-pressure', {
    kind: 'components',
    components: [
      { key: 'bp-systolic', code: '8480-6', value: mmHg(sys) },
      { key: 'bp-diastolic', code: '8462-4', value: mmHg(dia) },
    ],
  });

const item = (key: AmendKey) => {
  const found = AMENDABLE_ITEMS.find((a) => a.key === key);
  if (found === undefined) throw new Error(key);
  return found;
};
const entry = (e: Partial<AmendEntry>): AmendEntry => ({ value: '', systolic: '', diastolic: '', confirmed: {}, ...e });

describe('amending blood pressure: the 85354-9 panel, systolic and diastolic together', () => {
  const recorded = bp(99, 57);

  it('starts from the recorded pair, and refuses saving it unchanged', () => {
    const start = startEntry(item('blood-pressure'), recorded);
    expect(start).toMatchObject({ systolic: '99', diastolic: '57' });
    const c = checkAmendment(item('blood-pressure'), start, recorded, 'keyed wrong');
    expect(c.value).toBeUndefined();
    expect(c.refused).toEqual([{ input: 'systolic', message: expect.stringMatching(/99\/57 mmHg is the blood pressure already recorded/) as unknown, typed: false }]);
  });

  it('writes both components in mm[Hg] when one changes', () => {
    const c = checkAmendment(item('blood-pressure'), entry({ systolic: '76', diastolic: '57' }), recorded, 'misread the monitor');
    expect(c.refused).toEqual([]);
    expect(c.text).toBe('76/57 mmHg');
    expect(c.patch).toEqual({ systolicBp: 76, diastolicBp: 57 });
    expect(c.value).toEqual({
      kind: 'components',
      components: [
        { key: 'bp-systolic', value: { kind: 'quantity', value: 76, unit: 'mm[Hg]' } },
        { key: 'bp-diastolic', value: { kind: 'quantity', value: 57, unit: 'mm[Hg]' } },
      ],
    });
  });

  it.each([
    ['0', '57', 'systolic', /not physiologically possible/],
    ['301', '57', 'systolic', /not physiologically possible/],
    ['9O', '57', 'systolic', /must be a number/],
    ['90', '90', 'diastolic', /Diastolic \(90 mmHg\) must be lower than systolic \(90 mmHg\)/],
    ['90', '251', 'diastolic', /not physiologically possible/],
  ] as const)('refuses systolic %s / diastolic %s at the %s with the reason', (systolic, diastolic, input, message) => {
    const c = checkAmendment(item('blood-pressure'), entry({ systolic, diastolic }), recorded, 'reason');
    expect(c.value).toBeUndefined();
    expect(c.refused).toContainEqual({ input, message: expect.stringMatching(message) as unknown, typed: true });
  });

  it('asks for both values', () => {
    const c = checkAmendment(item('blood-pressure'), entry({ systolic: '95' }), recorded, 'reason');
    expect(c.refused).toEqual([{ input: 'diastolic', message: 'Enter the corrected diastolic blood pressure.', typed: false }]);
  });

  it('an unusual systolic of 210 mmHg needs confirmation of that exact value, and still counts for the zone', () => {
    const unconfirmed = checkAmendment(item('blood-pressure'), entry({ systolic: '210', diastolic: '57' }), recorded, 'reason');
    expect(unconfirmed.value).toBeUndefined();
    expect(unconfirmed.toConfirm).toEqual([{ field: 'systolicBp', input: 'systolic', text: '210', message: expect.stringMatching(/confirm/i) as unknown }]);
    expect(unconfirmed.patch.systolicBp).toBe(210);
    const confirmed = checkAmendment(item('blood-pressure'), entry({ systolic: '210', diastolic: '57', confirmed: { systolicBp: '210' } }), recorded, 'reason');
    expect(confirmed.toConfirm).toEqual([]);
    expect(confirmed.value).toBeDefined();
    const changed = checkAmendment(item('blood-pressure'), entry({ systolic: '215', diastolic: '57', confirmed: { systolicBp: '210' } }), recorded, 'reason');
    expect(changed.toConfirm).toHaveLength(1);
  });
});

describe('amending an ITB check (yes/no)', () => {
  it('writes the boolean; the same answer as recorded is refused', () => {
    const recorded = record('drowsiness', { kind: 'boolean', value: false });
    expect(checkAmendment(item('drowsiness'), entry({ value: 'yes' }), recorded, 'missed at the round').value).toEqual({ kind: 'boolean', value: true });
    const same = checkAmendment(item('drowsiness'), entry({ value: 'no' }), recorded, 'r');
    expect(same.value).toBeUndefined();
    expect(same.refused[0]?.message).toMatch(/“No” is the answer already recorded for drowsiness/);
  });

  it('needs an answer', () => {
    expect(checkAmendment(item('itch'), entry({}), record('itch', { kind: 'boolean', value: false }), 'r').refused).toEqual([
      { input: 'value', message: 'Choose Yes or No for itch.', typed: false },
    ]);
  });

  it('a seizure answer reaches the zone rules; other checks do not change the vital signs', () => {
    expect(checkAmendment(item('seizure'), entry({ value: 'yes' }), record('seizure', { kind: 'boolean', value: false }), 'r').patch).toEqual({ seizure: true });
    expect(checkAmendment(item('vomiting'), entry({ value: 'yes' }), record('vomiting', { kind: 'boolean', value: false }), 'r').patch).toEqual({});
  });

  it('the overdose signs are re-read with the correction in place', () => {
    const items = {
      drowsiness: record('drowsiness', { kind: 'boolean', value: false }),
      'slowed-breathing': record('slowed-breathing', { kind: 'boolean', value: true }),
    };
    expect(amendedSigns(items, { avpu: 'A' }, item('drowsiness'), entry({ value: 'yes' }))).toEqual(['drowsiness', 'reduced-respiratory-rate']);
    expect(amendedSigns(items, { avpu: 'A' }, item('slowed-breathing'), entry({ value: 'no' }))).toEqual([]);
    expect(amendedSigns(items, { avpu: 'V' }, item('drowsiness'), entry({}))).toEqual(['reduced-respiratory-rate', 'reduced-consciousness-or-coma']);
  });
});

describe('the other amendable values keep the entry rules', () => {
  it.each([
    ['heart-rate', '0', 'refused'],
    ['heart-rate', '260', 'confirm'],
    ['spo2', '101', 'refused'],
    ['temperature', '50', 'refused'],
    ['pain', '11', 'refused'],
    ['respiratory-rate', '16', 'ok'],
  ] as const)('%s %s: %s', (key, value, outcome) => {
    const c = checkAmendment(item(key), entry({ value }), record(key, { kind: 'quantity', value: 20, unit: '/min' }), 'r');
    expect({ refused: c.refused.some((r) => r.typed), confirm: c.toConfirm.length > 0, ok: c.value !== undefined }).toEqual({
      refused: outcome === 'refused',
      confirm: outcome === 'confirm',
      ok: outcome === 'ok',
    });
  });

  it('a reason is required', () => {
    const c = checkAmendment(item('heart-rate'), entry({ value: '100' }), record('heart-rate', { kind: 'quantity', value: 82, unit: '/min' }), '  ');
    expect(c.value).toBeUndefined();
    expect(c.refused).toEqual([{ input: 'reason', message: 'Give the reason for the amendment.', typed: false }]);
  });

  it('the amended round replaces only what was corrected', () => {
    expect(amendedRound({ heartRate: 82, systolicBp: 99, diastolicBp: 57, avpu: 'A' }, { systolicBp: 76, diastolicBp: 50 })).toEqual({ heartRate: 82, systolicBp: 76, diastolicBp: 50, avpu: 'A' });
  });
});
