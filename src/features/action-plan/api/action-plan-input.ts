/**
 * From what the FHIR layer read to the domain's `ActionPlanInput`. Pure and tested: the view only
 * lays out what `buildActionPlan` returns. Every gap is said in words (a refill without a fill
 * volume, a dose change since the refill that could not be read) instead of becoming a number.
 */
import { toSiteInstantIso, toSiteIso, type ActionPlanContact, type ActionPlanInput, type DoseScheduleEntry, type MicrogramsPerMl } from '../../../domain';
import type { DoseChange, ItbMedications, LatestWeight, PatientSummary, PumpInfo, Refill } from '../../../fhir';
import type { SiteConfig, SiteContact } from '../../../config/site-config';
import { formatNumber } from '../../../components/ui/clinical-format';
import { describeFact, describeMatch, ENTERED_BY_YOU, systemName } from '../../../components/ui/pump-provenance';

/** When a dose took effect: the validity start, else the order date (conventions: authoredOn = change date). */
export const doseStart = (d: DoseChange): string | undefined => d.validFrom ?? d.authoredOn;

const time = (iso: string | undefined): number => (iso === undefined ? Number.NaN : Date.parse(iso));

export type DoseScheduleReading =
  | { readonly kind: 'schedule'; readonly schedule: readonly DoseScheduleEntry[] }
  /** The current order started after the refill: the history is needed for the dose at the fill. */
  | { readonly kind: 'needs-history' }
  | { readonly kind: 'gap'; readonly reason: string };

/**
 * The dose in effect at the refill and every change since (what `forecastRefill` applies
 * piecewise, §4.1.1). `history` is the dose timeline as loaded so far (any order).
 */
export function readDoseScheduleSinceFill(current: DoseChange, fillAt: string, history: readonly DoseChange[] | undefined): DoseScheduleReading {
  const fill = time(fillAt);
  const currentStart = doseStart(current);
  if (current.dailyDose === undefined) return { kind: 'gap', reason: 'The current daily dose could not be read.' };
  if (currentStart === undefined || Number.isNaN(time(currentStart))) return { kind: 'gap', reason: 'The current dose order has no start date.' };
  if (time(currentStart) <= fill) return { kind: 'schedule', schedule: [{ effectiveFrom: currentStart, dailyDose: current.dailyDose }] };
  if (history === undefined) return { kind: 'needs-history' };

  const byId = new Map<string, DoseChange>();
  for (const d of [...history, current]) if (d.status !== 'cancelled') byId.set(d.id, d);
  const ordered = [...byId.values()].filter((d) => !Number.isNaN(time(doseStart(d)))).sort((a, b) => time(doseStart(a)) - time(doseStart(b)));
  const atFill = ordered.filter((d) => time(doseStart(d)) <= fill).at(-1);
  if (atFill === undefined) return { kind: 'gap', reason: 'No dose order in effect at the last refill was found in the dose history.' };
  const since = ordered.filter((d) => time(doseStart(d)) > fill);
  const entries = [atFill, ...since];
  const unreadable = entries.find((d) => d.dailyDose === undefined);
  if (unreadable !== undefined) {
    return { kind: 'gap', reason: `The daily dose of the order from ${doseStart(unreadable) ?? 'an unknown date'} could not be read.` };
  }
  return {
    kind: 'schedule',
    schedule: entries.flatMap((d) => {
      const from = doseStart(d);
      return from === undefined || d.dailyDose === undefined ? [] : [{ effectiveFrom: from, dailyDose: d.dailyDose }];
    }),
  };
}

/** True once the loaded history reaches back to the refill (or there is nothing older to load). */
export function historyCoversFill(history: readonly DoseChange[], fillAt: string): boolean {
  const fill = time(fillAt);
  return history.some((d) => time(doseStart(d)) <= fill);
}

/** Site contacts as the plan prints them: phone and pager together; a missing number is said. */
export function planContacts(contacts: readonly SiteContact[]): ActionPlanContact[] {
  return contacts.map((c) => ({
    role: c.role,
    name: c.name,
    phone: [c.phone, c.pager].filter((v): v is string => v !== undefined && v.trim() !== '').join('; ') || 'No number configured',
    ...(c.hours === undefined ? {} : { when: c.hours }),
    ...(c.forFamily ? { forFamily: true } : {}),
    ...(c.sample ? { sample: true } : {}),
  }));
}

export type PlanGaps = {
  /** Why the refill forecast has no input, when the domain would otherwise say "not recorded". */
  readonly refill?: string;
  /** The last refill date, when known but the fill volume is not (the domain needs both). */
  readonly lastRefillAt?: string;
  readonly weight?: string;
  readonly concentrationMismatch?: { readonly prescribed: MicrogramsPerMl; readonly refilled: MicrogramsPerMl };
  /** Where the concentration on the plan comes from. */
  readonly concentrationFrom?: string;
  /** Where the last refill's date and fill volume come from (a code, its text, or entered this session). */
  readonly refillSource?: string;
  /** The implant and MRI records when they were matched by their text, said on the plan. */
  readonly implantSource?: string;
  readonly mriSource?: string;
  /** What the pump read searched for when it found no implant. */
  readonly implantSearch?: string;
};

/**
 * "matched by its text '…'; fill volume from that text". The printed plan says how each fact was
 * found but leaves record ids to the screen (they are noise to a family or another hospital, and
 * cost the plan its one page).
 */
export function describeRefillSource(refill: Refill): string {
  const date = refill.performedFrom?.from === 'entered' ? `date ${ENTERED_BY_YOU}` : describeMatch(refill.match);
  const sameText = refill.fillVolumeFrom?.from === 'text' && refill.match?.by === 'text' && refill.fillVolumeFrom.text === refill.match.text;
  const volume =
    refill.fillVolume === undefined ? undefined : sameText ? 'fill volume from that text' : `fill volume ${describeFact(refill.fillVolumeFrom, 'Observation reservoir-fill-volume')}`;
  return [date, volume].filter((t): t is string => t !== undefined).join('; ');
}

/** Said on the plan when the pump read found no refill: what it looked for. */
export function describeRefillSearch(pump: PumpInfo): string {
  const s = pump.searched;
  if (s === undefined) return 'No pump refill was found.';
  const codes = s.codes.filter((c) => c.kind === 'pump-refill').map((c) => `${systemName(c.system)} ${c.code}`);
  const where = s.recentRead === 0 ? 'the server returned no procedures for this patient' : `searched the ${s.recentRead} most recent procedures`;
  return `No pump refill was found (${where}, for the codes ${codes.join(', ')} and the site's refill text patterns), so the refill date cannot be forecast.`;
}

/** Said on the plan when the pump read found no implant: what it looked for. */
export function describeImplantSearch(pump: PumpInfo): string {
  const s = pump.searched;
  if (s === undefined) return 'no implant procedure was found';
  const codes = s.codes.filter((c) => c.kind === 'pump-implant' || c.kind === 'pump-replacement').map((c) => `${systemName(c.system)} ${c.code}`);
  const where = s.recentRead === 0 ? 'the server returned no procedures for this patient' : `searched the ${s.recentRead} most recent procedures`;
  return `${where} for an implant or replacement, and the whole record for the codes ${codes.join(', ')}`;
}

export type PlanSourceData = {
  readonly asOf: Date;
  readonly patient: PatientSummary;
  readonly weight: LatestWeight | undefined;
  readonly medications: ItbMedications | undefined;
  readonly pump: PumpInfo | undefined;
  /** The dose timeline loaded so far; undefined when not loaded (not needed or still loading). */
  readonly doseHistory: readonly DoseChange[] | undefined;
  readonly site: SiteConfig;
};

const isFullDate = (d: string | undefined): d is string => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d);

/** The newest refill (the FHIR layer lists them newest first). */
export const latestRefill = (pump: PumpInfo | undefined): Refill | undefined => pump?.refills.find((r) => r.performed !== undefined);

export function assembleActionPlanInput(src: PlanSourceData): { input: ActionPlanInput; gaps: PlanGaps; needsHistory: boolean } {
  const { patient, medications, pump, weight, site } = src;
  // Every date handed to the plan's calculations is the instant it means at the site: a date-only
  // refill, implant or order is that day's 00:00 in the site zone (not 00:00 UTC), and "as of" is
  // written at the site's offset so age is counted on the site's calendar date.
  const tz = site.site.timeZone;
  const atSite = (value: string): string => toSiteInstantIso(value, tz);
  const atSiteOpt = (value: string | undefined): string | undefined => (value === undefined ? undefined : atSite(value));
  const current = medications?.current;
  const device = pump?.device;
  const refill = latestRefill(pump);
  let gaps: PlanGaps = {};
  let needsHistory = false;

  const prescribed = current?.concentration;
  const refilled = refill?.concentration;
  if (prescribed !== undefined && refilled !== undefined && prescribed !== refilled) {
    gaps = { ...gaps, concentrationMismatch: { prescribed, refilled } };
  }
  // What is in the pump is what was filled; the order's concentration when the refill lacks one.
  const concentration = refilled ?? prescribed;
  if (concentration !== undefined) {
    const refillFrom = refill?.concentrationFrom;
    const from =
      refilled === undefined
        ? 'current order'
        : refillFrom?.from === 'entered'
          ? ENTERED_BY_YOU
          : refillFrom?.from === 'text'
            ? `last refill, from its ${refillFrom.field}`
            : 'last refill';
    gaps = { ...gaps, concentrationFrom: from };
  }
  // What the read searched for is said whenever no refill was found, whatever else was (an MRI matched
  // by its text once hid it, leaving only "Last refill not recorded").
  if (refill !== undefined) gaps = { ...gaps, refillSource: describeRefillSource(refill) };
  else if (pump !== undefined) gaps = { ...gaps, refill: describeRefillSearch(pump) };
  const mri = pump?.procedures.find((p) => p.kind === 'mri');
  if (pump?.implant?.match?.by === 'text') gaps = { ...gaps, implantSource: describeMatch(pump.implant.match) };
  if (pump !== undefined && pump.implantDate === undefined) gaps = { ...gaps, implantSearch: describeImplantSearch(pump) };
  if (mri?.match?.by === 'text') gaps = { ...gaps, mriSource: describeMatch(mri.match) };

  let lastRefill: ActionPlanInput['lastRefill'];
  let doseSchedule: readonly DoseScheduleEntry[] | undefined;
  if (refill?.performed !== undefined) {
    if (refill.fillVolume === undefined) {
      gaps = { ...gaps, refill: 'The fill volume of the last refill is not recorded, so the refill date cannot be forecast.', lastRefillAt: refill.performed };
    } else {
      lastRefill = { at: atSite(refill.performed), volume: refill.fillVolume, ...(device?.lowReservoirAlarmVolume === undefined ? {} : { alarmVolume: device.lowReservoirAlarmVolume }) };
      if (current !== undefined) {
        const reading = readDoseScheduleSinceFill(current, refill.performed, src.doseHistory);
        switch (reading.kind) {
          case 'schedule':
            doseSchedule = reading.schedule.map((e) => ({ ...e, effectiveFrom: typeof e.effectiveFrom === 'string' ? atSite(e.effectiveFrom) : e.effectiveFrom }));
            break;
          case 'needs-history':
            needsHistory = true;
            gaps = { ...gaps, refill: 'The dose changed since the last refill: the dose history is being read.' };
            lastRefill = undefined;
            gaps = { ...gaps, lastRefillAt: refill.performed };
            break;
          case 'gap':
            gaps = { ...gaps, refill: reading.reason, lastRefillAt: refill.performed };
            lastRefill = undefined;
            break;
          default:
            return reading satisfies never;
        }
      }
    }
  }

  let weightObs: ActionPlanInput['weight'];
  const latest = weight?.latest;
  if (latest !== undefined) {
    if (latest.effective === undefined) gaps = { ...gaps, weight: 'The latest weight has no date, so no dose is calculated from it.' };
    else weightObs = { value: latest.original.value, unit: latest.original.unit, recordedAt: atSite(latest.effective) };
  }

  const model = [device?.name, device?.model].filter((v): v is string => v !== undefined).join(' ');
  const input: ActionPlanInput = {
    asOf: toSiteIso(src.asOf, tz),
    patient: {
      name: patient.name ?? 'Name not recorded',
      ...(isFullDate(patient.birthDate) ? { birthDate: patient.birthDate } : {}),
      ...(patient.sex === undefined ? {} : { sex: patient.sex }),
      identifiers: patient.mrn === undefined ? [] : [{ label: 'MRN', value: patient.mrn }],
    },
    ...(pump === undefined
      ? {}
      : {
          pump: {
            ...(model === '' ? {} : { model }),
            ...(device?.reservoirVolume === undefined ? {} : { reservoirMl: device.reservoirVolume }),
            ...(pump.implantDate === undefined ? {} : { implantDate: atSite(pump.implantDate) }),
            ...(device?.replacementDate === undefined ? {} : { eriDate: atSite(device.replacementDate) }),
          },
        }),
    ...(current === undefined && concentration === undefined
      ? {}
      : { drug: { name: current?.medication ?? 'Baclofen (intrathecal)', ...(concentration === undefined ? {} : { concentration }) } }),
    ...(current?.dailyDose === undefined ? {} : { currentDose: { dailyDose: current.dailyDose, mode: doseMode(current) } }),
    ...(lastRefill === undefined ? {} : { lastRefill }),
    ...(current === undefined || doseStart(current) === undefined ? {} : { lastDoseChangeAt: atSiteOpt(doseStart(current)) }),
    ...(doseSchedule === undefined ? {} : { doseSchedule }),
    stabilityDays: site.clinical.drugStabilityDays,
    ...(weightObs === undefined ? {} : { weight: weightObs }),
    weightOptions: { staleAfterDays: site.clinical.staleWeightDays },
    ...(pump?.procedures.find((p) => p.kind === 'mri')?.performed === undefined ? {} : { recentMriAt: atSiteOpt(pump.procedures.find((p) => p.kind === 'mri')?.performed) }),
    contacts: planContacts(site.contacts),
  };
  return { input, gaps, needsHistory };
}

/** "Simple continuous" or the flex steps with their start times, in micrograms/hour and /day. */
export function doseMode(d: DoseChange): string {
  if (!d.flex) return 'Simple continuous';
  const steps = d.steps.map((s) => `from ${s.startsAt?.slice(0, 5) ?? '?'} ${formatNumber(s.dailyRate / 24)} micrograms/hour`);
  return `Flex dosing: ${steps.join(', ')}`;
}

