/**
 * Altered Calling Criteria (issue 12), for the rounds and the doctor view: which setting is in
 * force, how a criterion reads, the standard criteria they replace, and the checks on a new setting
 * or on ending one early. Pure.
 */
import { calculateAge, selectAgeBand, validateVitalSign, type CallingCriteriaTable } from '../../domain';
import { toDomainCriteria, type AlteredCriteriaEntry, type AlteredCriteriaRead, type AlteredCriteriaRecord, type AlteredParameter, type AlteredRule } from '../../fhir';
import type { AlteredCallingCriteria } from '../../domain';

export const ALTERED_PARAMETER_WORDS: Readonly<Record<AlteredParameter, { label: string; unit: string }>> = {
  heartRate: { label: 'Heart rate', unit: 'beats/min' },
  respiratoryRate: { label: 'Respiratory rate', unit: 'breaths/min' },
  spo2: { label: 'SpO2', unit: '%' },
  systolicBp: { label: 'Systolic blood pressure', unit: 'mmHg' },
  temperature: { label: 'Temperature', unit: '°C' },
};
export const COMPARISON_WORDS: Readonly<Record<AlteredRule['comparison'], string>> = { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at or above' };

/** "Heart rate below 60 beats/min: RED ZONE". */
export function describeCriterion(r: AlteredRule): string {
  const w = ALTERED_PARAMETER_WORDS[r.parameter];
  return `${w.label} ${COMPARISON_WORDS[r.comparison]} ${r.value} ${w.unit}: ${r.zone === 'red' ? 'RED ZONE' : 'YELLOW ZONE'}`;
}

export type AlteredCriteriaState =
  | { readonly kind: 'none' }
  | { readonly kind: 'in-force'; readonly record: AlteredCriteriaRecord }
  | { readonly kind: 'expired'; readonly record: AlteredCriteriaRecord }
  /** Ended before their end time by a later setting (`ending`); `ended` is the setting it ended, when readable. */
  | { readonly kind: 'ended'; readonly ending: AlteredCriteriaRecord; readonly ended: AlteredCriteriaRecord | undefined }
  /** The newest setting in the EHR could not be read: what is in force is not known. */
  | { readonly kind: 'unreadable' };

/**
 * A setting that ends the one before it: written with its end time at the moment it was set
 * ("End these criteria now"), so it is in force for no round and the standard criteria apply.
 */
export function isEnding(r: Pick<AlteredCriteriaRecord, 'setAt' | 'validUntil'>): boolean {
  return Date.parse(r.validUntil) <= Date.parse(r.setAt);
}

/** The newest setting decides: in force until its end time, then expired (never an older one); an ending setting ends them. */
export function alteredCriteriaState(read: AlteredCriteriaRead, now: Date): AlteredCriteriaState {
  if (read.newerUnreadable) return { kind: 'unreadable' };
  const newest = read.items[0];
  if (newest === undefined) return { kind: 'none' };
  if (isEnding(newest)) {
    const previous = read.items[1];
    return { kind: 'ended', ending: newest, ended: previous !== undefined && !isEnding(previous) ? previous : undefined };
  }
  return Date.parse(newest.validUntil) < now.getTime() ? { kind: 'expired', record: newest } : { kind: 'in-force', record: newest };
}

/**
 * What the zone calculation is given: the newest readable setting (the domain applies it only
 * between when it was set and its end time, so a round before or after is classified by the
 * standard criteria and says so). When the newest setting ended the one before it, that one is
 * given with the moment it was ended (rounds before it keep it; from it on the standard criteria
 * apply). Nothing when the newest setting could not be read.
 */
export function criteriaForZone(read: AlteredCriteriaRead | undefined, timeZone: string): AlteredCallingCriteria | undefined {
  if (read === undefined || read.newerUnreadable) return undefined;
  const newest = read.items[0];
  if (newest === undefined) return undefined;
  if (!isEnding(newest)) return toDomainCriteria(newest, timeZone);
  const previous = read.items[1];
  return previous === undefined || isEnding(previous) ? undefined : { ...toDomainCriteria(previous, timeZone), endedAt: newest.setAt };
}

/**
 * Said beside the zone: which Altered Calling Criteria the zone used, or that they had expired,
 * been ended (or were not yet set) at the round's time and the standard criteria were used.
 * `when` formats a date.
 */
export function alteredZoneNote(altered: AlteredCallingCriteria | undefined, alteredParameters: readonly string[], at: Date, when: (iso: string) => string): string | undefined {
  if (altered === undefined) return undefined;
  const until = altered.validUntil === undefined ? undefined : Date.parse(altered.validUntil);
  const from = altered.validFrom === undefined ? undefined : Date.parse(altered.validFrom);
  const endedAt = altered.endedAt === undefined ? undefined : Date.parse(altered.endedAt);
  if (alteredParameters.length > 0) {
    const names = alteredParameters.map((p) => (p in ALTERED_PARAMETER_WORDS ? ALTERED_PARAMETER_WORDS[p as AlteredParameter].label.toLowerCase() : p)).join(', ');
    const end = altered.endedAt ?? altered.validUntil;
    return `Altered Calling Criteria used for ${names}${end === undefined ? '' : `, in force until ${when(end)}`}; authorised by ${altered.authorisedBy}; reason: ${altered.reason}.`;
  }
  if (endedAt !== undefined && endedAt <= at.getTime()) return `Altered Calling Criteria ended ${when(altered.endedAt ?? '')}: not used; the standard criteria apply.`;
  if (until !== undefined && until < at.getTime()) return `Altered Calling Criteria expired ${when(altered.validUntil ?? '')}: not used; the standard criteria apply.`;
  if (from !== undefined && from > at.getTime()) return `Altered Calling Criteria were set ${when(altered.validFrom ?? '')}, after this round: the standard criteria apply to it.`;
  return undefined;
}

const PARAMETER_OF_RULE: Readonly<Record<string, AlteredParameter>> = {
  heartRate: 'heartRate',
  respiratoryRate: 'respiratoryRate',
  spo2: 'spo2',
  systolicBp: 'systolicBp',
  temperature: 'temperature',
};

/**
 * The standard criteria for one vital sign in the child's age band: an altered setting for that
 * vital sign replaces all of them, so the form starts from them. Empty when the band is unknown.
 */
export function standardCriteriaFor(table: CallingCriteriaTable, birthDate: string | undefined, now: Date, parameter: AlteredParameter): AlteredRule[] {
  if (birthDate === undefined) return [];
  const age = calculateAge(birthDate, now);
  if (!age.ok) return [];
  const band = selectAgeBand(table, age.value.value.totalMonths);
  if (!band.ok) return [];
  return band.value.rules.flatMap((r) =>
    r.kind === 'numeric' && PARAMETER_OF_RULE[r.parameter] === parameter ? [{ parameter, comparison: r.comparison, value: r.value, zone: r.zone }] : [],
  );
}

export type RuleInput = { readonly parameter: AlteredParameter; readonly comparison: AlteredRule['comparison']; readonly value: string; readonly zone: AlteredRule['zone'] };

export type EntryCheck = { ok: true; entry: AlteredCriteriaEntry } | { ok: false; problems: string[] };

/** A new setting: at least one criterion, each a possible value; a reason, an authoriser and an end time ahead. */
export function checkAlteredEntry(input: { rules: readonly RuleInput[]; reason: string; authorisedBy: string; validUntil: Date | undefined; validUntilIso: string | undefined }, now: Date): EntryCheck {
  const problems: string[] = [];
  const rules: AlteredRule[] = [];
  if (input.rules.length === 0) problems.push('Add at least one criterion.');
  input.rules.forEach((r, i) => {
    const w = ALTERED_PARAMETER_WORDS[r.parameter];
    const text = r.value.trim();
    const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(value)) {
      problems.push(`Criterion ${i + 1} (${w.label}): enter the threshold as a number in ${w.unit}.`);
      return;
    }
    const check = validateVitalSign(r.parameter, value);
    if (check.status === 'impossible') {
      problems.push(`Criterion ${i + 1} (${w.label}): ${check.reason}`);
      return;
    }
    rules.push({ parameter: r.parameter, comparison: r.comparison, value, zone: r.zone });
  });
  const seen = new Set<string>();
  for (const r of rules) {
    const k = `${r.parameter}${r.comparison}${r.value}${r.zone}`;
    if (seen.has(k)) problems.push(`${describeCriterion(r)} is listed twice.`);
    seen.add(k);
  }
  if (input.reason.trim().length < 3) problems.push('Give the reason for the Altered Calling Criteria.');
  if (input.authorisedBy.trim().length < 2) problems.push('Name the medical officer who authorised them.');
  if (input.validUntil === undefined || input.validUntilIso === undefined) problems.push('Give the end time (day and 24-hour time).');
  else if (input.validUntil.getTime() <= now.getTime()) problems.push('The end time must be later than now.');
  if (problems.length > 0 || input.validUntilIso === undefined) return { ok: false, problems };
  return { ok: true, entry: { rules, reason: input.reason.trim(), authorisedBy: input.authorisedBy.trim(), validUntil: input.validUntilIso } };
}

/**
 * "End these criteria now": a new setting with the same criteria, ended at the moment it is set,
 * with the reason they were ended (the authoriser is carried from the setting ended; who ended
 * them is the record's performer). Written through the same exactly-once path as a new setting.
 */
export function checkEndEntry(ended: AlteredCriteriaRecord, reason: string, atIso: string): EntryCheck {
  if (reason.trim().length < 3) return { ok: false, problems: ['Give the reason for ending the Altered Calling Criteria.'] };
  return { ok: true, entry: { rules: ended.rules, reason: reason.trim(), authorisedBy: ended.authorisedBy, validUntil: atIso } };
}
