/**
 * The child's ITB situation, which decides which emergency guidance applies (issue 12):
 *  - `no-pump`: no pump delivering baclofen: before the test dose, on test-dose day, or a pump
 *    recorded but not yet running. After a test dose the danger is overdose (Guideline §2
 *    "Overdose is specifically monitored for when the child is in hospital for a test dose",
 *    §3.4.7). ITB withdrawal is "a reduction in delivery of baclofen to the intrathecal space"
 *    from a pump (§5.1.1), so its rescue dose (§5.1.4.1) and pump steps do not apply.
 *  - `pump`: a pump is recorded (Device, implant procedure or an active intrathecal order): both
 *    withdrawal (§5.1) and overdose (§5.2) apply.
 *  - `unknown`: the records needed could not be read, or disagree: both are shown, saying why.
 * Pure: the features map what they read (pump, orders, test-dose injection) to these inputs.
 */
import type { SyndromeLikely } from './syndromes';
import { MS_PER_HOUR, parseInstant, type Instant } from './time';

/** A read the situation depends on: its value, or that it is still reading or failed. */
export type Known<T> = { readonly status: 'ready'; readonly value: T } | { readonly status: 'pending' } | { readonly status: 'error' };

export interface SituationInputs {
  readonly now: Instant;
  /** Pump Device and procedures (implant, test dose). */
  readonly pump: Known<{ readonly deviceRecorded: boolean; readonly implantDate: string | undefined; readonly testDoseProcedures: readonly string[] }>;
  /** How many active or on-hold intrathecal baclofen orders there are. */
  readonly activeIntrathecalOrders: Known<number>;
  /** Documented test-dose injection times (itb-assessment#test-dose-injection). */
  readonly testDoseInjections: Known<readonly string[]>;
}

/**
 * How long after a test dose the child is treated as "on test-dose day". The guideline observes
 * hourly "for 6 hours or until the patient is discharged" (§3.4.2) and the effect "wears off by 8
 * hours" (§3.4.6); 24 h is the app's conservative window (A6: prompts continue until discharge).
 */
export const TEST_DOSE_WINDOW_HOURS = 24;

/** The newest test dose: `effective` as recorded (with its offset), for display. */
export type TestDoseFact = { readonly at: Date; readonly effective: string; readonly hoursSince: number; readonly recent: boolean };

export type ItbSituation =
  | {
      readonly kind: 'no-pump';
      /** The newest documented test dose, if any. */
      readonly testDose: TestDoseFact | undefined;
      /** A pump (Device or implant) is recorded but no intrathecal order runs: a catheter is in place. */
      readonly pumpNotRunning: boolean;
      readonly reasons: readonly string[];
    }
  | { readonly kind: 'pump'; readonly testDose: TestDoseFact | undefined; readonly reasons: readonly string[] }
  | { readonly kind: 'unknown'; readonly testDose: TestDoseFact | undefined; readonly reasons: readonly string[] };

const hoursText = (h: number): string => {
  const minutes = Math.max(0, Math.round(h * 60));
  if (minutes < 60) return `${minutes} min`;
  const whole = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (whole >= 48) return `${Math.floor(whole / 24)} days`;
  return rest === 0 ? `${whole} h` : `${whole} h ${rest} min`;
};

/** Decide the child's situation from what was read (see the module comment). */
export function classifyItbSituation(input: SituationInputs): ItbSituation {
  const parsedNow = parseInstant('now', input.now);
  const now = parsedNow.ok ? parsedNow.value : new Date(NaN);
  const times: { at: Date; effective: string }[] = [];
  const collect = (values: readonly string[]) => {
    for (const v of values) {
      const t = parseInstant('testDose', v);
      // A time in the future (beyond clock drift) is not a dose given.
      if (t.ok && t.value.getTime() <= now.getTime() + 2 * 60_000) times.push({ at: t.value, effective: v });
    }
  };
  if (input.testDoseInjections.status === 'ready') collect(input.testDoseInjections.value);
  if (input.pump.status === 'ready') collect(input.pump.value.testDoseProcedures);
  const newest = times.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  const testDose: TestDoseFact | undefined =
    newest === undefined
      ? undefined
      : (() => {
          const hoursSince = (now.getTime() - newest.at.getTime()) / MS_PER_HOUR;
          return { at: newest.at, effective: newest.effective, hoursSince, recent: hoursSince <= TEST_DOSE_WINDOW_HOURS };
        })();

  const unread: string[] = [];
  const describe = (what: string, k: Known<unknown>) => {
    if (k.status === 'pending') unread.push(`${what} are still being read`);
    if (k.status === 'error') unread.push(`${what} could not be read`);
  };
  describe('the pump records', input.pump);
  describe('the intrathecal baclofen orders', input.activeIntrathecalOrders);
  if (input.pump.status !== 'ready' || input.activeIntrathecalOrders.status !== 'ready') {
    return {
      kind: 'unknown',
      testDose,
      reasons: [`Whether this child has a pump delivering baclofen is not known: ${unread.join('; ')}. Withdrawal and overdose guidance are both shown.`],
    };
  }
  const pump = input.pump.value;
  const orders = input.activeIntrathecalOrders.value;
  const hardware = pump.deviceRecorded || pump.implantDate !== undefined;
  const pumpWords = [pump.deviceRecorded ? 'a pump device' : undefined, pump.implantDate !== undefined ? 'a pump implant' : undefined, orders > 0 ? 'an active intrathecal baclofen order' : undefined].filter(
    (w): w is string => w !== undefined,
  );

  if (testDose?.recent === true) {
    const since = `A test dose was documented ${hoursText(testDose.hoursSince)} ago`;
    if (orders > 0) {
      return {
        kind: 'unknown',
        testDose,
        reasons: [`${since}, and ${pumpWords.join(' and ')} ${pumpWords.length === 1 ? 'is' : 'are'} recorded: the record does not say which applies. Withdrawal and overdose guidance are both shown.`],
      };
    }
    return {
      kind: 'no-pump',
      testDose,
      pumpNotRunning: hardware,
      reasons: [
        `Test-dose day: ${since.charAt(0).toLowerCase()}${since.slice(1)}. After a test dose the danger is overdose (Guideline §2, §3.4.7); the effect peaks at 2–4 hours and wears off by 8 hours (§3.4.6).`,
        hardware
          ? `${pumpWords.join(' and ')} ${pumpWords.length === 1 ? 'is' : 'are'} recorded but no active intrathecal baclofen order: the pump is treated as not yet running, so ITB withdrawal steps (§5.1) are not shown. A catheter is in place: no lumbar puncture.`
          : 'No pump is recorded, so ITB withdrawal (a fall in pump delivery, §5.1.1) and its oral rescue dose (§5.1.4.1) do not apply.',
      ],
    };
  }
  if (hardware || orders > 0) {
    return { kind: 'pump', testDose, reasons: [`Pump child: ${pumpWords.join(', ')} recorded. Both withdrawal (§5.1) and overdose (§5.2) can happen.`] };
  }
  if (input.testDoseInjections.status !== 'ready') {
    return {
      kind: 'unknown',
      testDose,
      reasons: [
        `No pump is recorded, but the test-dose record ${input.testDoseInjections.status === 'pending' ? 'is still being read' : 'could not be read'}: whether a test dose was given today is not known. Withdrawal and overdose guidance are both shown.`,
      ],
    };
  }
  return {
    kind: 'no-pump',
    testDose,
    pumpNotRunning: false,
    reasons: [
      testDose === undefined
        ? 'No pump, no active intrathecal baclofen order and no test dose are recorded. If intrathecal baclofen has been given today (a test dose not yet documented), watch for overdose (Guideline §3.4.7).'
        : `No pump and no active intrathecal baclofen order are recorded; the last test dose was ${hoursText(testDose.hoursSince)} ago (its effect wears off by 8 hours, §3.4.6).`,
      'ITB withdrawal (a fall in pump delivery, §5.1.1) and its oral rescue dose (§5.1.4.1) do not apply to a child without a pump.',
    ],
  };
}

export type SyndromeKind = 'withdrawal' | 'overdose';

/**
 * The syndromes that apply, the likely one first (ticked signs re-order the page). A child with no
 * pump running gets overdose only; a pump child gets withdrawal first unless the signs point to
 * overdose; when the situation is unknown but a test dose was given in the last day, overdose
 * leads (§3.4.7) unless the signs point to withdrawal.
 */
export function syndromesToShow(situation: ItbSituation, likely: SyndromeLikely): readonly SyndromeKind[] {
  switch (situation.kind) {
    case 'no-pump':
      return ['overdose'];
    case 'pump':
      return likely === 'overdose' ? ['overdose', 'withdrawal'] : ['withdrawal', 'overdose'];
    case 'unknown':
      if (situation.testDose?.recent === true) return likely === 'withdrawal' ? ['withdrawal', 'overdose'] : ['overdose', 'withdrawal'];
      return likely === 'overdose' ? ['overdose', 'withdrawal'] : ['withdrawal', 'overdose'];
    default:
      return situation satisfies never;
  }
}

/** A catheter may be in the intrathecal space: the no-lumbar-puncture warning applies (§5.1.3.3, §5.2.3.6). */
export function catheterMayBeInPlace(situation: ItbSituation): boolean {
  switch (situation.kind) {
    case 'no-pump':
      return situation.pumpNotRunning;
    case 'pump':
    case 'unknown':
      return true;
    default:
      return situation satisfies never;
  }
}

/**
 * What the ticked signs suggest for this child. Without a pump running, signs listed for
 * withdrawal cannot be ITB withdrawal (§5.1.1): the app says so instead of pointing to it.
 */
export function explainSignsFor(situation: ItbSituation, likely: SyndromeLikely, explanation: string): { readonly likely: SyndromeLikely; readonly text: string } {
  if (situation.kind !== 'no-pump') return { likely, text: explanation };
  switch (likely) {
    case 'withdrawal':
      return {
        likely: 'none',
        text: 'These signs are listed for ITB withdrawal, which follows a fall in pump delivery (§5.1.1); this child has no pump running. Look for another cause (pain, infection, §5.1.3.5) and call Kids Rehab. Overdose signs are drowsiness, dizziness, hypotonia, reduced breathing and seizures (§2).',
      };
    case 'mixed':
      return { likely: 'overdose', text: 'Overdose signs are recorded, and after a test dose the danger is overdose (§3.4.7): follow the overdose steps and call Kids Rehab.' };
    case 'overdose':
    case 'none':
      return { likely, text: explanation };
    default:
      return likely satisfies never;
  }
}
