import { describe, expect, it } from 'vitest';
import { evaluateTestDoseResponse, masIndex, percentChangeFromBaseline, scoreBads, type BadsScores } from './response';
import { expectError, expectOk } from './testing';

const bads = (eyes: number, mouth: number, neck: number, trunk: number, ul: number, ur: number, ll: number, lr: number): BadsScores => ({
  eyes, mouth, neck, trunk, 'upper-left': ul, 'upper-right': ur, 'lower-left': ll, 'lower-right': lr,
});

describe('BADS, 8 regions scored 0–4, total 0–32', () => {
  it.each([
    [bads(0, 0, 0, 0, 0, 0, 0, 0), 0],
    [bads(4, 4, 4, 4, 4, 4, 4, 4), 32],
    [bads(1, 2, 3, 4, 0, 1, 2, 3), 16],
  ])('totals %j to %s', (scores, total) => {
    expect(expectOk(scoreBads(scores)).total).toBe(total);
  });
  it.each([5, -1, 1.5, Number.NaN])('refuses a region score of %s', (v) => {
    expectError(scoreBads({ ...bads(0, 0, 0, 0, 0, 0, 0, 0), neck: v }), 'bads.neck');
  });
  it('a missing region leaves the total missing, never a partial sum', () => {
    const { eyes: _eyes, ...rest } = bads(1, 1, 1, 1, 1, 1, 1, 1);
    expect(expectOk(scoreBads(rest))).toEqual({ total: null, missingRegions: ['eyes'] });
  });
});

describe('percent change from baseline', () => {
  it.each([
    [20, 15, -25],
    [20, 16, -20],
    [8, 6, -25],
    [12, 13, 8.3],
  ])('%s → %s is %s%%', (b, v, pct) => {
    expect(percentChangeFromBaseline(b, v)).toBe(pct);
  });
  it('A8: baseline 0 gives no percentage (null), never a division by zero', () => {
    expect(percentChangeFromBaseline(0, 3)).toBeNull();
  });
});

describe('MAS grades are ordered: 0 < 1 < 1+ < 2 < 3 < 4', () => {
  it('orders the grades', () => {
    expect((['0', '1', '1+', '2', '3', '4'] as const).map(masIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('test-dose response evidence, Guideline §3.4.8 (A8)', () => {
  const baseline = {
    bads: bads(2, 2, 3, 3, 2, 2, 3, 3), // 20
    mas: [
      { muscleGroup: 'hamstrings', side: 'left' as const, grade: '3' as const },
      { muscleGroup: 'hamstrings', side: 'right' as const, grade: '1+' as const },
    ],
    tardieu: [{ muscleGroup: 'gastrocnemius', side: 'left' as const, r1Degrees: 70, r2Degrees: 100, quality: 3 }],
  };

  it.each([
    [bads(2, 1, 2, 2, 2, 2, 2, 2), 15, -25, true], // exactly 25% reduction
    [bads(2, 2, 2, 2, 2, 2, 2, 2), 16, -20, false],
  ])('A8: BADS 20 → %j (%s) is %s%%; reduction of at least 25%%: %s', (after, total, pct, met) => {
    const r = expectOk(evaluateTestDoseResponse({ baseline, timePoints: { '2h': { bads: after } } })).value;
    const tp = r.timePoints.find((t) => t.timePoint === '2h');
    if (!tp?.recorded) throw new Error('2h should be recorded');
    expect([tp.bads?.total, tp.bads?.percentChange, tp.bads?.reductionAtLeast25Percent]).toEqual([total, pct, met]);
    expect(r.badsReductionAtLeast25Percent).toBe(met);
    expect(r.verdict).toBe('to-be-recorded-by-clinician');
  });

  it('A8: shows MAS step changes per muscle group and side; any change counts as evidence', () => {
    const r = expectOk(
      evaluateTestDoseResponse({
        baseline,
        timePoints: { '4h': { mas: [{ muscleGroup: 'Hamstrings', side: 'left', grade: '1+' }, { muscleGroup: 'hamstrings', side: 'right', grade: '1+' }] } },
      }),
    ).value;
    const tp = r.timePoints.find((t) => t.timePoint === '4h');
    if (!tp?.recorded) throw new Error('4h should be recorded');
    expect(tp.mas.map((m) => [m.side, m.baseline, m.grade, m.stepChange])).toEqual([
      ['left', '3', '1+', -2],
      ['right', '1+', '1+', 0],
    ]);
    expect(r.masChanged).toBe(true);
    expect(r.meetsGuidelineCriterion).toBe(true);
    expect(r.badsReductionAtLeast25Percent).toBeNull();
    expect(r.summary.join(' ')).toMatch(/hamstrings left 3 → 1\+ \(-2 steps, lower tone\)/i);
  });

  it('A8: an increase in MAS is shown with its direction, for the clinician to weigh', () => {
    const r = expectOk(evaluateTestDoseResponse({ baseline, timePoints: { '1h': { mas: [{ muscleGroup: 'hamstrings', side: 'right', grade: '2' }] } } }));
    expect(r.value.masChanged).toBe(true);
    expect(r.notes.join(' ')).toMatch(/direction is for the clinician/);
  });

  it('Modified Tardieu: R2 − R1 at each time point, beside the baseline', () => {
    const r = expectOk(evaluateTestDoseResponse({ baseline, timePoints: { '2h': { tardieu: [{ muscleGroup: 'gastrocnemius', side: 'left', r1Degrees: 90, r2Degrees: 100, quality: 2 }] } } })).value;
    const tp = r.timePoints.find((t) => t.timePoint === '2h');
    if (!tp?.recorded) throw new Error('2h should be recorded');
    expect(tp.tardieu[0]).toMatchObject({ r2MinusR1: 10, baselineR2MinusR1: 30, quality: 2, baselineQuality: 3 });
    expect(r.baseline.tardieu[0]?.r2MinusR1).toBe(30);
  });

  it('missing time points stay missing, never zero', () => {
    const r = expectOk(evaluateTestDoseResponse({ baseline, timePoints: { '2h': { bads: bads(2, 2, 2, 2, 2, 2, 2, 2) } } }));
    expect(r.value.timePoints.map((t) => [t.timePoint, t.recorded])).toEqual([
      ['1h', false],
      ['2h', true],
      ['4h', false],
      ['6h', false],
    ]);
    expect(r.notes.join(' ')).toMatch(/Not recorded: 1h, 4h, 6h/);
  });

  it('A8: baseline BADS 0 gives no percentage and no BADS evidence either way', () => {
    const r = expectOk(evaluateTestDoseResponse({ baseline: { bads: bads(0, 0, 0, 0, 0, 0, 0, 0) }, timePoints: { '2h': { bads: bads(0, 0, 0, 0, 0, 0, 0, 0) } } }));
    expect(r.value.badsReductionAtLeast25Percent).toBeNull();
    // Nothing could be compared: the criterion cannot be judged yet, not "not met".
    expect(r.value.meetsGuidelineCriterion).toBeNull();
    expect(r.notes.join(' ')).toMatch(/Baseline BADS is 0/);
  });

  describe('§3.4.8 "A reduction in the Barry Albright Dystonia Scale of at least 25% and/or a change in the Modified Ashworth score": met, not met, or cannot be judged yet', () => {
    const mas = (grade: '1' | '2') => [{ muscleGroup: 'Hamstrings', side: 'left' as const, grade }];
    it('with only a baseline, nothing can be compared: null (cannot judge yet), not false', () => {
      const r = expectOk(evaluateTestDoseResponse({ baseline: { bads: bads(1, 3, 3, 4, 4, 3, 4, 3), mas: mas('2') }, timePoints: {} }));
      expect([r.value.badsReductionAtLeast25Percent, r.value.masChanged, r.value.meetsGuidelineCriterion]).toEqual([null, null, null]);
    });
    it('a 2-hour score with no baseline to compare against: null', () => {
      const r = expectOk(evaluateTestDoseResponse({ baseline: {}, timePoints: { '2h': { bads: bads(0, 2, 2, 3, 3, 2, 3, 3), mas: mas('1') } } }));
      expect(r.value.meetsGuidelineCriterion).toBeNull();
    });
    it('BADS 25 → 20 (−20%) with MAS unchanged: compared, not met (false)', () => {
      const r = expectOk(evaluateTestDoseResponse({ baseline: { bads: bads(1, 3, 3, 4, 4, 3, 4, 3), mas: mas('2') }, timePoints: { '2h': { bads: bads(1, 2, 2, 3, 3, 3, 3, 3), mas: mas('2') } } }));
      expect([r.value.badsReductionAtLeast25Percent, r.value.masChanged, r.value.meetsGuidelineCriterion]).toEqual([false, false, false]);
    });
    it('BADS 25 → 18 (−28%), MAS not compared: met (true)', () => {
      const r = expectOk(evaluateTestDoseResponse({ baseline: { bads: bads(1, 3, 3, 4, 4, 3, 4, 3) }, timePoints: { '2h': { bads: bads(0, 2, 2, 3, 3, 2, 3, 3) } } }));
      expect([r.value.badsReductionAtLeast25Percent, r.value.masChanged, r.value.meetsGuidelineCriterion]).toEqual([true, null, true]);
    });
  });

  it.each([
    [{ baseline: { mas: [{ muscleGroup: 'x', side: 'left' as const, grade: '5' as never }] }, timePoints: {} }, 'baseline.mas[0].grade'],
    [{ baseline: {}, timePoints: { '1h': { tardieu: [{ muscleGroup: 'x', side: 'left' as const, r1Degrees: 10, r2Degrees: 20, quality: 6 }] } } }, 'timePoints.1h.tardieu[0].quality'],
    [{ baseline: {}, timePoints: { '1h': { tardieu: [{ muscleGroup: 'x', side: 'left' as const, r1Degrees: Number.NaN, r2Degrees: 20, quality: 1 }] } } }, 'timePoints.1h.tardieu[0].r1Degrees'],
  ])('refuses bad scores naming the field (%#)', (input, field) => {
    expectError(evaluateTestDoseResponse(input), field);
  });
});
