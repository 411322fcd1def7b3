import { describe, expect, it } from 'vitest';
import { buildActionPlan, type ActionPlanInput } from './action-plan';
import { buildFamilyActionPlan, familyPlanText, FAMILY_SIGN_WORDS } from './family-action-plan';
import { fleschKincaidGrade } from './readability';
import { SYNDROME_SIGNS } from './syndromes';
import { expectOk } from './testing';
import { microgramsPerDay, microgramsPerMl, millilitres } from './units';

const input: ActionPlanInput = {
  asOf: '2026-09-13T08:40:00+10:00',
  patient: { name: 'Alex Example', birthDate: '2014-05-02' },
  pump: { model: 'SynchroMed II 8637-40', reservoirMl: 40, implantDate: '2024-03-01' },
  drug: { name: 'Baclofen intrathecal', concentration: microgramsPerMl(2000) },
  currentDose: { dailyDose: microgramsPerDay(450) },
  lastRefill: { at: '2026-07-01T10:00:00+10:00', volume: millilitres(40) },
  weight: { value: 32, unit: 'kg', recordedAt: '2026-08-20' },
  contacts: [
    { role: 'Rapid response', phone: 'Dial 2222' },
    { role: 'Kids Rehab CNC (in hours)', phone: '(02) 9845 0000', when: 'Mon–Fri 08:00–16:30', forFamily: true },
    { role: 'After hours', phone: 'Via switchboard (02) 9845 0000', forFamily: true },
  ],
};
const family = () => buildFamilyActionPlan(expectOk(buildActionPlan(input)));

/** Flesch–Kincaid grade 7: read by a typical 12-year-old (issue 13 item 6). */
const TARGET_GRADE = 7;

describe('family action plan (issue 13 item 6)', () => {
  it('puts "In an emergency, always call 000" first (seed 000) and names the child', () => {
    const f = family();
    expect(f.title).toBe("Alex Example's baclofen pump plan");
    expect(f.emergency[0]).toBe('In an emergency, always call 000 (triple zero).');
    expect(f.emergency[1]).toMatch(/nearest hospital emergency department/);
  });
  it('says a pump alarm is an emergency (seed 004)', () => {
    expect(family().alarm.lines.join(' ')).toMatch(/If you hear the alarm, it is an emergency/);
  });
  it('gives every guideline sign in everyday words, withdrawal and overdose each from the clinicians\' lists', () => {
    const f = family();
    expect(f.withdrawal.points).toContain('Itching a lot');
    expect(f.withdrawal.points).toContain('Muscles suddenly much stiffer, or more spasms');
    expect(f.overdose.points).toContain('Hard to wake, or will not wake up');
    expect(f.overdose.points).toContain('Slow or weak breathing');
    for (const s of SYNDROME_SIGNS) expect(FAMILY_SIGN_WORDS[s.sign]).not.toMatch(/pruritus|hypotonia|tachycardia|bradycardia|respiratory/i);
  });
  it('carries the next refill date from the same forecast as the clinicians\' page', () => {
    const plan = expectOk(buildActionPlan(input));
    const f = buildFamilyActionPlan(plan);
    expect(f.nextRefill.due.available && plan.nextRefill.available && f.nextRefill.due.value).toEqual(plan.nextRefill.available && plan.nextRefill.value.value.dueDate);
    const { lastRefill: _r, ...noRefill } = input;
    expect(buildFamilyActionPlan(expectOk(buildActionPlan(noRefill))).nextRefill.due).toEqual({ available: false, reason: 'Ask the pump team when the next refill is due.' });
  });
  it('tells any doctor: no lumbar puncture, MRI precautions, tell the surgeon', () => {
    const points = family().tellAnyDoctor.points?.join(' ') ?? '';
    expect(points).toMatch(/No lumbar puncture/);
    expect(points).toMatch(/MRI scan.*within 2 hours/);
    expect(points).toMatch(/surgeon/);
  });
  it('lists only the contacts the site marked for families (not the ward\'s rapid response line)', () => {
    expect(family().contacts.map((c) => c.role)).toEqual(['Kids Rehab CNC (in hours)', 'After hours']);
  });
  it(`reads at Flesch–Kincaid grade ${TARGET_GRADE} or lower (about age 12)`, () => {
    const score = fleschKincaidGrade(familyPlanText(family()));
    process.stdout.write(`Family action plan readability: Flesch–Kincaid grade ${score.grade} (${score.words} words, ${score.sentences} sentences, ${score.syllables} syllables); target ≤ ${TARGET_GRADE}\n`);
    // Headings and list items count as sentences, which flatters a page of lists; the full
    // sentences alone are scored too, and must also meet the target.
    const prose = fleschKincaidGrade(familyPlanText(family()).split('\n').filter((l) => /[.!?]$/.test(l)).join('\n'));
    process.stdout.write(`Family action plan readability, full sentences only: Flesch–Kincaid grade ${prose.grade} (${prose.words} words, ${prose.sentences} sentences)\n`);
    expect(score.words).toBeGreaterThan(150);
    expect(score.grade).toBeLessThanOrEqual(TARGET_GRADE);
    expect(prose.grade).toBeLessThanOrEqual(TARGET_GRADE);
  });
});
