/**
 * Checking the test-dose injection entry: micrograms only (A15: a milligram slip is a
 * thousand-fold error), a real time, not in the future. Over 100 micrograms is allowed but
 * flagged (A15; the guideline's bands stop at 100 micrograms, §3.1.5).
 */
import { parseIntrathecalDose, type Micrograms } from '../../domain';

export type InjectionCheck =
  | { ok: true; dose: Micrograms; at: Date; warning: string | undefined }
  | { ok: false; field: 'dose' | 'time'; message: string };

export function checkInjection(doseText: string, timeText: string, now: Date, parse: (local: string) => Date | undefined): InjectionCheck {
  const t = doseText.trim();
  if (t === '') return { ok: false, field: 'dose', message: 'Enter the test dose given, in micrograms.' };
  if (/mg|milli/i.test(t)) return { ok: false, field: 'dose', message: 'Enter the intrathecal dose in micrograms, not mg (1 mg = 1000 micrograms).' };
  if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, field: 'dose', message: 'The dose must be a number of micrograms.' };
  const dose = parseIntrathecalDose(Number(t), 'ug');
  if (!dose.ok) return { ok: false, field: 'dose', message: dose.error.message };
  const at = parse(timeText);
  if (at === undefined) return { ok: false, field: 'time', message: 'Enter the injection time, 24-hour HH:MM (for example 08:40).' };
  if (at.getTime() > now.getTime() + 2 * 60_000) return { ok: false, field: 'time', message: 'The injection time is in the future: enter when it was given.' };
  const warning = dose.value > 100 ? `${dose.value} micrograms is above the guideline's test-dose bands (at most 100 micrograms, §3.1.5): check the prescription.` : undefined;
  return { ok: true, dose: dose.value, at, warning };
}
