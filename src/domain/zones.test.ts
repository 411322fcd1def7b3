import { describe, expect, it } from 'vitest';
import { expectError, expectOk } from './testing';
import type { VitalSignsRound } from './vital-signs';
import { callingCriteriaTableSchema, classifyZone, DEFAULT_CALLING_CRITERIA, zoneAction, type CallingCriteriaTable } from './zones';

const now = '2026-09-13T08:40:00+10:00';
/** Birth dates giving each band on 13 Sep 2026. */
const born = { '<3mo': '2026-07-01', '3-12mo': '2026-03-13', '1-4y': '2024-09-13', '5-11y': '2018-09-13', '12-18y': '2012-09-13' } as const;
const zoneOf = (band: keyof typeof born, round: VitalSignsRound): string =>
  expectOk(classifyZone(round, { birthDate: born[band], now })).value.zone;

describe('default zone table: red = Paediatric MET triggers (clinical-reference §1.3 A)', () => {
  it.each([
    // band, parameter, last normal/yellow value, first red value
    ['<3mo', 'heartRate', 180, 181],
    ['<3mo', 'systolicBp', 50, 49],
    ['<3mo', 'respiratoryRate', 60, 61],
    ['3-12mo', 'heartRate', 180, 181],
    ['3-12mo', 'systolicBp', 60, 59],
    ['3-12mo', 'respiratoryRate', 50, 51],
    ['1-4y', 'heartRate', 160, 161],
    ['1-4y', 'systolicBp', 70, 69],
    ['1-4y', 'respiratoryRate', 40, 41],
    ['5-11y', 'heartRate', 140, 141],
    ['5-11y', 'systolicBp', 80, 79],
    ['5-11y', 'respiratoryRate', 40, 41],
    ['12-18y', 'heartRate', 130, 131],
    ['12-18y', 'systolicBp', 90, 89],
    ['12-18y', 'respiratoryRate', 30, 31],
  ] as const)('%s: %s %s is not red, %s is red', (band, parameter, notRed, red) => {
    expect(zoneOf(band, { [parameter]: notRed })).not.toBe('red');
    expect(zoneOf(band, { [parameter]: red })).toBe('red');
  });

  it.each([
    ['<3mo', 100, 99],
    ['3-12mo', 100, 99],
    ['1-4y', 90, 89],
    ['5-11y', 80, 79],
    ['12-18y', 60, 59],
  ] as const)('%s: bradycardia — heart rate %s is not red, %s is red', (band, notRed, red) => {
    expect(zoneOf(band, { heartRate: notRed })).not.toBe('red');
    expect(zoneOf(band, { heartRate: red })).toBe('red');
  });

  it('low heart-rate triggers are reviewed against the published table and labelled with it; 5–12 y < 80 says a sleeping child can meet it', () => {
    const nineYearOld = expectOk(classifyZone({ heartRate: 75 }, { birthDate: born['5-11y'], now })).value;
    expect(nineYearOld.zone).toBe('red');
    expect(nineYearOld.triggers[0]?.derivation).toMatch(/Paediatric MET trigger \(Pediatrics table\), 5–12 y: bradycardia < 80/);
    expect(nineYearOld.triggers[0]?.derivation).toMatch(/REVIEW: 71–79\/min scores 0 \(normal\) in Bedside PEWS 4–12 y/);
    for (const band of ['<3mo', '3-12mo', '1-4y', '12-18y'] as const) {
      const low = { '<3mo': 99, '3-12mo': 99, '1-4y': 89, '12-18y': 59 }[band];
      const t = expectOk(classifyZone({ heartRate: low }, { birthDate: born[band], now })).value.triggers[0];
      expect(t?.derivation).toMatch(/bradycardia < \d+; reviewed against the published table/);
    }
  });

  it('SpO2 < 90% in any O2 is red; 90% is yellow (PEWS ≤ 90); 91% is normal', () => {
    expect(zoneOf('5-11y', { spo2: 89 })).toBe('red');
    expect(zoneOf('5-11y', { spo2: 90 })).toBe('yellow');
    expect(zoneOf('5-11y', { spo2: 91 })).toBe('normal');
  });
});

describe('default zone table: yellow = Bedside PEWS subscore-2 cut-offs (clinical-reference §1.3 B)', () => {
  it.each([
    ['<3mo', 'heartRate', 179, 'normal', 180, 'yellow'],
    ['3-12mo', 'heartRate', 169, 'normal', 170, 'yellow'],
    ['1-4y', 'heartRate', 149, 'normal', 150, 'yellow'],
    ['5-11y', 'heartRate', 129, 'normal', 130, 'yellow'],
    ['12-18y', 'heartRate', 119, 'normal', 120, 'yellow'],
    ['12-18y', 'heartRate', 60, 'normal', 59, 'red'],
    ['<3mo', 'systolicBp', 99, 'normal', 100, 'yellow'],
    ['3-12mo', 'systolicBp', 119, 'normal', 120, 'yellow'],
    ['3-12mo', 'systolicBp', 71, 'normal', 70, 'yellow'],
    ['1-4y', 'systolicBp', 124, 'normal', 125, 'yellow'],
    ['1-4y', 'systolicBp', 76, 'normal', 75, 'yellow'],
    ['5-11y', 'systolicBp', 139, 'normal', 140, 'yellow'],
    ['5-11y', 'systolicBp', 81, 'normal', 80, 'yellow'],
    ['12-18y', 'systolicBp', 149, 'normal', 150, 'yellow'],
    ['<3mo', 'respiratoryRate', 20, 'normal', 19, 'yellow'],
    ['3-12mo', 'respiratoryRate', 20, 'normal', 19, 'yellow'],
    ['1-4y', 'respiratoryRate', 16, 'normal', 15, 'yellow'],
    ['5-11y', 'respiratoryRate', 15, 'normal', 14, 'yellow'],
    ['12-18y', 'respiratoryRate', 11, 'normal', 10, 'yellow'],
    ['12-18y', 'respiratoryRate', 22, 'normal', 23, 'yellow'],
  ] as const)('%s: %s %s is %s, %s is %s', (band, parameter, a, zoneA, b, zoneB) => {
    expect(zoneOf(band, { [parameter]: a })).toBe(zoneA);
    expect(zoneOf(band, { [parameter]: b })).toBe(zoneB);
  });

  it('where a PEWS yellow cut-off lies beyond the MET red trigger, red governs (12–18 y SBP 85: PEWS ≤ 85, MET < 90)', () => {
    expect(zoneOf('12-18y', { systolicBp: 85 })).toBe('red');
    expect(zoneOf('1-4y', { heartRate: 70 })).toBe('red');
  });

  it('being on oxygen is yellow (PEWS oxygen-therapy item)', () => {
    expect(zoneOf('5-11y', { spo2: 98, onOxygen: true })).toBe('yellow');
  });
});

describe('default zone table: derived conservative rules for the dangers of baclofen overdose', () => {
  it.each([
    // band, last yellow (PEWS subscore 2) low respiratory rate, first red (PEWS subscore 4) value
    ['<3mo', 16, 15],
    ['3-12mo', 16, 15],
    ['1-4y', 13, 12],
    ['5-11y', 11, 10],
    ['12-18y', 10, 9],
  ] as const)('%s: respiratory rate %s /min is yellow, %s /min is red (respiratory depression)', (band, yellow, red) => {
    expect(zoneOf(band, { respiratoryRate: yellow })).toBe('yellow');
    expect(zoneOf(band, { respiratoryRate: red })).toBe('red');
  });

  it.each([
    ['A', 'normal'],
    ['V', 'yellow'],
    ['P', 'red'],
    ['U', 'red'],
  ] as const)('AVPU %s is %s in every band', (avpu, zone) => {
    for (const band of Object.keys(born) as (keyof typeof born)[]) expect(zoneOf(band, { avpu })).toBe(zone);
  });

  it('a recorded seizure is red; none recorded changes nothing', () => {
    expect(zoneOf('5-11y', { heartRate: 90, seizure: true })).toBe('red');
    expect(zoneOf('5-11y', { heartRate: 90, seizure: false })).toBe('normal');
  });

  it('labels every derived rule as derived and pending the hospital\'s SPOC values', () => {
    const r = expectOk(classifyZone({ respiratoryRate: 8, avpu: 'P', seizure: true }, { birthDate: born['5-11y'], now })).value;
    // Each parameter once, at its highest zone (issue 12).
    expect(r.triggers.map((t) => [t.parameter, t.zone])).toEqual([
      ['respiratoryRate', 'red'],
      ['avpu', 'red'],
      ['seizure', 'red'],
    ]);
    for (const t of r.triggers.filter((x) => x.zone === 'red')) expect(t.derivation).toMatch(/DERIVED, conservative, pending the hospital's SPOC values/);
  });
});

describe('default zone table: temperature (DERIVED rows; no published item in clinical-reference §1.3)', () => {
  it.each([
    [37.9, 'normal'],
    [38, 'yellow'],
    [38.6, 'yellow'],
    [38.7, 'yellow'],
    [36, 'normal'],
    [35.9, 'yellow'],
    [35.2, 'yellow'],
  ] as const)('temperature %s °C is %s in every band', (temperature, zone) => {
    for (const band of Object.keys(born) as (keyof typeof born)[]) expect(zoneOf(band, { temperature })).toBe(zone);
  });
  it('labels the temperature rows as derived defaults, naming fever as a withdrawal sign (Guideline §2, §5.1.2)', () => {
    const t = expectOk(classifyZone({ temperature: 38.7 }, { birthDate: born['12-18y'], now })).value.triggers[0];
    expect(t?.derivation).toMatch(/DERIVED default, not from a published trigger table/);
    expect(t?.derivation).toMatch(/fever is a sign of ITB withdrawal \(Guideline §2, §5\.1\.2\)/);
  });
  it('a temperature escalates without a birth date too (the rows are the same at every age)', () => {
    expect(expectOk(classifyZone({ temperature: 38.7 }, { birthDate: undefined, now })).value.zone).toBe('yellow');
  });
});

describe('zone result', () => {
  it('names the triggering parameters and the action; each trigger once, at its highest zone, red before yellow', () => {
    const r = expectOk(classifyZone({ heartRate: 150, respiratoryRate: 45 }, { birthDate: born['5-11y'], now })).value;
    expect(r.zone).toBe('red');
    expect(r.triggers.map((t) => [t.parameter, t.zone])).toEqual([
      ['heartRate', 'red'],
      ['respiratoryRate', 'red'],
    ]);
    const mixed = expectOk(classifyZone({ systolicBp: 140, diastolicBp: 80, respiratoryRate: 45 }, { birthDate: born['5-11y'], now })).value;
    expect(mixed.triggers.map((t) => [t.parameter, t.zone])).toEqual([
      ['respiratoryRate', 'red'],
      ['systolicBp', 'yellow'],
    ]);
    expect(r.action).toMatch(/Rapid Response/);
    expect(r.band).toBe('5-11y');
    expect(r.isDefaultTable).toBe(true);
  });
  it.each([
    ['normal', /Continue/],
    ['yellow', /Clinical Review by the Rehabilitation Registrar/],
    ['red', /Rapid Response Call/],
  ] as const)('the %s action reads %s', (zone, text) => {
    expect(zoneAction(zone)).toMatch(text);
  });
  it('escalates on staff or family concern alone (§3.4.3–4)', () => {
    expect(zoneOf('5-11y', { heartRate: 90, concern: 'concern' })).toBe('yellow');
    expect(zoneOf('5-11y', { heartRate: 90, concern: 'serious-concern' })).toBe('red');
  });
  it('lists what was not recorded (missing is never normal) and what the default table does not cover', () => {
    const r = expectOk(classifyZone({ heartRate: 90, temperature: 37, avpu: 'A', pain: 2 }, { birthDate: born['5-11y'], now })).value;
    expect(r.notRecorded).toEqual(['respiratoryRate', 'spo2', 'systolicBp', 'diastolicBp']);
    expect(r.notCovered).toEqual(['pain']);
  });
  it.each([
    [{ spo2: 101 }, 'spo2'],
    [{ heartRate: 0 }, 'heartRate'],
    [{ temperature: 50 }, 'temperature'],
    [{ systolicBp: 80, diastolicBp: 90 }, 'diastolicBp'],
  ])('refuses an impossible round %j', (round, field) => {
    expectError(classifyZone(round, { birthDate: born['5-11y'], now }), field);
  });
  it('refuses an age outside every band (19 years)', () => {
    expectError(classifyZone({ heartRate: 80 }, { birthDate: '2007-09-13', now }), 'birthDate');
  });
  it.each([
    ['2026-06-12', '3-12mo'], // 3 months and 1 day
    ['2025-09-14', '3-12mo'], // 11 months 30 days
    ['2025-09-13', '1-4y'], // 1st birthday
    ['2021-09-14', '1-4y'], // 4 y 11 mo
    ['2021-09-13', '5-11y'], // 5th birthday
    ['2014-09-13', '12y'], // 12th birthday
    ['2013-09-14', '12y'], // 12 y 11 mo
    ['2013-09-13', '13-18y'], // 13th birthday
    ['2008-09-14', '13-18y'], // 18 y 11 mo
  ])('born %s is in band %s', (birthDate, band) => {
    expect(expectOk(classifyZone({ heartRate: 100 }, { birthDate, now })).value.band).toBe(band);
  });
});

describe('age 12: in both source bands as printed (MET "5–12 y" and ">12 y"), the more sensitive trigger of each (issue 12)', () => {
  const twelve = '2014-03-13'; // 12 y 6 mo
  it.each([
    ['heartRate', 79, 'red', 80, 'normal'], // MET 5–12 y bradycardia < 80 (>12 y: < 60)
    ['heartRate', 131, 'red', 130, 'yellow'], // MET >12 y tachycardia > 130; PEWS >12 y ≥ 120 yellow
    ['systolicBp', 89, 'red', 90, 'normal'], // MET >12 y SBP < 90 (5–12 y: < 80)
    ['respiratoryRate', 31, 'red', 22, 'normal'], // MET >12 y tachypnoea > 30 (5–12 y: > 40)
    ['respiratoryRate', 10, 'red', 15, 'normal'], // derived low-RR red at PEWS 4–12 y ≤ 10 (>12 y: ≤ 9)
  ] as const)('%s %d is %s, %d is %s', (parameter, a, za, b, zb) => {
    expect(expectOk(classifyZone({ [parameter]: a }, { birthDate: twelve, now })).value.zone).toBe(za);
    expect(expectOk(classifyZone({ [parameter]: b }, { birthDate: twelve, now })).value.zone).toBe(zb);
  });
  it('every 12 y row names the source band it took and the boundary rule', () => {
    const band = DEFAULT_CALLING_CRITERIA.bands.find((b) => b.band === '12y');
    const numeric = band?.rules.filter((r) => r.kind === 'numeric' && r.parameter !== 'temperature' && r.parameter !== 'spo2') ?? [];
    expect(numeric).toHaveLength(11);
    for (const r of numeric) expect(r.derivation).toMatch(/age 12 is in both source bands as printed/);
  });
  it('the 5–12 y bradycardia row says why it is kept: an overdose sign, the safer error, and Altered Calling Criteria', () => {
    const r = DEFAULT_CALLING_CRITERIA.bands.find((b) => b.band === '5-11y')?.rules.find((x) => x.kind === 'numeric' && x.parameter === 'heartRate' && x.comparison === '<');
    expect(r?.derivation).toMatch(/bradycardia is a sign of baclofen overdose \(Guideline §5\.2\.2\)/);
    expect(r?.derivation).toMatch(/Altered Calling Criteria/);
  });
});

describe('no birth date: age-independent triggers still escalate (Guideline §3.4.4; issue 12)', () => {
  const noAge = (round: VitalSignsRound) => expectOk(classifyZone(round, { birthDate: undefined, now }));
  it.each<[string, VitalSignsRound, string, string]>([
    ['SpO2 80% on air', { spo2: 80, onOxygen: false }, 'red', 'spo2'],
    ['respiratory rate 6 (at or below every band\'s red low cut-off, ≤ 9 to ≤ 15)', { respiratoryRate: 6 }, 'red', 'respiratoryRate'],
    ['AVPU U', { avpu: 'U' }, 'red', 'avpu'],
    ['AVPU P', { avpu: 'P' }, 'red', 'avpu'],
    ['a seizure', { seizure: true }, 'red', 'seizure'],
    ['serious concern alone', { concern: 'serious-concern' }, 'red', 'concern'],
    ['concern alone', { concern: 'concern' }, 'yellow', 'concern'],
    ['AVPU V', { avpu: 'V' }, 'yellow', 'avpu'],
    ['SpO2 90%', { spo2: 90 }, 'yellow', 'spo2'],
    ['heart rate 200 (above every band\'s red tachycardia, > 130 to > 180)', { heartRate: 200 }, 'red', 'heartRate'],
  ])('%s → %s', (_what, round, zone, parameter) => {
    const r = noAge(round);
    expect(r.value.zone).toBe(zone);
    expect(r.value.band).toBe('unknown');
    expect(r.value.triggers.map((t) => t.parameter)).toContain(parameter);
    expect(r.notes.join(' ')).toMatch(/No birth date is recorded, so the age band is unknown/);
  });
  it('SpO2 80%, respiratory rate 6, AVPU U and a seizure together are red, each named once', () => {
    const r = noAge({ spo2: 80, onOxygen: false, respiratoryRate: 6, avpu: 'U', seizure: true }).value;
    expect(r.zone).toBe('red');
    expect(r.triggers.map((t) => [t.parameter, t.zone])).toEqual([
      ['respiratoryRate', 'red'],
      ['avpu', 'red'],
      ['seizure', 'red'],
      ['spo2', 'red'],
    ]);
  });
  it('a value that triggers only at some ages is named as age-dependent, not called normal (heart rate 75: red at 5–11 y, normal at 12–18 y)', () => {
    const r = noAge({ heartRate: 75 });
    expect(r.value.zone).toBe('normal');
    expect(r.value.triggers).toEqual([]);
    expect(r.value.ageDependent).toEqual(['heartRate']);
    expect(r.notes.join(' ')).toMatch(/heartRate would trigger at some ages and are not classified/);
  });
  it('respiratory rate 10 is red up to 11 y but yellow at 12–18 y (PEWS ≤ 10): yellow, and named as age-dependent', () => {
    const r = noAge({ respiratoryRate: 10 }).value;
    expect(r.zone).toBe('yellow');
    expect(r.ageDependent).toEqual(['respiratoryRate']);
  });
});

describe('per-patient Altered Calling Criteria', () => {
  const altered = {
    rules: [{ kind: 'numeric' as const, parameter: 'spo2' as const, comparison: '<' as const, value: 85, zone: 'red' as const, derivation: 'cyanotic heart disease, consultant plan' }],
    reason: 'baseline SpO2 88%',
    authorisedBy: 'Dr Example',
  };
  it('replaces the table\'s rules for the altered parameter only', () => {
    const r = expectOk(classifyZone({ spo2: 88, heartRate: 150 }, { birthDate: born['5-11y'], now, altered })).value;
    expect(r.triggers.filter((t) => t.parameter === 'spo2')).toEqual([]);
    expect(r.zone).toBe('red'); // heart rate 150 > 140 still applies
    expect(r.alteredParameters).toEqual(['spo2']);
    expect(expectOk(classifyZone({ spo2: 84 }, { birthDate: born['5-11y'], now, altered })).value.triggers[0]?.altered).toBe(true);
  });
  it('stops applying after validUntil', () => {
    const r = expectOk(classifyZone({ spo2: 88 }, { birthDate: born['5-11y'], now, altered: { ...altered, validUntil: '2026-09-01T00:00:00Z' } }));
    expect(r.value.zone).toBe('red');
    expect(r.notes.join(' ')).toMatch(/expired/);
  });
  it('stops applying from the instant they were ended early (endedAt), a round timed at it included', () => {
    const ended = { ...altered, validUntil: '2027-01-01T00:00:00Z', endedAt: now };
    const r = expectOk(classifyZone({ spo2: 88 }, { birthDate: born['5-11y'], now, altered: ended }));
    expect(r.value.zone).toBe('red');
    expect(r.value.alteredParameters).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/had been ended/);
    const before = expectOk(classifyZone({ spo2: 88 }, { birthDate: born['5-11y'], now, altered: { ...ended, endedAt: new Date(Date.parse(now) + 60_000).toISOString() } }));
    expect(before.value.alteredParameters).toEqual(['spo2']);
  });
  it('does not apply to a round before the criteria were set (validFrom)', () => {
    const later = { ...altered, validFrom: '2026-12-01T00:00:00Z' };
    const r = expectOk(classifyZone({ spo2: 88 }, { birthDate: born['5-11y'], now, altered: later }));
    expect(r.value.zone).toBe('red');
    expect(r.value.alteredParameters).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/set after this time/);
  });
});

describe('criteria table schema (site configuration)', () => {
  it('accepts the default table and every rule documents its derivation', () => {
    expect(callingCriteriaTableSchema.safeParse(DEFAULT_CALLING_CRITERIA).success).toBe(true);
    expect(DEFAULT_CALLING_CRITERIA.bands.map((b) => b.band)).toEqual(['<3mo', '3-12mo', '1-4y', '5-11y', '12y', '13-18y']);
  });
  it('refuses overlapping bands and rules without a derivation', () => {
    const overlapping = { ...DEFAULT_CALLING_CRITERIA, bands: [{ band: '<3mo', minAgeMonths: 0, maxAgeMonthsExclusive: 6, rules: [] }, { band: '3-12mo', minAgeMonths: 3, maxAgeMonthsExclusive: 12, rules: [] }] };
    expect(callingCriteriaTableSchema.safeParse(overlapping).success).toBe(false);
    const noDerivation = { ...DEFAULT_CALLING_CRITERIA, bands: [{ band: '<3mo', minAgeMonths: 0, maxAgeMonthsExclusive: 3, rules: [{ kind: 'oxygen', zone: 'yellow', derivation: '' }] }] };
    expect(callingCriteriaTableSchema.safeParse(noDerivation).success).toBe(false);
  });
  it('uses a site table in place of the default', () => {
    const site: CallingCriteriaTable = {
      id: 'chw-spoc', version: '3', label: 'CHW SPOC 5–11 y', isDefault: false, sources: ['CHW'],
      bands: [{ band: '5-11y', minAgeMonths: 60, maxAgeMonthsExclusive: 144, rules: [{ kind: 'avpu', anyOf: ['P', 'U'], zone: 'red', derivation: 'SPOC' }] }],
    };
    const r = expectOk(classifyZone({ avpu: 'P' }, { birthDate: born['5-11y'], now, criteria: site }));
    expect(r.value.zone).toBe('red');
    expect(r.value.tableId).toBe('chw-spoc');
  });
});
