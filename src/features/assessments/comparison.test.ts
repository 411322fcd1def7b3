import { describe, expect, it } from 'vitest';
import type { ObservationRecord } from '../../fhir';
import { buildComparison, describeMas, describePercent, signedDegrees } from './comparison';
import { groupTherapyRecords, selectEpisode } from './model';

let n = 0;
const REGIONS = ['eyes', 'mouth', 'neck', 'trunk', 'upper-left', 'upper-right', 'lower-left', 'lower-right'] as const;
const base = (groupId: string, timePoint: ObservationRecord['timePoint'], effective: string) => ({
  versionId: '1', status: 'final', effective, groupId, entryId: undefined, timePoint, bodySite: undefined, note: undefined, partOf: [] as string[],
});
const assessment = (
  groupId: string,
  timePoint: ObservationRecord['timePoint'],
  effective: string,
  bads: readonly number[],
  masGrades: Record<string, string> = {},
  tardieu: Record<string, [number, number, number]> = {},
): ObservationRecord[] => [
  ...REGIONS.flatMap((r, i): ObservationRecord[] => (bads[i] === undefined ? [] : [{ id: `o${++n}`, key: `bads-${r}`, value: { kind: 'integer', value: bads[i] }, ...base(groupId, timePoint, effective) }])),
  ...Object.entries(masGrades).map(([site, code]): ObservationRecord => ({ id: `o${++n}`, key: 'mas-grade', value: { kind: 'codeable', code, display: undefined }, ...base(groupId, timePoint, effective), bodySite: site })),
  ...Object.entries(tardieu).map(([site, [r1, r2, q]]): ObservationRecord => ({
    id: `o${++n}`,
    key: 'mts',
    value: {
      kind: 'components',
      components: [
        { key: 'mts-r1', code: 'mts-r1', value: { kind: 'quantity', value: r1, unit: 'deg' } },
        { key: 'mts-r2', code: 'mts-r2', value: { kind: 'quantity', value: r2, unit: 'deg' } },
        { key: 'mts-quality', code: 'mts-quality', value: { kind: 'integer', value: q } },
      ],
    },
    ...base(groupId, timePoint, effective),
    bodySite: site,
  })),
];

const compare = (records: ObservationRecord[]) => buildComparison(selectEpisode(groupTherapyRecords(records)));

describe('comparison with baseline', () => {
  // Baseline total 25, 2 h total 18: a 28% reduction, which meets the ≥25% rule (Guideline §3.4.8).
  const records = [
    ...assessment('b', 'baseline', '2026-09-13T08:00:00+10:00', [1, 3, 3, 4, 4, 3, 4, 3], { 'Hamstrings (left)': 'mas-2', 'Hamstrings (right)': 'mas-1plus' }, { 'Hamstrings (left)': [110, 150, 2] }),
    ...assessment('h2', '2h', '2026-09-13T11:00:00+10:00', [0, 2, 2, 3, 3, 2, 3, 3], { 'Hamstrings (left)': 'mas-1plus', 'Hamstrings (right)': 'mas-1plus' }, { 'Hamstrings (left)': [130, 150, 1] }),
    ...assessment('h4', '4h', '2026-09-13T13:00:00+10:00', [1, 3, 3, 4, 4, 3, 4]),
  ];

  it('shows BADS 25 → 18 as a 28% reduction meeting the rule, an incomplete 4 h total as incomplete, and 1 h and 6 h as not assessed', () => {
    const c = compare(records);
    expect(c.bads.baseline).toMatchObject({ kind: 'total', total: 25, change: null });
    expect(c.bads['2h']).toEqual({ kind: 'total', total: 18, change: -7, percentChange: -28, reductionAtLeast25Percent: true, savedTotalDisagrees: false });
    expect(c.bads['4h']).toEqual({ kind: 'incomplete', missingRegions: ['lower-right'] });
    expect(c.bads['1h']).toEqual({ kind: 'not-assessed' });
    expect(c.bads['6h']).toEqual({ kind: 'not-assessed' });
    expect(c.evidence).toMatchObject({ ok: true, badsReductionAtLeast25Percent: true, masChanged: true, meetsGuidelineCriterion: true, source: 'Guideline §3.4.8: "A reduction in the Barry Albright Dystonia Scale of at least 25% and/or a change in the Modified Ashworth score are considered a positive test dose response. Achievement of family goals is also considered."' });
  });

  it.each([
    [[3, 3, 3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 2, 2, 1, 1], -25, true],
    [[3, 3, 3, 3, 3, 3, 3, 4], [3, 3, 3, 3, 2, 2, 2, 1], -24, false],
  ])('boundary: baseline %j → 2 h %j is %d%%, rule met: %s', (b, h, percent, met) => {
    const c = compare([...assessment('b', 'baseline', '2026-09-13T08:00:00+10:00', b), ...assessment('h', '2h', '2026-09-13T11:00:00+10:00', h)]);
    expect(c.bads['2h']).toMatchObject({ percentChange: percent, reductionAtLeast25Percent: met });
  });

  it('describes MAS changes per muscle and side with the direction in words', () => {
    const c = compare(records);
    const left = c.mas.find((r) => r.key === 'hamstrings|left');
    const right = c.mas.find((r) => r.key === 'hamstrings|right');
    const cell = (x: typeof left, tp: '2h' | '4h') => x?.cells[tp];
    const l2 = cell(left, '2h');
    expect(l2?.kind === 'grade' ? describeMas(l2, false) : l2?.kind).toBe('2 → 1+ (reduced)');
    const r2 = cell(right, '2h');
    expect(r2?.kind === 'grade' ? describeMas(r2, false) : r2?.kind).toBe('1+ → 1+ (unchanged)');
    expect(cell(left, '4h')).toEqual({ kind: 'not-assessed' });
  });

  it('gives Tardieu R2 − R1 against baseline', () => {
    const c = compare(records);
    expect(c.tardieu[0]?.cells.baseline).toMatchObject({ kind: 'angles', r2MinusR1: 40, baselineR2MinusR1: null });
    expect(c.tardieu[0]?.cells['2h']).toMatchObject({ kind: 'angles', r2MinusR1: 20, baselineR2MinusR1: 40 });
  });

  it('sets the range-of-movement and transfers notes side by side per time point, "not recorded" where there is none', () => {
    const note = (groupId: string, timePoint: ObservationRecord['timePoint'], effective: string, key: 'rom-notes' | 'transfers-notes', text: string): ObservationRecord => ({
      id: `o${++n}`,
      key,
      value: { kind: 'string', value: text },
      ...base(groupId, timePoint, effective),
    });
    const c = compare([
      ...records,
      note('b', 'baseline', '2026-09-13T08:00:00+10:00', 'rom-notes', 'Hip abduction 20° each side'),
      note('b', 'baseline', '2026-09-13T08:00:00+10:00', 'transfers-notes', 'Two-person lift'),
      note('h2', '2h', '2026-09-13T11:00:00+10:00', 'rom-notes', 'Hip abduction 35° each side'),
    ]);
    expect(c.notes.map((r) => r.label)).toEqual(['Range of movement', 'Transfers']);
    expect(c.notes[0]?.cells).toEqual({
      baseline: { kind: 'text', text: 'Hip abduction 20° each side' },
      '1h': { kind: 'not-recorded' },
      '2h': { kind: 'text', text: 'Hip abduction 35° each side' },
      '4h': { kind: 'not-recorded' },
      '6h': { kind: 'not-recorded' },
    });
    // Assessed at 2 h, but no transfers note: not recorded, not blank.
    expect(c.notes[1]?.cells.baseline).toEqual({ kind: 'text', text: 'Two-person lift' });
    expect(c.notes[1]?.cells['2h']).toEqual({ kind: 'not-recorded' });
  });

  it('with no baseline, compares nothing and says the BADS change cannot be judged', () => {
    const c = compare(assessment('h', '2h', '2026-09-13T11:00:00+10:00', [0, 2, 2, 3, 3, 2, 3, 3]));
    expect(c.bads.baseline).toEqual({ kind: 'not-assessed' });
    expect(c.bads['2h']).toMatchObject({ total: 18, change: null, percentChange: null, reductionAtLeast25Percent: null });
    expect(c.evidence).toMatchObject({ ok: true, badsReductionAtLeast25Percent: null, meetsGuidelineCriterion: null });
  });
});

describe('wording', () => {
  it.each([
    [-28, '28% reduction'],
    [-27.3, '27.3% reduction'],
    [12.5, '12.5% increase'],
    [0, 'no change'],
  ])('%d%% → %s', (p, text) => expect(describePercent(p)).toBe(text));
  it.each([
    [20, '+20°'],
    [-5, '−5°'],
    [0, '0°'],
  ])('%d degrees → %s', (d, text) => expect(signedDegrees(d)).toBe(text));
});
