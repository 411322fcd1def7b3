/**
 * The family action plan (issue 13 item 6): one page in plain language for parents, carers and
 * school, built from the same `ActionPlan` as the clinicians' page. Its words come from the family
 * documents — the test-dose fact sheet (seed 000: "In an emergency, always call 000"), the
 * patient information page (seed 002), the ITB FAQs (seed 003) and the pump FAQ (seed 004: what
 * the pump does, "If you hear an alarm, it is an emergency", withdrawal and overdose symptoms,
 * refills, MRI) — and the guideline's warnings for any doctor (§2 MRI and diathermy; §5.1.3.3,
 * §5.2.3.6 no lumbar puncture). A pure builder: the view lays it out. Reading level is checked by
 * the Flesch–Kincaid grade in its test (target: grade 7 or lower, about age 12).
 */
import type { ActionPlan, ActionPlanContact, Part } from './action-plan';
import type { SignDefinition, SyndromeSign } from './syndromes';

/** Each sign of the guideline's checklist in the words a parent would use (seed 004 and §5.1.2, §5.2.2). */
export const FAMILY_SIGN_WORDS: Readonly<Record<SyndromeSign, string>> = {
  'increased-tone-or-spasms': 'Muscles suddenly much stiffer, or more spasms',
  pruritus: 'Itching a lot',
  pain: 'New pain',
  'sweating-or-flushed': 'Sweating a lot, or a red face',
  fever: 'A fever (high temperature)',
  'restlessness-agitation-irritability': 'Upset, restless or cranky',
  'hallucinations-delusions-paranoia': 'Seeing or hearing things that are not there',
  'poor-sleep': 'Cannot settle or sleep at night',
  drowsiness: 'Very sleepy',
  dizziness: 'Dizzy',
  hypotonia: 'Floppy, weak muscles',
  'reduced-respiratory-rate': 'Slow or weak breathing',
  seizures: 'A seizure (fit)',
  bradycardia: 'A slow heartbeat',
  'reduced-consciousness-or-coma': 'Hard to wake, or will not wake up',
  tachycardia: 'A fast heartbeat',
  'blood-pressure-change': 'Blood pressure too high or too low',
  'confusion-delirium-or-altered-mental-state': 'Confused, or not acting like themselves',
};

export interface FamilySection {
  readonly heading: string;
  readonly lines: readonly string[];
  /** Points to read as a list (signs, what to tell a doctor). */
  readonly points?: readonly string[];
}

export interface FamilyActionPlan {
  readonly title: string;
  readonly childName: string;
  /** First and largest on the page (seed 000). */
  readonly emergency: readonly string[];
  readonly pump: FamilySection;
  readonly alarm: FamilySection;
  readonly withdrawal: FamilySection;
  readonly overdose: FamilySection;
  /** The next refill date, or why it is not known; the view writes the date. */
  readonly nextRefill: { readonly due: Part<Date>; readonly lines: readonly string[] };
  readonly tellAnyDoctor: FamilySection;
  /** The contacts the site marked for families (all of them when none is marked). */
  readonly contacts: readonly ActionPlanContact[];
}

const signWords = (signs: readonly SignDefinition[]): string[] => signs.map((s) => FAMILY_SIGN_WORDS[s.sign]);

/** The family page from the clinicians' plan. */
export function buildFamilyActionPlan(plan: ActionPlan): FamilyActionPlan {
  const childName = plan.patient.name;
  const due: Part<Date> = plan.nextRefill.available
    ? { available: true, value: plan.nextRefill.value.value.dueDate }
    : { available: false, reason: 'Ask the pump team when the next refill is due.' };
  const forFamily = plan.contacts.filter((c) => c.forFamily === true);
  return {
    title: `${childName}'s baclofen pump plan`,
    childName,
    emergency: ['In an emergency, always call 000 (triple zero).', 'Or go to the nearest hospital emergency department. Take this page with you.'],
    pump: {
      heading: 'What the pump does',
      lines: [
        'The pump sits under the skin of the belly.',
        'It sends a medicine called baclofen down a thin tube into the fluid around the spine.',
        'Baclofen helps tight muscles relax.',
        'The pump must never run out.',
      ],
    },
    alarm: {
      heading: 'The pump alarm',
      lines: [
        'The pump has an alarm. It beeps when the pump is low on medicine or has stopped.',
        'If you hear the alarm, it is an emergency. Take your child to hospital now and ring the pump team.',
      ],
    },
    withdrawal: {
      heading: 'Too little baclofen',
      lines: ['This can happen if the pump stops or runs out, or the tube is blocked. It is an emergency. Call 000 or go to hospital now.'],
      points: signWords(plan.withdrawal.signs),
    },
    overdose: {
      heading: 'Too much baclofen',
      lines: ['This is an emergency too. If your child is hard to wake or breathing slowly, call 000 now.'],
      points: signWords(plan.overdose.signs),
    },
    nextRefill: {
      due,
      lines: ['Do not miss a refill. If the pump runs out, your child can get very sick.'],
    },
    tellAnyDoctor: {
      heading: 'Tell any doctor or nurse',
      lines: ['Show them this page. Say your child has a baclofen pump.'],
      points: [
        'No lumbar puncture (a needle in the back). It can harm the pump tube.',
        'Before an MRI scan, tell them about the pump. The scan can stop the pump for a while. The pump team must check it within 2 hours after the scan.',
        'Before an operation, tell the surgeon about the pump.',
        'They can ring the pump team at any time.',
      ],
    },
    contacts: forFamily.length > 0 ? forFamily : plan.contacts,
  };
}

/** Every word the family reads, in page order (for the reading-level check). */
export function familyPlanText(plan: FamilyActionPlan): string {
  const section = (s: FamilySection): string[] => [s.heading, ...s.lines, ...(s.points ?? [])];
  return [
    plan.title,
    ...plan.emergency,
    ...section(plan.pump),
    ...section(plan.alarm),
    ...section(plan.withdrawal),
    ...section(plan.overdose),
    'Next pump refill',
    ...(plan.nextRefill.due.available ? [] : [plan.nextRefill.due.reason]),
    ...plan.nextRefill.lines,
    'Who to ring',
    ...section(plan.tellAnyDoctor),
  ].join('\n');
}
