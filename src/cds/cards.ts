/**
 * The CDS Hooks cards (CDS Hooks 2.0 §Card Attributes): pure functions from the chart facts the
 * FHIR readers return and the hook's draft orders to cards. Each card's summary is under 140
 * characters, its indicator says how urgent it is, its source names the guideline section, and it
 * links to the app for this patient (the EHR adds the SMART launch parameters to a `smart` link).
 * The numbers come from src/domain, the same rules the app's views use.
 */
import { createHash } from 'node:crypto';
import {
  assessWeight,
  evaluateDoseChange,
  forecastRefill,
  formatSiteDateTime,
  microgramsPerDay,
  scheduleMriInterrogation,
  siteCalendarDate,
  toSiteInstantIso,
  type DosingSetting,
} from '../domain';
import type { CdsChart } from '../fhir/cds-reads';
import type { DraftSpinalOrder } from '../fhir/cds-orders';
import type { DoseChange } from '../fhir';
import type { DraftItbOrder } from '../fhir/medications';
import { buildDoseSchedule, isTestDoseOrder } from '../features/doctor/model/dose-timeline';
import { planRefillForecast } from '../features/doctor/model/refill-plan';

export type CardIndicator = 'info' | 'warning' | 'critical';

export type CdsLink = { readonly label: string; readonly url: string; readonly type: 'smart' | 'absolute'; readonly appContext?: string };

export type CdsAction =
  | { readonly type: 'delete'; readonly description: string; readonly resourceId: readonly string[] }
  | { readonly type: 'update'; readonly description: string; readonly resource: unknown };

export type CdsSuggestion = { readonly label: string; readonly uuid: string; readonly isRecommended?: boolean; readonly actions: readonly CdsAction[] };

export type CdsCoding = { readonly system: string; readonly code: string; readonly display: string };

export type CdsCard = {
  readonly uuid: string;
  readonly summary: string;
  readonly detail: string;
  readonly indicator: CardIndicator;
  readonly source: { readonly label: string; readonly url?: string; readonly topic: CdsCoding };
  readonly suggestions?: readonly CdsSuggestion[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  readonly overrideReasons?: readonly CdsCoding[];
  readonly links: readonly CdsLink[];
};

/** The site's settings the cards use (site-config `clinical`, `site.timeZone`) and where the app is. */
export type CardSettings = {
  readonly timeZone: string;
  readonly refillWarningDays: number;
  readonly staleWeightDays: number;
  readonly drugStabilityDays: number;
  /** The soft maximum daily dose (site-config `dailyDoseAlertMicrogramsPerDay`, default 1000, §4.1.5). */
  readonly softMaxDailyDose: number;
  readonly doseReductionWarnPercent?: number;
  /** The app's SMART launch page (launch.html). */
  readonly appLaunchUrl: string;
  /** Where the guideline is published for clinicians, when the site has a link. */
  readonly guidelineUrl?: string;
};

/** Card topics: the service's own code system, stable across releases (feedback analytics). */
export const CARD_TOPIC_SYSTEM = 'https://itb-companion.example/cds/card-topic';

/** Reasons a clinician may give for overriding a card (sent back in feedback). */
export const OVERRIDE_REASON_SYSTEM = 'https://itb-companion.example/cds/override-reason';
const OVERRIDE_REASONS: readonly CdsCoding[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'itb-team-aware', display: 'The ITB team is aware and agrees' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'record-out-of-date', display: 'The record is out of date (pump removed or changed)' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'clinical-judgement', display: 'Clinical judgement: benefit outweighs the risk' },
];

const topic = (code: string, display: string): CdsCoding => ({ system: CARD_TOPIC_SYSTEM, code, display });

/**
 * A card's uuid is derived from what it is about (hook instance, topic, subject id), so the same
 * call always yields the same uuids and feedback can name the card without the service keeping
 * any state.
 */
function cardUuid(hookInstance: string, ...parts: readonly string[]): string {
  const h = createHash('sha256').update([hookInstance, ...parts].join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function source(section: string, settings: CardSettings, code: string, display: string): CdsCard['source'] {
  return {
    label: `CHW Intrathecal Baclofen practice guideline ${section}`,
    ...(settings.guidelineUrl === undefined ? {} : { url: settings.guidelineUrl }),
    topic: topic(code, display),
  };
}

const appLink = (settings: CardSettings): CdsLink => ({ label: 'Open ITB Companion', url: settings.appLaunchUrl, type: 'smart' });
/** Emergency mode: the app's withdrawal and overdose guidance for this child (appContext `emergency`, which src/app/routes.ts EMERGENCY_APP_CONTEXT opens). */
const emergencyLink = (settings: CardSettings): CdsLink => ({ label: 'ITB emergency guidance', url: settings.appLaunchUrl, type: 'smart', appContext: 'emergency' });

const num = (n: number, digits = 1): string => {
  if (!Number.isFinite(n)) return 'not readable';
  const rounded = Math.round(n * 10 ** digits) / 10 ** digits;
  return Number.isFinite(rounded) ? String(rounded) : String(n);
};

/** A child has a pump when a pump Device or an implant Procedure is recorded (the doctor view's rule). */
export function hasPump(chart: CdsChart): boolean {
  return chart.pump.device !== undefined || chart.pump.implantDate !== undefined;
}

export type HookContext = { readonly hookInstance: string; readonly now: Date };

// --- patient-view --------------------------------------------------------------------------------

/** "ITB pump: no lumbar puncture or needle access without the ITB team" (§5.1.3.3, §5.2.3.6, §2). */
export function pumpPresentCard(chart: CdsChart, settings: CardSettings, ctx: HookContext): CdsCard {
  const device = chart.pump.device;
  const lines = [
    'This child has an implanted intrathecal baclofen pump with a catheter in the spinal canal.',
    '',
    '- **Do not perform a lumbar puncture** or any spinal needle procedure without the ITB team: the catheter can be damaged (Guideline §5.1.3.3, §5.2.3.6).',
    '- MRI: the pump must be interrogated within 2 hours after the scan (Guideline §2).',
    '- Monopolar diathermy not within 30 cm of the pump; interrogate after surgery with diathermy (Guideline §2).',
    '',
    `Pump: ${device?.model ?? 'model not recorded'}${chart.pump.implantDate === undefined ? '' : `, implanted ${formatSiteDateTime(chart.pump.implantDate, settings.timeZone)}`}.`,
  ];
  return {
    uuid: cardUuid(ctx.hookInstance, 'pump-present', chart.patient.id),
    summary: 'ITB pump: no lumbar puncture or needle access without the ITB team',
    detail: lines.join('\n'),
    indicator: 'warning',
    source: source('§5.1.3.3, §5.2.3.6', settings, 'pump-present', 'ITB pump present'),
    links: [appLink(settings), emergencyLink(settings)],
  };
}

/** Refill due within the site's warning days, or overdue, with every input (§4.1.6, §5.1.1.1). */
export function refillCard(chart: CdsChart, settings: CardSettings, ctx: HookContext): CdsCard | undefined {
  const timeline = chart.medications.timeline.filter((c) => !isTestDoseOrder(c));
  const plan = planRefillForecast(chart.pump, buildDoseSchedule(timeline, settings.timeZone), {
    now: ctx.now,
    moreHistory: false,
    settings: { stabilityDays: settings.drugStabilityDays, dueSoonDays: settings.refillWarningDays },
    timeZone: settings.timeZone,
  });
  if (plan.kind !== 'ready') return undefined;
  const result = forecastRefill(plan.input);
  if (!result.ok) return undefined;
  const f = result.value.value;
  if (f.status === 'ok') return undefined;
  const due = formatSiteDateTime(f.dueDate, settings.timeZone);
  const limit = f.governingLimit === 'reservoir-volume' ? 'low-reservoir alarm' : `${settings.drugStabilityDays}-day drug stability`;
  const days = Math.floor(f.daysUntilDue);
  const when =
    days >= 1
      ? `in ${days} ${days === 1 ? 'day' : 'days'}`
      : siteCalendarDate(f.dueDate, settings.timeZone) === siteCalendarDate(ctx.now, settings.timeZone)
        ? 'today'
        : 'within 24 hours';
  const summary =
    f.status === 'overdue'
      ? `ITB pump refill OVERDUE since ${due} (${limit}): withdrawal risk, contact the ITB team today`
      : `ITB pump refill due ${when}, by ${due} (${limit})`;
  const input = plan.input;
  const detail = [
    f.status === 'overdue'
      ? 'The forecast refill date has passed. A pump that runs low stops delivering baclofen: watch for withdrawal signs (Guideline §5.1.1.1, §5.1.2).'
      : `The refill falls within the site's ${settings.refillWarningDays}-day warning window.`,
    '',
    `- Last refill: ${formatSiteDateTime(plan.refill.performed ?? input.fillDate, settings.timeZone)}, ${num(input.fillVolume)} mL of ${num(input.concentration, 0)} micrograms/mL`,
    `- Current dose: ${num(f.currentDailyDose)} micrograms/day (${num(f.currentDailyVolume, 3)} mL/day)`,
    `- Low-reservoir alarm at ${num(input.alarmVolume ?? 2)} mL (${plan.alarmFrom === 'device' ? 'from the pump record' : 'default'}): reached ${formatSiteDateTime(f.alarmDate, settings.timeZone)}`,
    `- Drug stability ${settings.drugStabilityDays} days: ${formatSiteDateTime(f.stabilityDate, settings.timeZone)}`,
    `- Due: ${due}, the earlier of the two (${limit})`,
    ...plan.cautions.map((c) => `- Caution: ${c}`),
  ].join('\n');
  return {
    uuid: cardUuid(ctx.hookInstance, 'refill', chart.patient.id),
    summary,
    detail,
    indicator: f.status === 'overdue' ? 'critical' : 'warning',
    source: source('§4.1.6', settings, f.status === 'overdue' ? 'refill-overdue' : 'refill-due', f.status === 'overdue' ? 'ITB refill overdue' : 'ITB refill due'),
    links: f.status === 'overdue' ? [appLink(settings), emergencyLink(settings)] : [appLink(settings)],
  };
}

/** An MRI recorded today at the site: interrogate the pump within 2 hours after it (§2; A14). */
export function mriCard(chart: CdsChart, settings: CardSettings, ctx: HookContext): CdsCard | undefined {
  const today = siteCalendarDate(ctx.now, settings.timeZone);
  const mri = chart.pump.procedures.find((p) => p.kind === 'mri' && p.performed !== undefined && toSiteInstantIso(p.performed, settings.timeZone).slice(0, 10) === today);
  if (mri?.performed === undefined) return undefined;
  const mriAt = toSiteInstantIso(mri.performed, settings.timeZone);
  const interrogation = chart.pump.procedures.find((p) => p.kind === 'pump-interrogation' && p.performed !== undefined && Date.parse(toSiteInstantIso(p.performed, settings.timeZone)) >= Date.parse(mriAt));
  const task = scheduleMriInterrogation({ mriEndedAt: mriAt, now: ctx.now, ...(interrogation?.performed === undefined ? {} : { interrogatedAt: toSiteInstantIso(interrogation.performed, settings.timeZone) }) });
  if (!task.ok || task.value.value.status === 'done') return undefined;
  const t = task.value.value;
  const dueBy = formatSiteDateTime(t.dueBy, settings.timeZone);
  return {
    uuid: cardUuid(ctx.hookInstance, 'mri', chart.patient.id, mri.id ?? ''),
    summary: t.status === 'overdue' ? `MRI today: ITB pump interrogation OVERDUE (was due by ${dueBy}), call Kids Rehab now` : `MRI today: interrogate the ITB pump within 2 hours of the scan (by ${dueBy})`,
    detail: [
      `MRI recorded ${formatSiteDateTime(mri.performed, settings.timeZone)}; no pump interrogation is recorded after it.`,
      '',
      'The MRI magnetic field can stall the pump rotor: baclofen is not delivered and withdrawal can follow. Kids Rehab staff interrogate the pump and read the logs no later than 2 hours after the MRI ends (Guideline §2).',
    ].join('\n'),
    indicator: t.status === 'overdue' ? 'critical' : 'warning',
    source: source('§2 (MRI)', settings, 'mri-interrogation', 'Pump interrogation after MRI'),
    links: [appLink(settings), emergencyLink(settings)],
  };
}

/** A pump child's weight older than the site's limit, or none usable: the rescue dose depends on it (§5.1.4.1). */
export function staleWeightCard(chart: CdsChart, settings: CardSettings, ctx: HookContext): CdsCard | undefined {
  const latest = chart.weight.latest;
  const base = {
    uuid: cardUuid(ctx.hookInstance, 'weight', chart.patient.id),
    indicator: 'warning' as const,
    source: source('§5.1.4.1', settings, 'stale-weight', 'Weight for the rescue dose'),
    links: [appLink(settings)],
  };
  const why = 'The oral baclofen rescue dose for ITB withdrawal is chosen by weight (< 30 kg or > 30 kg, Guideline §5.1.4.1).';
  if (latest?.effective === undefined) {
    return { ...base, summary: 'No usable weight recorded for this ITB pump child: weigh before any rescue dose is needed', detail: `${why}\n\nNo usable body weight is recorded.` };
  }
  const assessed = assessWeight({ value: latest.original.value, unit: latest.original.unit, recordedAt: toSiteInstantIso(latest.effective, settings.timeZone) }, ctx.now, { staleAfterDays: settings.staleWeightDays });
  if (!assessed.ok || !assessed.value.value.stale) return undefined;
  const w = assessed.value.value;
  return {
    ...base,
    summary: `Weight ${num(w.kg, 1)} kg is ${w.ageDays} days old (limit ${settings.staleWeightDays}): re-weigh, the ITB rescue dose depends on it`,
    detail: `${why}\n\nLatest weight: ${num(w.kg, 2)} kg recorded ${formatSiteDateTime(latest.effective, settings.timeZone)} (Observation/${latest.id}).`,
  };
}

/** patient-view: the cards for a chart, in order of urgency. A child without a pump gets none of the pump cards. */
export function patientViewCards(chart: CdsChart, settings: CardSettings, ctx: HookContext): CdsCard[] {
  if (!hasPump(chart)) return [];
  const cards = [pumpPresentCard(chart, settings, ctx), refillCard(chart, settings, ctx), mriCard(chart, settings, ctx), staleWeightCard(chart, settings, ctx)].filter(
    (c): c is CdsCard => c !== undefined,
  );
  const rank: Record<CardIndicator, number> = { critical: 0, warning: 1, info: 2 };
  return cards.sort((a, b) => rank[a.indicator] - rank[b.indicator]);
}

// --- order-select / order-sign -------------------------------------------------------------------

/** A lumbar puncture or other intrathecal procedure ordered for a child with a pump: critical. */
export function spinalOrderCard(order: DraftSpinalOrder, chart: CdsChart, settings: CardSettings, ctx: HookContext): CdsCard {
  const what = order.kind === 'lumbar-puncture' ? 'Lumbar puncture' : 'Intrathecal procedure';
  return {
    uuid: cardUuid(ctx.hookInstance, 'spinal-order', order.id),
    summary: `${what} ordered for a child with an ITB pump: the catheter can be damaged, call the ITB team first`,
    detail: [
      `Order: "${order.text}" (ServiceRequest/${order.id}).`,
      '',
      `**DO NOT PERFORM A LUMBAR PUNCTURE** – there is a risk that the catheter will be damaged in the process (Guideline §5.1.3.3, §5.2.3.6). Pump: ${chart.pump.device?.model ?? 'implanted'}.`,
      'If spinal access is essential, the Kids Rehab ITB team plans it with the treating team.',
    ].join('\n'),
    indicator: 'critical',
    source: source('§5.1.3.3, §5.2.3.6', settings, 'spinal-procedure-order', 'Spinal procedure with an ITB pump'),
    suggestions: [
      {
        label: `Remove the ${what.toLowerCase()} order`,
        uuid: cardUuid(ctx.hookInstance, 'spinal-order', order.id, 'remove'),
        isRecommended: true,
        actions: [{ type: 'delete', description: `Remove the draft ${what.toLowerCase()} order`, resourceId: [`ServiceRequest/${order.id}`] }],
      },
    ],
    // One suggestion, so 'any' and 'at-most-one' mean the same here; Epic accepts only 'any'.
    selectionBehavior: 'any',
    overrideReasons: OVERRIDE_REASONS,
    links: [appLink(settings)],
  };
}

function dosingSetting(chart: CdsChart, now: Date, timeZone: string): DosingSetting {
  const implant = chart.pump.implantDate;
  if (implant === undefined) return 'outpatient';
  const days = (now.getTime() - Date.parse(toSiteInstantIso(implant, timeZone))) / 86_400_000;
  // §4.1.3: the +50 micrograms/day step covers the 3 days in hospital after the implant.
  return days >= 0 && days <= 4 ? 'inpatient-post-op' : 'outpatient';
}

/** The current continuous prescription (a test-dose order is not a dose), if its dose was read. */
function currentDose(chart: CdsChart, draftId: string): DoseChange | undefined {
  return chart.medications.activeIntrathecal.find((c) => c.id !== draftId && !isTestDoseOrder(c) && c.dailyDose !== undefined);
}

/**
 * Intrathecal baclofen draft orders: in mg (critical, A15), a step above the titration limits
 * (§4.1.3, §4.1.4), above the soft maximum (§4.1.5), a concentration other than the pump's.
 */
export function itbOrderCards(draft: DraftItbOrder, chart: CdsChart, settings: CardSettings, ctx: HookContext): CdsCard[] {
  const { order } = draft;
  const cards: CdsCard[] = [];
  const links = [appLink(settings)];
  if (draft.inMilligrams) {
    cards.push({
      uuid: cardUuid(ctx.hookInstance, 'itb-mg', order.id),
      summary: 'Intrathecal baclofen ordered in mg: prescribe in micrograms (1 mg = 1000 micrograms)',
      detail: [
        `Order MedicationRequest/${order.id}${order.text === undefined ? '' : `: "${order.text}"`}.`,
        '',
        'Intrathecal baclofen doses are prescribed and programmed in micrograms. A dose in mg is a thousand-fold error waiting to happen, so the service does not convert it: re-enter the dose in micrograms.',
      ].join('\n'),
      indicator: 'critical',
      source: source('§4.1', settings, 'itb-order-mg', 'Intrathecal dose in mg'),
      overrideReasons: OVERRIDE_REASONS,
      links,
    });
    return cards;
  }
  const proposed = order.dailyDose;
  if (proposed !== undefined) {
    const current = currentDose(chart, order.id);
    const lastChangeAt = current === undefined ? undefined : (current.validFrom ?? current.authoredOn);
    if (current?.dailyDose !== undefined && lastChangeAt !== undefined) {
      const setting = dosingSetting(chart, ctx.now, settings.timeZone);
      const evaluated = evaluateDoseChange({
        currentDose: current.dailyDose,
        proposedDose: proposed,
        setting,
        lastChangeAt: toSiteInstantIso(lastChangeAt, settings.timeZone),
        now: ctx.now,
        softMaxDailyDose: microgramsPerDay(settings.softMaxDailyDose),
        ...(settings.doseReductionWarnPercent === undefined ? {} : { reductionWarnPercent: settings.doseReductionWarnPercent }),
      });
      if (evaluated.ok) {
        const e = evaluated.value.value;
        const stepWarnings = evaluated.value.warnings.filter((w) => w.code === 'dose-step-outside-band' || w.code === 'dose-change-too-soon');
        if (e.direction === 'increase' && !e.withinGuidelineStep && stepWarnings.length > 0) {
          const band = setting === 'inpatient-post-op' ? '+50 micrograms/day inpatient step (§4.1.3)' : '5–15% outpatient step every 3–7 days (§4.1.4)';
          const sign = e.absoluteChange > 0 ? '+' : '';
          cards.push({
            uuid: cardUuid(ctx.hookInstance, 'itb-step', order.id),
            summary: `ITB dose step ${num(current.dailyDose)} → ${num(proposed)} micrograms/day (${sign}${num(e.percentChange)}%) is outside the ${setting === 'inpatient-post-op' ? '+50/day' : '5–15%'} step`,
            detail: [
              `Current: ${num(current.dailyDose)} micrograms/day (MedicationRequest/${current.id}, since ${formatSiteDateTime(lastChangeAt, settings.timeZone)}). Proposed: ${num(proposed)} micrograms/day.`,
              `Change: ${sign}${num(e.absoluteChange)} micrograms/day (${sign}${num(e.percentChange)}%), ${num(e.daysSinceLastChange)} days after the last change. Guideline: the ${band}.`,
              '',
              ...stepWarnings.map((w) => `- ${w.message}`),
            ].join('\n'),
            indicator: 'warning',
            source: source(setting === 'inpatient-post-op' ? '§4.1.3' : '§4.1.4', settings, 'itb-step', 'ITB titration step'),
            overrideReasons: OVERRIDE_REASONS,
            links,
          });
        }
      }
    }
    if (proposed > settings.softMaxDailyDose) {
      cards.push({
        uuid: cardUuid(ctx.hookInstance, 'itb-max', order.id),
        summary: `ITB dose ${num(proposed)} micrograms/day is above the ${num(settings.softMaxDailyDose, 0)} micrograms/day maximum: confirm with the ITB team`,
        detail: `A maximum dose varies for each child but can reach up to 1000 micrograms/day for children with significant dystonia (Guideline §4.1.5). The site alerts above ${num(settings.softMaxDailyDose, 0)} micrograms/day.`,
        indicator: 'warning',
        source: source('§4.1.5', settings, 'itb-soft-max', 'ITB soft maximum dose'),
        overrideReasons: OVERRIDE_REASONS,
        links,
      });
    }
  }
  const inPump = chart.pump.refills[0]?.concentration;
  if (order.concentration !== undefined && inPump !== undefined && Math.abs(order.concentration - inPump) > 1e-6) {
    const refill = chart.pump.refills[0];
    cards.push({
      uuid: cardUuid(ctx.hookInstance, 'itb-concentration', order.id),
      summary: `ITB order is ${num(order.concentration, 0)} micrograms/mL but the pump holds ${num(inPump, 0)} micrograms/mL: check the concentration`,
      detail: [
        `Order MedicationRequest/${order.id}: ${num(order.concentration, 0)} micrograms/mL (${order.concentrationSource ?? 'as ordered'}).`,
        `Last refill${refill?.performed === undefined ? '' : ` ${formatSiteDateTime(refill.performed, settings.timeZone)}`}: ${num(inPump, 0)} micrograms/mL.`,
        '',
        'A wrong concentration is a cause of ITB overdose and withdrawal (Guideline §5.2.1.5). The pump must be programmed for the concentration in its reservoir; a change of concentration needs a refill with the new drug.',
      ].join('\n'),
      indicator: 'warning',
      source: source('§4.1.1, §5.2.1.5', settings, 'itb-concentration', 'ITB concentration'),
      overrideReasons: OVERRIDE_REASONS,
      links,
    });
  }
  return cards;
}
