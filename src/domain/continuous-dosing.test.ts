import { describe, expect, it } from 'vitest';
import { calculateStartingDose, evaluateDoseChange, type DoseChangeInput } from './continuous-dosing';
import { expectError, expectOk } from './testing';
import { micrograms, microgramsPerDay } from './units';

describe('starting daily dose, Guideline §4.1.2', () => {
  it.each([
    [50, 100],
    [100, 200],
    [25, 50],
  ])('an effective test dose of %s micrograms starts at %s micrograms/day', (test, start) => {
    expect(expectOk(calculateStartingDose({ effectiveTestDose: micrograms(test) })).value.guidelineDose).toBe(start);
  });
  it.each([
    [8, false],
    [8.5, true],
  ])('A9: with the effect lasting %s hours, the label 1× alternative applies: %s — both rules shown', (hours, applies) => {
    const s = expectOk(calculateStartingDose({ effectiveTestDose: micrograms(50), effectDurationHours: hours }));
    expect(s.value.guidelineDose).toBe(100);
    expect(s.value.labelAlternativeDose).toBe(50);
    expect(s.value.labelAlternativeApplies).toBe(applies);
    expect(s.notes.join(' ')).toMatch(/no dose increase in the first 24 hours/);
  });
  it.each([0, -50, Number.NaN])('refuses a test dose of %s', (d) => {
    expectError(calculateStartingDose({ effectiveTestDose: micrograms(d) }), 'effectiveTestDose');
  });
});

const outpatient = (current: number, proposed: number, lastChangeAt = '2026-09-08T09:00:00+10:00'): DoseChangeInput => ({
  currentDose: microgramsPerDay(current),
  proposedDose: microgramsPerDay(proposed),
  setting: 'outpatient',
  lastChangeAt,
  now: '2026-09-13T09:00:00+10:00',
});
const codes = (i: DoseChangeInput): string[] => expectOk(evaluateDoseChange(i)).warnings.map((w) => w.code);

describe('outpatient step, Guideline §4.1.4: 5–15% every 3–7 days', () => {
  it.each([
    [200, 209, 4.5, false],
    [200, 210, 5, true],
    [200, 230, 15, true],
    [200, 231, 15.5, false],
  ])('%s → %s micrograms/day is +%s%%; within the band: %s', (current, proposed, pct, within) => {
    const e = expectOk(evaluateDoseChange(outpatient(current, proposed)));
    expect(e.value.percentChange).toBe(pct);
        expect(e.value.withinGuidelineStep).toBe(within);
    expect(e.warnings.some((w) => w.code === 'dose-step-outside-band')).toBe(!within);
  });
  it.each([
    ['2026-09-10T09:00:00+10:00', 3, false],
    ['2026-09-10T09:01:00+10:00', 3, true],
    ['2026-09-06T09:00:00+10:00', 7, false],
  ])('last change %s: %s days ago, too soon: %s', (last, days, tooSoon) => {
    const e = expectOk(evaluateDoseChange(outpatient(200, 220, last)));
    expect(Math.round(e.value.daysSinceLastChange)).toBe(days);
    expect(e.warnings.some((w) => w.code === 'dose-change-too-soon')).toBe(tooSoon);
  });
});

describe('inpatient post-op step, Guideline §4.1.3: +50 micrograms/day for up to 3 days', () => {
  const inpatient = (current: number, proposed: number, implantAt = '2026-09-11T09:00:00+10:00'): DoseChangeInput => ({
    currentDose: microgramsPerDay(current),
    proposedDose: microgramsPerDay(proposed),
    setting: 'inpatient-post-op',
    lastChangeAt: '2026-09-12T09:00:00+10:00',
    implantAt,
    now: '2026-09-13T09:00:00+10:00',
  });
  it('A10: +50 on 400 micrograms/day (12.5%) is within the step, no alert', () => {
    expect(codes(inpatient(400, 450))).toEqual([]);
  });
  it('A10: +50 on 100 micrograms/day is +50% — within §4.1.3 but alerted above 15%', () => {
    const e = expectOk(evaluateDoseChange(inpatient(100, 150)));
    expect([e.value.absoluteChange, e.value.percentChange]).toEqual([50, 50]);
    expect(e.value.withinGuidelineStep).toBe(true);
    expect(e.warnings.map((w) => w.code)).toEqual(['dose-step-outside-band']);
  });
  it('+51 micrograms/day is more than the inpatient step', () => {
    expect(codes(inpatient(400, 451))).toContain('dose-step-outside-band');
  });
  it('warns after the 3 post-operative days', () => {
    expect(codes(inpatient(400, 450, '2026-09-08T09:00:00+10:00'))).toContain('beyond-post-op-days');
    expect(codes(inpatient(400, 450, '2026-09-10T09:00:00+10:00'))).not.toContain('beyond-post-op-days');
  });
});

describe('A11: soft alert above 1000 micrograms/day, not a block', () => {
  it.each([
    [1000, false],
    [1001, true],
  ])('%s micrograms/day → soft alert %s', (proposed, alert) => {
    const e = expectOk(evaluateDoseChange(outpatient(950, proposed)));
    expect(e.value.aboveSoftMaximum).toBe(alert);
  });
  it('A11: uses a configured soft maximum', () => {
    expect(expectOk(evaluateDoseChange({ ...outpatient(700, 770), softMaxDailyDose: microgramsPerDay(750) })).value.aboveSoftMaximum).toBe(true);
  });
});

describe('reductions, Guideline §5.1.1.8: "Withdrawal may occur if weaning down of the baclofen dose is occurring"', () => {
  it('a 90% cut (450 → 45 micrograms/day) is never "within the step": it warns of withdrawal', () => {
    const e = expectOk(evaluateDoseChange(outpatient(450, 45)));
    expect([e.value.direction, e.value.absoluteChange, e.value.percentChange]).toEqual(['decrease', -405, -90]);
    expect(e.value.withinGuidelineStep).toBe(false);
    expect(e.value.largeReduction).toBe(true);
    const w = e.warnings.find((x) => x.code === 'dose-reduction-withdrawal-risk');
    expect(w?.message).toBe(
      'A reduction of 90% (450 → 45 micrograms/day) is more than 15% of the daily dose: withdrawal may occur when the dose is weaned down (§5.1.1.8). Watch for withdrawal signs (§2) and confirm the step.',
    );
    expect(e.notes.join(' ')).toMatch(/withdrawal may occur when the dose is weaned down \(§5\.1\.1\.8\)/);
  });

  it.each([
    [200, 170, -15, false],
    [200, 169, -15.5, true],
    [1000, 849, -15.1, true],
    [450, 400, -11.1, false],
  ])('%s → %s micrograms/day is %s%%; warns of withdrawal: %s (15%% default)', (current, proposed, pct, warns) => {
    const e = expectOk(evaluateDoseChange(outpatient(current, proposed)));
    expect(e.value.percentChange).toBe(pct);
    expect(e.value.withinGuidelineStep).toBe(false);
    expect(e.warnings.some((w) => w.code === 'dose-reduction-withdrawal-risk')).toBe(warns);
    expect(e.notes.join(' ')).toMatch(/withdrawal may occur/);
  });

  it('takes the site’s reduction size', () => {
    expect(codes({ ...outpatient(200, 170), reductionWarnPercent: 10 })).toContain('dose-reduction-withdrawal-risk');
    expectError(evaluateDoseChange({ ...outpatient(200, 170), reductionWarnPercent: 0 }), 'reductionWarnPercent');
    expectError(evaluateDoseChange({ ...outpatient(200, 170), reductionWarnPercent: 100 }), 'reductionWarnPercent');
  });
});

describe('the step is checked on the exact percentage, shown rounded (§4.1.4)', () => {
  it('997 → 1147 micrograms/day is +15.04%: shown as 15%, outside the 5–15% step', () => {
    const e = expectOk(evaluateDoseChange({ ...outpatient(997, 1147), softMaxDailyDose: microgramsPerDay(2000) }));
    expect(e.value.percentChange).toBe(15);
    expect(e.value.withinGuidelineStep).toBe(false);
    expect(e.warnings.map((w) => w.code)).toContain('dose-step-outside-band');
  });

  it('1000 → 1150 micrograms/day is exactly +15%: within the step', () => {
    const e = expectOk(evaluateDoseChange({ ...outpatient(1000, 1150), softMaxDailyDose: microgramsPerDay(2000) }));
    expect(e.value.withinGuidelineStep).toBe(true);
  });
});

describe('dose change inputs', () => {
  it.each([
    [{ proposedDose: microgramsPerDay(0) }, 'proposedDose'],
    [{ currentDose: microgramsPerDay(-1) }, 'currentDose'],
    [{ lastChangeAt: '2026-10-01' }, 'lastChangeAt'],
  ])('refuses %j', (patch, field) => {
    expectError(evaluateDoseChange({ ...outpatient(200, 220), ...patch }), field);
  });
});
