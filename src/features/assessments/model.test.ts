import { describe, expect, it } from 'vitest';
import type { ObservationRecord } from '../../fhir';
import { fromSiteLocalInput } from '../../domain';
import {
  badsTotalOf,
  buildAssessmentDrafts,
  checkAssessmentTime,
  editReasonNeeded,
  timeConfirmationKey,
  timeError,
  timePointAt,
  defaultTimePoint,
  emptyForm,
  formFromAssessment,
  groupTherapyRecords,
  parseBodySite,
  planEdit,
  readTardieu,
  selectEpisode,
  type AssessmentForm,
} from './model';

let n = 0;
const rec = (over: Partial<ObservationRecord> & Pick<ObservationRecord, 'key' | 'value'>): ObservationRecord => ({
  id: `o${++n}`,
  versionId: '1',
  status: 'final',
  effective: '2026-09-13T08:00:00+10:00',
  groupId: 'g1',
  entryId: undefined,
  timePoint: 'baseline',
  bodySite: undefined,
  note: undefined,
  partOf: [],
  ...over,
});
const int = (value: number) => ({ kind: 'integer' as const, value });
const mas = (code: string) => ({ kind: 'codeable' as const, code, display: undefined });
const mts = (r1: number, r2: number, q: number) => ({
  kind: 'components' as const,
  components: [
    { key: 'mts-r1' as const, code: 'mts-r1', value: { kind: 'quantity' as const, value: r1, unit: 'deg' } },
    { key: 'mts-r2' as const, code: 'mts-r2', value: { kind: 'quantity' as const, value: r2, unit: 'deg' } },
    { key: 'mts-quality' as const, code: 'mts-quality', value: int(q) },
  ],
});
const REGIONS = ['eyes', 'mouth', 'neck', 'trunk', 'upper-left', 'upper-right', 'lower-left', 'lower-right'] as const;
const badsRecords = (scores: readonly number[], over: Partial<ObservationRecord>) =>
  REGIONS.flatMap((r, i) => (scores[i] === undefined ? [] : [rec({ key: `bads-${r}`, value: int(scores[i]), entryId: `${over.groupId ?? 'g1'}:bads-${r}`, ...over })]));

describe('reading muscle and side from bodySite text', () => {
  it.each([
    ['Hamstrings (left)', 'hamstrings', 'left'],
    ['Left hamstrings', 'hamstrings', 'left'],
    ['Right gastrocnemius', 'gastrocnemius-soleus', 'right'],
    ['Gastrocnemius/soleus (right)', 'gastrocnemius-soleus', 'right'],
    ['Hip adductors (left)', 'hip-adductors', 'left'],
    ['Left shoulder internal rotators', 'Shoulder internal rotators', 'left'],
  ])('%s → %s, %s', (text, muscle, side) => {
    expect(parseBodySite(text)).toEqual({ muscle, side });
  });
  it.each([['Hamstrings'], ['Hamstrings (both sides)'], ['Left and right hamstrings']])('%s has no single side', (text) => {
    expect(parseBodySite(text)).toBeUndefined();
  });
});

describe('grouping saved assessments', () => {
  it('groups by entry group with time point, BADS regions, MAS, Tardieu, GMFCS and goals', () => {
    const records = [
      ...badsRecords([0, 2, 2, 3, 3, 2, 3, 3], {}),
      rec({ key: 'bads-total', value: int(18) }),
      rec({ key: 'mas-grade', value: mas('mas-1plus'), bodySite: 'Left hamstrings', entryId: 'g1:mas-hamstrings-left' }),
      rec({ key: 'mts', value: mts(110, 150, 2), bodySite: 'Right hamstrings' }),
      rec({ key: 'gmfcs-level', value: mas('gmfcs-IV') }),
      rec({ key: 'family-goals', value: { kind: 'string', value: 'Easier dressing' } }),
      rec({ key: 'test-dose-injection', value: { kind: 'quantity', value: 50, unit: 'ug' }, groupId: undefined, timePoint: undefined, effective: '2026-09-13T08:45:00+10:00' }),
    ];
    const t = groupTherapyRecords(records);
    expect(t.issues).toEqual([]);
    expect(t.injections).toEqual([{ at: '2026-09-13T08:45:00+10:00', doseMicrograms: 50 }]);
    const [a] = t.assessments;
    expect(a?.timePoint).toBe('baseline');
    expect(badsTotalOf(a!)).toEqual({ total: 18, missingRegions: [], disagrees: false });
    expect(a?.mas.get('hamstrings|left')).toMatchObject({ value: '1+', itemId: 'mas-hamstrings-left' });
    expect(a?.tardieu.get('hamstrings|right')?.value).toEqual({ r1: 110, r2: 150, quality: 2 });
    expect(t.gmfcs?.value).toBe('gmfcs-IV');
    expect(a?.goals?.value).toBe('Easier dressing');
  });

  it('a missing BADS region makes the total missing, never a smaller number', () => {
    const t = groupTherapyRecords(badsRecords([0, 2, 2, 3, 3, 2, 3], {}));
    expect(badsTotalOf(t.assessments[0]!)).toEqual({ total: null, missingRegions: ['lower-right'], disagrees: false });
  });

  it('reports, and leaves out, a MAS record without a side and a BADS region out of range', () => {
    const t = groupTherapyRecords([
      rec({ key: 'mas-grade', value: mas('mas-2'), bodySite: 'Hamstrings' }),
      rec({ key: 'bads-eyes', value: int(7) }),
    ]);
    expect(t.issues.map((i) => i.path)).toEqual(['bodySite', 'valueInteger']);
    expect(t.assessments[0]?.mas.size).toBe(0);
    expect(t.assessments[0]?.bads.eyes).toBeUndefined();
  });

  it('reads range of movement and transfers notes per time point, each in its own group', () => {
    const t = groupTherapyRecords([
      rec({ key: 'rom-notes', value: { kind: 'string', value: 'Hip abduction 20° each side' }, entryId: 'g1:rom-notes' }),
      rec({ key: 'transfers-notes', value: { kind: 'string', value: 'Two-person lift' }, entryId: 'g1:transfers-notes' }),
      rec({ key: 'rom-notes', value: { kind: 'string', value: 'Hip abduction 35° each side' }, groupId: 'g2', timePoint: '2h', effective: '2026-09-13T11:00:00+10:00' }),
    ]);
    expect(t.issues).toEqual([]);
    const [base, twoHours] = t.assessments;
    expect(base?.rom).toMatchObject({ value: 'Hip abduction 20° each side', itemId: 'rom-notes' });
    expect(base?.transfers?.value).toBe('Two-person lift');
    expect(base?.goals).toBeUndefined();
    expect(twoHours?.timePoint).toBe('2h');
    expect(twoHours?.rom?.value).toBe('Hip abduction 35° each side');
    expect(twoHours?.transfers).toBeUndefined();
  });

  it('reports, and leaves out, a transfers note that is not text or is empty', () => {
    const t = groupTherapyRecords([
      rec({ key: 'transfers-notes', value: int(2) }),
      rec({ key: 'rom-notes', value: { kind: 'string', value: '  ' } }),
    ]);
    expect(t.issues.map((i) => i.message)).toEqual(['Transfers record has no text', 'Range of movement record has no text']);
    expect(t.assessments[0]?.transfers).toBeUndefined();
    expect(t.assessments[0]?.rom).toBeUndefined();
  });
});

describe('the test-dose episode', () => {
  const injection = rec({ key: 'test-dose-injection', value: { kind: 'quantity', value: 50, unit: 'ug' }, groupId: undefined, timePoint: undefined, effective: '2026-09-13T09:00:00+10:00' });
  it('compares the baseline before the injection with the time points after it, and says what is left out', () => {
    const t = groupTherapyRecords([
      injection,
      ...badsRecords([1], { groupId: 'old', timePoint: '2h', effective: '2026-09-12T11:00:00+10:00' }),
      ...badsRecords([3], { groupId: 'base', timePoint: 'baseline', effective: '2026-09-13T08:00:00+10:00' }),
      ...badsRecords([2], { groupId: 'h2a', timePoint: '2h', effective: '2026-09-13T11:00:00+10:00' }),
      ...badsRecords([1], { groupId: 'h2b', timePoint: '2h', effective: '2026-09-13T11:10:00+10:00' }),
    ]);
    const e = selectEpisode(t);
    expect(e.baseline?.groupId).toBe('base');
    expect(e.timePoints['2h']?.groupId).toBe('h2b');
    expect(e.timePoints['1h']).toBeUndefined();
    expect(e.repeated).toEqual([{ timePoint: '2h', count: 2 }]);
    expect(e.outside).toBe(1);
  });

  it('keeps a baseline entered after the dose (scored on paper at admission) with this dose', () => {
    const t = groupTherapyRecords([injection, ...badsRecords([3], { groupId: 'late', timePoint: 'baseline', effective: '2026-09-13T09:20:00+10:00' })]);
    expect(selectEpisode(t).baseline?.groupId).toBe('late');
  });

  it.each([
    ['before the first window', '2026-09-13T09:30:00+10:00', '1h'],
    ['at 1 h', '2026-09-13T10:02:00+10:00', '1h'],
    ['at 2 h 10 min', '2026-09-13T11:10:00+10:00', '2h'],
    ['at 3 h 56 min (the 4 h window opens 5 min early)', '2026-09-13T12:56:00+10:00', '4h'],
    ['at 6 h 30 min', '2026-09-13T15:30:00+10:00', '6h'],
    ['long after', '2026-09-13T20:00:00+10:00', '6h'],
  ])('defaults the time point %s to %s', (_label, now, expected) => {
    expect(defaultTimePoint('2026-09-13T09:00:00+10:00', new Date(now))).toBe(expected);
  });
  it('defaults to baseline with no injection recorded', () => {
    expect(defaultTimePoint(undefined, new Date())).toBe('baseline');
  });
});

describe('form → drafts', () => {
  const form = (over: Partial<AssessmentForm>): AssessmentForm => ({ ...emptyForm('g9', '2h', '2026-09-13T11:00'), ...over });

  it('writes all 8 regions and the total 18 with the time point, MAS with side, Tardieu in degrees', () => {
    const { drafts, errors } = buildAssessmentDrafts(
      form({
        bads: { eyes: 0, mouth: 2, neck: 2, trunk: 2, 'upper-left': 3, 'upper-right': 2, 'lower-left': 4, 'lower-right': 3 },
        mas: { 'hamstrings|left': '1+' },
        tardieu: { 'gastrocnemius-soleus|right': { r1: '80', r2: '95', quality: '2' } },
        goals: ' Easier dressing ',
      }),
      undefined,
    );
    expect(errors).toEqual({});
    expect(drafts.find((d) => d.key === 'bads-total')).toEqual({ key: 'bads-total', value: { kind: 'integer', value: 18 }, timePoint: '2h' });
    expect(drafts.find((d) => d.key === 'mas-grade')).toEqual({
      key: 'mas-grade',
      itemId: 'mas-grade:hamstrings-left',
      value: { kind: 'codeable', answer: 'mas-1plus' },
      bodySite: { text: 'Hamstrings', laterality: 'left' },
      timePoint: '2h',
    });
    expect(drafts.find((d) => d.key === 'mts')).toMatchObject({ itemId: 'mts:gastrocnemius-soleus-right', bodySite: { text: 'Gastrocnemius/soleus', laterality: 'right' } });
    expect(drafts.find((d) => d.key === 'family-goals')?.value).toEqual({ kind: 'string', value: 'Easier dressing' });
  });

  it('writes range of movement and transfers as text with the time point; blank notes are not written', () => {
    const { drafts, errors } = buildAssessmentDrafts(form({ rom: ' Knee extension −15° left \n', transfers: 'Stand-pivot with one assist' }), undefined);
    expect(errors).toEqual({});
    expect(drafts).toEqual([
      { key: 'rom-notes', value: { kind: 'string', value: 'Knee extension −15° left' }, timePoint: '2h' },
      { key: 'transfers-notes', value: { kind: 'string', value: 'Stand-pivot with one assist' }, timePoint: '2h' },
    ]);
    expect(buildAssessmentDrafts(form({ rom: '   ', transfers: '' }), undefined).errors).toEqual({ form: 'Nothing to save yet: score at least one item.' });
  });

  it('writes no BADS total while a region is unscored', () => {
    const { drafts } = buildAssessmentDrafts(form({ bads: { eyes: 1 } }), undefined);
    expect(drafts.map((d) => d.key)).toEqual(['bads-eyes']);
  });

  it('does not write GMFCS again when it is the level already recorded', () => {
    expect(buildAssessmentDrafts(form({ gmfcs: 'gmfcs-IV', bads: { eyes: 1 } }), 'gmfcs-IV').drafts.map((d) => d.key)).toEqual(['bads-eyes']);
    expect(buildAssessmentDrafts(form({ gmfcs: 'gmfcs-III' }), 'gmfcs-IV').drafts.map((d) => d.key)).toEqual(['gmfcs-level']);
  });

  it('refuses an empty form, a missing time point and a half-filled Tardieu row', () => {
    expect(buildAssessmentDrafts(form({}), undefined).errors).toEqual({ form: 'Nothing to save yet: score at least one item.' });
    expect(buildAssessmentDrafts(form({ timePoint: '' }), undefined).errors).toEqual({ timePoint: 'Choose the time point.' });
    expect(buildAssessmentDrafts(form({ tardieu: { 'hamstrings|left': { r1: '100', r2: '', quality: '2' } } }), undefined).errors).toEqual({
      'tardieu.hamstrings|left': 'Enter R1, R2 and quality, or leave all three empty.',
    });
  });

  it.each([
    [{ r1: '', r2: '', quality: '' }, undefined, undefined],
    [{ r1: '110', r2: '150', quality: '2' }, { r1: 110, r2: 150, quality: 2 }, undefined],
    [{ r1: '1.5', r2: '150', quality: '2' }, undefined, 'R1 and R2 are whole degrees, e.g. 110.'],
    [{ r1: '190', r2: '150', quality: '2' }, undefined, 'Angles are from -180 to 180 degrees.'],
  ])('Tardieu %j', (input, value, error) => {
    expect(readTardieu(input)).toEqual({ value, error });
  });
});

describe('editing a saved assessment', () => {
  const saved = groupTherapyRecords([
    ...badsRecords([0, 2, 2, 3, 3, 2, 3, 3], { groupId: 'g1' }),
    rec({ key: 'bads-total', value: int(18), entryId: 'g1:bads-total' }),
    rec({ key: 'mas-grade', value: mas('mas-2'), bodySite: 'Left hamstrings', entryId: 'g1:mas-hamstrings-left', id: 'masL', versionId: '3' }),
  ]).assessments[0]!;

  it('amends the changed items (keeping their identifiers) and adds new ones', () => {
    const edited = formFromAssessment(saved, '2026-09-13T08:00');
    const plan = planEdit(saved, { ...edited, bads: { ...edited.bads, eyes: 1 }, mas: { ...edited.mas, 'hamstrings|left': '1+', 'hamstrings|right': '1' } }, undefined);
    expect(plan.errors).toEqual({});
    expect(plan.amend.map((a) => [a.item.recordId === 'masL' ? 'masL' : a.draft.key, a.draft.itemId ?? a.draft.key])).toEqual([
      ['bads-eyes', 'bads-eyes'],
      ['bads-total', 'bads-total'],
      ['masL', 'mas-hamstrings-left'],
    ]);
    expect(plan.amend.find((a) => a.draft.key === 'bads-total')?.draft.value).toEqual({ kind: 'integer', value: 19 });
    expect(plan.add.map((d) => d.itemId)).toEqual(['mas-grade:hamstrings-right']);
  });

  it('refuses to clear a saved score and says nothing changed when nothing did', () => {
    const edited = formFromAssessment(saved, '2026-09-13T08:00');
    expect(planEdit(saved, edited, undefined).errors).toEqual({ form: 'Nothing has changed.' });
    const cleared = planEdit(saved, { ...edited, mas: {} }, undefined);
    expect(Object.values(cleared.errors)).toContain('A saved score cannot be cleared here: mark it "entered in error" in the EHR.');
  });

  const withNotes = groupTherapyRecords([
    rec({ key: 'bads-eyes', value: int(2), entryId: 'g1:bads-eyes' }),
    rec({ key: 'rom-notes', value: { kind: 'string', value: 'Hips 20° abduction ' }, entryId: 'g1:rom-notes', id: 'rom1', versionId: '2' }),
  ]).assessments[0]!;

  it('amends a changed range-of-movement note, adds a new transfers note, and leaves an unchanged note alone', () => {
    const edited = formFromAssessment(withNotes, '2026-09-13T08:00');
    expect(edited.rom).toBe('Hips 20° abduction ');
    expect(edited.transfers).toBe('');
    // Only trailing whitespace differs: not a change.
    expect(planEdit(withNotes, { ...edited, rom: 'Hips 20° abduction' }, undefined).errors).toEqual({ form: 'Nothing has changed.' });
    const plan = planEdit(withNotes, { ...edited, rom: 'Hips 30° abduction', transfers: 'Independent' }, undefined);
    expect(plan.errors).toEqual({});
    expect(plan.amend).toEqual([
      { item: withNotes.rom, draft: { key: 'rom-notes', itemId: 'rom-notes', value: { kind: 'string', value: 'Hips 30° abduction' }, timePoint: 'baseline' } },
    ]);
    expect(plan.add).toEqual([{ key: 'transfers-notes', value: { kind: 'string', value: 'Independent' }, timePoint: 'baseline' }]);
  });

  it('refuses to clear a saved note, naming it', () => {
    const plan = planEdit(withNotes, { ...formFromAssessment(withNotes, '2026-09-13T08:00'), rom: '  ' }, undefined);
    expect(plan.errors).toEqual({ 'removed.rom-notes': 'Range of movement: a saved note cannot be cleared here (edit the text instead, or mark it "entered in error" in the EHR).' });
  });
});

describe('the assessment time (paper scores typed in later; issue 13)', () => {
  const base = { timeZone: 'Australia/Sydney', now: new Date('2026-11-24T12:15:00+11:00'), injectionAt: '2026-11-24T08:45:00+11:00', baselineAt: '2026-11-24T08:00:00+11:00' };
  const check = (time: string, timePoint: AssessmentForm['timePoint'], over: Partial<typeof base> = {}) => checkAssessmentTime({ ...base, ...over, time, timePoint });

  it('a 2-hour score typed at 12:15 for 10:50 is read in the site zone, 2 h 5 min after the 08:45 injection, in the 2-hour window', () => {
    const c = check('2026-11-24T10:50', '2h');
    expect(c.instant?.toISOString()).toBe('2026-11-23T23:50:00.000Z');
    expect([c.error, c.toConfirm, c.derived]).toEqual([undefined, undefined, '2h']);
    expect(c.relation).toBe('2 h 5 min after the injection at 24 Nov 2026 08:45');
  });

  it.each([
    ['2026-11-24T07:30', 'baseline'],
    ['2026-11-24T09:40', '1h'],
    ['2026-11-24T10:39', '1h'],
    ['2026-11-24T10:40', '2h'],
    ['2026-11-24T12:39', '2h'],
    ['2026-11-24T12:40', '4h'],
  ] as const)('derives the time point from the time: %s → %s', (time, tp) => {
    expect(check(time, '', { now: new Date('2026-11-24T15:00:00+11:00') }).derived).toBe(tp);
    expect(timePointAt(base.injectionAt, fromSiteLocalInput(time, 'Australia/Sydney') ?? new Date(Number.NaN))).toBe(tp);
  });

  it('refuses a time in the future (more than 2 minutes ahead of now)', () => {
    expect(check('2026-11-24T12:17', '2h').error).toBeUndefined();
    expect(check('2026-11-24T12:18', '2h').error).toBe('The assessment time 24 Nov 2026 12:18 is in the future: enter when the scores were taken.');
  });

  it('refuses an unreadable time', () => {
    expect(check('2026-11-24T25:00', '2h').error).toMatch(/^Enter the time the assessment was done/);
  });

  it('refuses a post-dose time point before the injection, and before the baseline', () => {
    expect(check('2026-11-24T08:30', '1h').error).toBe('The 1 hour assessment is after the dose, but 24 Nov 2026 08:30 is before the injection at 24 Nov 2026 08:45: correct the time, or choose Baseline.');
    // No injection recorded: still never before the baseline it is compared with.
    expect(check('2026-11-24T07:50', '2h', { injectionAt: undefined }).error).toBe('The 2 hours assessment cannot be before the baseline it is compared with (assessed 24 Nov 2026 08:00): correct the time.');
  });

  it('asks to confirm a time point outside its window (a late 1-hour assessment at 10:50), and a baseline after the injection', () => {
    expect(check('2026-11-24T10:50', '1h').toConfirm).toBe(
      '24 Nov 2026 10:50 is 2 h 5 min after the injection at 24 Nov 2026 08:45: in the 2 hours window, not the 1 hour one (24 Nov 2026 09:40 to 24 Nov 2026 10:40). Choose 2 hours, or confirm this is the 1 hour assessment.',
    );
    expect(check('2026-11-24T09:00', 'baseline').toConfirm).toMatch(/^24 Nov 2026 09:00 is 15 min after the injection at 24 Nov 2026 08:45: a baseline records tone before the dose/);
    const form = { time: '2026-11-24T10:50', timePoint: '1h' as const, timeConfirmed: '' };
    const c = check(form.time, form.timePoint);
    expect(timeError(c, form)).toMatch(/tick the confirmation/);
    expect(timeError(c, { ...form, timeConfirmed: timeConfirmationKey(form) })).toBeUndefined();
    // The confirmation does not carry over to another time.
    expect(timeError(check('2026-11-24T10:55', '1h'), { ...form, time: '2026-11-24T10:55', timeConfirmed: timeConfirmationKey(form) })).toMatch(/tick the confirmation/);
  });
});

describe('a baseline changed after the dose or a verdict (issue 13)', () => {
  const records = groupTherapyRecords([
    ...badsRecords([0, 2, 2, 3, 3, 2, 3, 3], { groupId: 'gb', effective: '2026-11-24T08:00:00+11:00' }),
    rec({ key: 'bads-total', value: int(18), groupId: 'gb', entryId: 'gb:bads-total', effective: '2026-11-24T08:00:00+11:00' }),
    rec({ key: 'test-dose-injection', value: { kind: 'quantity', value: 50, unit: 'ug' }, groupId: undefined, timePoint: undefined, effective: '2026-11-24T08:45:00+11:00' }),
  ]);
  const episode = selectEpisode(records);
  const baseline = episode.baseline!;

  it('needs a reason once the dose is given, and names it', () => {
    expect(editReasonNeeded(baseline, episode, undefined, 'Australia/Sydney')).toBe('This baseline is being changed after the test dose was injected 24 Nov 2026 08:45: give the reason for the change.');
    expect(editReasonNeeded(baseline, episode, '2026-11-24T11:00:00+11:00', 'Australia/Sydney')).toMatch(/after the test dose was injected 24 Nov 2026 08:45 and a verdict was recorded 24 Nov 2026 11:00/);
    const noDose = selectEpisode(groupTherapyRecords(records.assessments.length === 0 ? [] : badsRecords([1], { groupId: 'gx' })));
    expect(editReasonNeeded(noDose.baseline!, noDose, undefined, 'Australia/Sydney')).toBeUndefined();
    expect(editReasonNeeded(noDose.baseline!, noDose, '2026-11-24T11:00:00+11:00', 'Australia/Sydney')).toMatch(/after a verdict was recorded/);
  });

  it('refuses the edit without the reason; with it, each amended item notes the reason and what it was', () => {
    const reasonNeeded = editReasonNeeded(baseline, episode, undefined, 'Australia/Sydney');
    const form = formFromAssessment(baseline, '2026-11-24T08:00');
    const change = { effective: undefined, wasTime: undefined, reasonNeeded };
    expect(planEdit(baseline, { ...form, bads: { ...form.bads, eyes: 1 } }, undefined, change).errors).toEqual({ reason: reasonNeeded });
    const plan = planEdit(baseline, { ...form, bads: { ...form.bads, eyes: 1 }, reason: 'Paper score misread. ' }, undefined, change);
    expect(plan.errors).toEqual({});
    expect(plan.amend.map((a) => [a.draft.key, a.draft.note])).toEqual([
      ['bads-eyes', 'Amended: Paper score misread. Was 0.'],
      ['bads-total', 'Amended: Paper score misread. Was 18.'],
    ]);
  });

  it('a changed time amends every item with the new time, and says what the time was', () => {
    const form = formFromAssessment(baseline, '2026-11-24T08:00');
    const plan = planEdit(baseline, { ...form, reason: 'Time from the paper sheet' }, undefined, { effective: '2026-11-24T07:40:00+11:00', wasTime: '24 Nov 2026 08:00', reasonNeeded: 'needed' });
    expect(plan.amend).toHaveLength(9);
    expect(plan.amend.every((a) => a.draft.effective === '2026-11-24T07:40:00+11:00')).toBe(true);
    expect(plan.amend[0]?.draft.note).toBe('Amended: Time from the paper sheet. Time was 24 Nov 2026 08:00.');
  });

  it('reads who amended what: the item, its value now, the note, the performer and when', () => {
    const amended = groupTherapyRecords([
      rec({ key: 'bads-eyes', value: int(1), entryId: 'g1:bads-eyes', status: 'amended', note: 'Amended: Paper score misread. Was 0.', performerRefs: ['Practitioner/pt1'], lastUpdated: '2026-11-24T01:20:00Z' }),
      rec({ key: 'bads-mouth', value: int(2), entryId: 'g1:bads-mouth' }),
    ]).assessments[0];
    expect(amended?.amendments).toEqual([{ item: 'BADS eyes', now: '1', note: 'Amended: Paper score misread. Was 0.', by: ['Practitioner/pt1'], at: '2026-11-24T01:20:00Z' }]);
  });
});
