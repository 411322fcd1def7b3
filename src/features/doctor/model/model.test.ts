import { describe, expect, it } from 'vitest';
import { forecastRefill, formatSiteDateTime, microgramsPerDay, microgramsPerMl, millilitres } from '../../../domain';
import type { DoseChange, PumpInfo } from '../../../fhir';
import { buildChartData, buildDoseHistoryRows, buildDoseSchedule, isTestDoseOrder, mergeTimeline, rowsInRange } from './dose-timeline';
import { planRefillForecast } from './refill-plan';

function order(id: string, dose: number | undefined, start: string, extra: Partial<DoseChange> = {}): DoseChange {
  return {
    id,
    status: 'completed',
    authoredOn: start,
    validFrom: start,
    validTo: undefined,
    dailyDose: dose === undefined ? undefined : microgramsPerDay(dose),
    concentration: microgramsPerMl(2000),
    flex: false,
    steps: [],
    text: undefined,
    medication: undefined,
    ...extra,
  };
}

/** `alarm: null` = the Device records no alarm volume. */
const pump = (refill: Partial<PumpInfo['refills'][number]> = {}, alarm: number | null = 2): PumpInfo => ({
  device: { id: 'd', name: 'SynchroMed II', model: '8637-40', reservoirVolume: millilitres(40), lowReservoirAlarmVolume: alarm === null ? undefined : millilitres(alarm), replacementDate: undefined },
  implantDate: '2023-11-11T09:00:00+11:00',
  procedures: [],
  refills: [{ procedureId: 'r1', performed: '2026-09-13T10:00:00+10:00', fillVolume: millilitres(40), concentration: microgramsPerMl(2000), ...refill }],
  issues: [],
});
const settings = { stabilityDays: 180, dueSoonDays: 14 };
const now = new Date('2026-11-22T02:40:00Z');
const SYDNEY = 'Australia/Sydney';

describe('dose timeline', () => {
  it('recognises a test-dose order (a bolus, not a daily dose)', () => {
    expect(isTestDoseOrder(order('t', 50, '2026-01-01', { concentration: microgramsPerMl(50) }))).toBe(true);
    expect(isTestDoseOrder(order('t', 50, '2026-01-01', { text: '50 micrograms intrathecal once (test dose)' }))).toBe(true);
    expect(isTestDoseOrder(order('c', 450, '2026-01-01'))).toBe(false);
  });

  it('compares each change with the continuous dose before it and flags a concentration change', () => {
    const timeline = mergeTimeline([
      order('c', 275, '2026-11-16T11:00:00+11:00', { status: 'active', concentration: microgramsPerMl(1000) }),
      order('b', 250, '2026-11-15T11:00:00+11:00'),
      order('t', 50, '2026-10-01T08:30:00+10:00', { concentration: microgramsPerMl(50) }),
      order('a', 100, '2026-11-12T11:00:00+11:00'),
    ]);
    const rows = buildDoseHistoryRows(timeline);
    expect(rows.map((r) => [r.change.id, r.kind, r.absoluteChange, r.percentChange, r.concentrationChanged])).toEqual([
      ['c', 'increase', 25, 10, true],
      ['b', 'increase', 150, 150, false],
      ['a', 'start', undefined, undefined, false],
      ['t', 'test-dose', undefined, undefined, false],
    ]);
  });

  it('keeps unreadable and never-given orders out of the schedule, naming the unreadable one', () => {
    const schedule = buildDoseSchedule([order('x', undefined, '2026-11-01T11:00:00+11:00'), order('y', 300, '2026-10-01T11:00:00+10:00', { status: 'cancelled' }), order('z', 200, '2026-09-01T11:00:00+10:00')], SYDNEY);
    expect(schedule.entries.map((e) => e.change.id)).toEqual(['z']);
    expect(schedule.problems.map((p) => p.id)).toEqual(['x']);
  });

  it('shows the dose in effect at the start of a range and keeps the chart data as small as the changes in range', () => {
    const timeline = mergeTimeline(Array.from({ length: 60 }, (_, k) => order(`o${k}`, 100 + k * 5, new Date(Date.UTC(2021, 0, 1) + k * 30 * 86_400_000).toISOString())));
    const rows = buildDoseHistoryRows(timeline);
    const start = now.getTime() - 365 * 86_400_000;
    const shown = rowsInRange(rows, start);
    expect(shown.inEffectAtStart).toBeDefined();
    const chart = buildChartData(buildDoseSchedule(timeline, SYDNEY), rows, [], start, now);
    // In effect at the start + the changes inside the year + the closing point now.
    expect(chart.points.length).toBe(shown.rows.length + 1);
    expect(chart.points[0]).toEqual({ t: start, dose: Number(shown.inEffectAtStart?.change.dailyDose) });
  });
});

describe('chart markers', () => {
  it('all time starts at the test dose or implant when they precede the first dose', () => {
    const timeline = [order('a', 100, '2021-03-01T11:00:00+11:00')];
    const procedures = [
      { id: 'i', kind: 'pump-implant' as const, status: 'completed', performed: '2021-03-01T09:00:00+11:00', note: undefined },
      { id: 't', kind: 'test-dose' as const, status: 'completed', performed: '2021-01-10T08:30:00+11:00', note: undefined },
      { id: 'm', kind: 'mri' as const, status: 'completed', performed: '2020-01-10T08:30:00+11:00', note: undefined },
    ];
    const chart = buildChartData(buildDoseSchedule(timeline, SYDNEY), buildDoseHistoryRows(timeline), procedures, undefined, now);
    expect(chart.domain[0]).toBe(Date.parse('2021-01-10T08:30:00+11:00'));
    expect(chart.markers.map((m) => m.kind)).toEqual(['test-dose', 'implant']);
  });
});

describe('refill forecast inputs', () => {
  const current = order('now', 450, '2026-03-27T11:00:00+11:00', { status: 'active' });

  it('uses the refill, the dose in effect at the fill and the Device alarm volume', () => {
    const plan = planRefillForecast(pump(), buildDoseSchedule([current], SYDNEY), { now, moreHistory: false, settings, timeZone: SYDNEY });
    expect(plan.kind).toBe('ready');
    if (plan.kind !== 'ready') return;
    expect(plan.input).toMatchObject({ fillDate: '2026-09-13T10:00:00+10:00', fillVolume: 40, concentration: 2000, alarmVolume: 2, stabilityDays: 180, dueSoonDays: 14 });
    expect(plan.alarmFrom).toBe('device');
  });

  it('waits for older history when no loaded dose reaches back to the fill', () => {
    const late = order('late', 500, '2026-10-01T11:00:00+10:00', { status: 'active' });
    expect(planRefillForecast(pump(), buildDoseSchedule([late], SYDNEY), { now, moreHistory: true, settings, timeZone: SYDNEY }).kind).toBe('needs-older-history');
    expect(planRefillForecast(pump(), buildDoseSchedule([late], SYDNEY), { now, moreHistory: false, settings, timeZone: SYDNEY })).toMatchObject({ kind: 'unavailable' });
  });

  it('does not guess: no fill volume, or an unreadable dose since the fill, means no forecast', () => {
    expect(planRefillForecast(pump({ fillVolume: undefined }), buildDoseSchedule([current], SYDNEY), { now, moreHistory: false, settings, timeZone: SYDNEY })).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringMatching(/fill volume/) as unknown,
    });
    const unreadable = order('u', undefined, '2026-10-01T11:00:00+10:00', { status: 'active' });
    expect(planRefillForecast(pump(), buildDoseSchedule([unreadable, current], SYDNEY), { now, moreHistory: false, settings, timeZone: SYDNEY })).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringMatching(/MedicationRequest\/u/) as unknown,
    });
  });

  it('a refill recorded as a date only is that day at 00:00 in Sydney: due 16 Feb 2027 22:20, as by hand', () => {
    // By hand: (40 − 2) mL ÷ (450 ÷ 2000) mL/day = 168.89 days = 168 d 21 h 20 min after
    // 1 Sep 2026 00:00 +10:00 → 16 Feb 2027 22:20 +11:00. Read as 00:00 UTC it would be 17 Feb 08:20.
    const plan = planRefillForecast(pump({ performed: '2026-09-01' }), buildDoseSchedule([current], SYDNEY), { now, moreHistory: false, settings, timeZone: SYDNEY });
    if (plan.kind !== 'ready') throw new Error(plan.kind);
    expect(plan.input.fillDate).toBe('2026-09-01T00:00:00+10:00');
    const forecast = forecastRefill(plan.input);
    if (!forecast.ok) throw new Error(forecast.error.message);
    expect(forecast.value.value.dueDate.toISOString()).toBe('2027-02-16T11:20:00.000Z');
    expect(formatSiteDateTime(forecast.value.value.dueDate, SYDNEY)).toBe('16 Feb 2027 22:20');
  });

  it('a dose change recorded as a date only starts that day at 00:00 at the site', () => {
    const change = order('change', 900, '2026-10-13', { status: 'active' });
    const plan = planRefillForecast(pump(), buildDoseSchedule([change, { ...current, status: 'completed' }], SYDNEY), { now, moreHistory: false, settings, timeZone: SYDNEY });
    if (plan.kind !== 'ready') throw new Error(plan.kind);
    expect(plan.input.doseSchedule.map((d) => d.effectiveFrom)).toEqual(['2026-03-27T11:00:00+11:00', '2026-10-13T00:00:00+11:00']);
  });

  it('falls back to the default 2 mL alarm and cautions when the order and the refill disagree on concentration', () => {
    const plan = planRefillForecast(pump({ concentration: microgramsPerMl(1000) }, null), buildDoseSchedule([current], SYDNEY), { now, moreHistory: false, settings, timeZone: SYDNEY });
    expect(plan.kind).toBe('ready');
    if (plan.kind !== 'ready') return;
    expect(plan.alarmFrom).toBe('default');
    expect(plan.input.alarmVolume).toBe(2);
    expect(plan.input.concentration).toBe(1000);
    expect(plan.cautions.join()).toMatch(/2000 micrograms\/mL but the refill recorded 1000/);
  });
});

describe('dose history after a previous dose of 0', () => {
  it('gives the change in micrograms/day but no percentage (never "+Infinity%")', () => {
    const rows = buildDoseHistoryRows([order('b', 100, '2026-10-01'), order('a', 0, '2026-09-01')]);
    const b = rows.find((r) => r.change.id === 'b');
    expect(b).toMatchObject({ kind: 'increase', absoluteChange: 100, percentChange: undefined });
  });
});
