/**
 * Checking the test-dose injection entry: micrograms only (A15: a milligram slip is a
 * thousand-fold error), a real time, not in the future, and the dose against the guideline's
 * bands (§3.1.5: lowest 25, highest 100 micrograms): outside them it needs the nurse's
 * confirmation with a reason; below 1 microgram it is refused (issue 12).
 */
import { checkGivenTestDose, parseIntrathecalDose, type Micrograms } from '../../domain';

export type InjectionCheck =
  | {
      ok: true;
      dose: Micrograms;
      at: Date;
      /** Outside the guideline's bands: the nurse confirms with a reason before it is written. */
      confirm: string | undefined;
    }
  | { ok: false; field: 'dose' | 'time'; message: string };

export function checkInjection(doseText: string, timeText: string, now: Date, parse: (local: string) => Date | undefined): InjectionCheck {
  const t = doseText.trim();
  if (t === '') return { ok: false, field: 'dose', message: 'Enter the test dose given, in micrograms.' };
  if (/mg|milli/i.test(t)) return { ok: false, field: 'dose', message: 'Enter the intrathecal dose in micrograms, not mg (1 mg = 1000 micrograms).' };
  if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, field: 'dose', message: 'The dose must be a number of micrograms.' };
  const dose = parseIntrathecalDose(Number(t), 'ug');
  if (!dose.ok) return { ok: false, field: 'dose', message: dose.error.message };
  const band = checkGivenTestDose(dose.value);
  if (band.status === 'refused') return { ok: false, field: 'dose', message: band.message };
  const at = parse(timeText);
  if (at === undefined) return { ok: false, field: 'time', message: 'Enter the injection time, 24-hour HH:MM (for example 08:40).' };
  if (at.getTime() > now.getTime() + 2 * 60_000) return { ok: false, field: 'time', message: 'The injection time is in the future: enter when it was given.' };
  return { ok: true, dose: dose.value, at, confirm: band.status === 'needs-confirmation' ? band.message : undefined };
}

/** The reason given for a dose outside the bands, as written in the record's note. */
export function outsideBandsNote(dose: number, reason: string): string {
  return `Dose outside the guideline's test-dose bands (25–100 micrograms, §3.1.5), ${dose} micrograms confirmed by the nurse: ${reason.trim()}`;
}

/** Written in the note when the child already has a pump recorded and the nurse confirmed a test dose. */
export const PUMP_CONFIRMED_NOTE = 'The child has an ITB pump recorded: the nurse confirmed this was a test dose by lumbar puncture, not a pump bolus.';

/** At least a few words: a reason is for the next reader of the chart. */
export const reasonGiven = (reason: string): boolean => reason.trim().length >= 3;
