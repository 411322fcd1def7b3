import { describe, expect, it } from 'vitest';
import { overdoseStepsFor, OVERDOSE_STEPS, LUMBAR_PUNCTURE_WARNING } from './emergency';
import { catheterMayBeInPlace, classifyItbSituation, explainSignsFor, syndromesToShow, type SituationInputs } from './situation';

const now = '2026-09-13T10:10:00+10:00';
const ready = <T,>(value: T) => ({ status: 'ready' as const, value });
const noPump = ready({ deviceRecorded: false, implantDate: undefined, testDoseProcedures: [] as string[] });
const pumpChild = ready({ deviceRecorded: true, implantDate: '2023-09-01T09:00:00+10:00', testDoseProcedures: ['2023-07-20T08:30:00+10:00'] });
const inputs = (over: Partial<SituationInputs> = {}): SituationInputs => ({
  now,
  pump: noPump,
  activeIntrathecalOrders: ready(0),
  testDoseInjections: ready([]),
  ...over,
});

describe('the child\'s ITB situation (issue 12; Guideline §2, §3.4.7, §5.1.1)', () => {
  it('test-dose day: a 50 microgram bolus 90 minutes ago and no pump is "no-pump", the danger overdose', () => {
    const s = classifyItbSituation(inputs({ testDoseInjections: ready(['2026-09-13T08:40:00+10:00']) }));
    expect(s.kind).toBe('no-pump');
    expect(s.testDose?.hoursSince).toBe(1.5);
    expect(s.reasons.join(' ')).toMatch(/Test-dose day: a test dose was documented 1 h 30 min ago\. After a test dose the danger is overdose/);
    expect(s.reasons.join(' ')).toMatch(/No pump is recorded/);
    expect(catheterMayBeInPlace(s)).toBe(false);
  });

  it('a test-dose procedure alone (no injection observation) also makes it test-dose day', () => {
    const s = classifyItbSituation(inputs({ pump: ready({ deviceRecorded: false, implantDate: undefined, testDoseProcedures: ['2026-09-13T08:40:00+10:00'] }) }));
    expect(s.kind).toBe('no-pump');
    expect(s.testDose?.recent).toBe(true);
  });

  it.each([
    [23.9, true],
    [24, true],
    [24.1, false],
  ])('a test dose %s h ago is recent: %s (24 h window, §3.4.2, §3.4.6, A6)', (hours, recent) => {
    const at = new Date(Date.parse(now) - hours * 3_600_000).toISOString();
    expect(classifyItbSituation(inputs({ testDoseInjections: ready([at]) })).testDose?.recent).toBe(recent);
  });

  it('before the test dose (no pump, no order, no test dose) is "no-pump" and says overdose is only after intrathecal baclofen', () => {
    const s = classifyItbSituation(inputs());
    expect(s.kind).toBe('no-pump');
    expect(s.reasons.join(' ')).toMatch(/No pump, no active intrathecal baclofen order and no test dose are recorded/);
  });

  it('a pump recorded but no active intrathecal order on test-dose day is "pump not yet running": no withdrawal, but a catheter is in place', () => {
    const s = classifyItbSituation(inputs({ pump: ready({ deviceRecorded: true, implantDate: undefined, testDoseProcedures: [] }), testDoseInjections: ready(['2026-09-13T08:40:00+10:00']) }));
    expect(s).toMatchObject({ kind: 'no-pump', pumpNotRunning: true });
    expect(catheterMayBeInPlace(s)).toBe(true);
    expect(s.reasons.join(' ')).toMatch(/not yet running/);
  });

  it.each([
    ['a pump device', { pump: ready({ deviceRecorded: true, implantDate: undefined, testDoseProcedures: [] }) }],
    ['an implant procedure', { pump: ready({ deviceRecorded: false, implantDate: '2026-09-03T09:00:00+10:00', testDoseProcedures: [] }) }],
    ['an active intrathecal order', { activeIntrathecalOrders: ready(1) }],
  ] as const)('%s makes a pump child; an old test dose does not change that', (_what, over) => {
    const s = classifyItbSituation(inputs({ ...over, testDoseInjections: ready(['2026-07-30T08:30:00+10:00']) }));
    expect(s.kind).toBe('pump');
    expect(catheterMayBeInPlace(s)).toBe(true);
  });

  it('a pump child with a device, implant and order is "pump"', () => {
    expect(classifyItbSituation(inputs({ pump: pumpChild, activeIntrathecalOrders: ready(1) })).kind).toBe('pump');
  });

  it.each([
    ['the pump records failed', { pump: { status: 'error' as const } }, /the pump records could not be read/],
    ['the orders are still reading', { activeIntrathecalOrders: { status: 'pending' as const } }, /the intrathecal baclofen orders are still being read/],
    ['no pump but the test-dose record failed', { testDoseInjections: { status: 'error' as const } }, /test-dose record could not be read/],
    ['a test dose today and an active intrathecal order', { testDoseInjections: ready(['2026-09-13T08:40:00+10:00']), activeIntrathecalOrders: ready(1) }, /does not say which applies/],
  ])('unknown when %s, saying why', (_what, over, reason) => {
    const s = classifyItbSituation(inputs(over));
    expect(s.kind).toBe('unknown');
    expect(s.reasons.join(' ')).toMatch(reason);
    expect(s.reasons.join(' ')).toMatch(/both shown/);
  });

  it('no-pump shows overdose only; pump and unknown show both, withdrawal first unless the signs point to overdose', () => {
    const noPumpS = classifyItbSituation(inputs());
    const pumpS = classifyItbSituation(inputs({ activeIntrathecalOrders: ready(1) }));
    const unknownS = classifyItbSituation(inputs({ pump: { status: 'error' } }));
    expect(syndromesToShow(noPumpS, 'withdrawal')).toEqual(['overdose']);
    expect(syndromesToShow(pumpS, 'none')).toEqual(['withdrawal', 'overdose']);
    expect(syndromesToShow(pumpS, 'overdose')).toEqual(['overdose', 'withdrawal']);
    expect(syndromesToShow(unknownS, 'overdose')).toEqual(['overdose', 'withdrawal']);
    expect(syndromesToShow(unknownS, 'mixed')).toEqual(['withdrawal', 'overdose']);
  });

  it('unknown with a test dose in the last day: overdose leads unless the signs point to withdrawal (§3.4.7)', () => {
    const s = classifyItbSituation(inputs({ pump: { status: 'error' }, testDoseInjections: ready(['2026-09-13T08:40:00+10:00']) }));
    expect(s.kind).toBe('unknown');
    expect(syndromesToShow(s, 'none')).toEqual(['overdose', 'withdrawal']);
    expect(syndromesToShow(s, 'mixed')).toEqual(['overdose', 'withdrawal']);
    expect(syndromesToShow(s, 'withdrawal')).toEqual(['withdrawal', 'overdose']);
  });

  it('without a pump, withdrawal-type signs are not called ITB withdrawal', () => {
    const s = classifyItbSituation(inputs({ testDoseInjections: ready(['2026-09-13T08:40:00+10:00']) }));
    const e = explainSignsFor(s, 'withdrawal', 'The recorded signs point to baclofen withdrawal, a medical emergency (§5.1).');
    expect(e.likely).toBe('none');
    expect(e.text).toMatch(/no pump running/);
    expect(explainSignsFor(s, 'mixed', 'x').likely).toBe('overdose');
  });
});

describe('overdose steps by situation (§5.2.3–4)', () => {
  it('a child with a pump gets every step, including emptying the reservoir and no lumbar puncture', () => {
    expect(overdoseStepsFor({ pump: true, catheter: true })).toEqual(OVERDOSE_STEPS);
  });
  it('a test-dose child without a pump: no reservoir step and no catheter warning; Poisons, supportive care, intubation stay', () => {
    const steps = overdoseStepsFor({ pump: false, catheter: false });
    expect(steps.join(' ')).not.toMatch(/reservoir/);
    expect(steps).not.toContain(LUMBAR_PUNCTURE_WARNING);
    expect(steps.join(' ')).toMatch(/13 11 26/);
    expect(steps.join(' ')).toMatch(/Intubate and ventilate/);
  });
  it('a pump not yet running: no reservoir step, but never a lumbar puncture (catheter in place)', () => {
    const steps = overdoseStepsFor({ pump: false, catheter: true });
    expect(steps.join(' ')).not.toMatch(/reservoir/);
    expect(steps).toContain(LUMBAR_PUNCTURE_WARNING);
  });
});
