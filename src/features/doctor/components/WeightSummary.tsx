import { assessWeight, checkWeightForAge, toSiteInstantIso, type AssessedWeight, type Calculation, type Result } from '../../../domain';
import type { BodyWeight, LatestWeight, PatientSummary } from '../../../fhir';
import { formatAge, formatBirthDate } from '../../../components/ui/format';
import { formatKg, formatWhen } from '../../../components/ui/clinical-format';
import { num } from '../model/format';
import { PartialNotice, PassedOverNotice, Source } from '../../../components/ui/read-state';
import { enteredWeightLabel, weightSourceText } from '../../../components/ui/SessionWeight';

export type WeightAssessment = Result<Calculation<AssessedWeight, { value: number; unit: string; recordedAt: string; now: string; staleAfterMonths: number; staleAfterDays?: number }>>;

/** The latest weight through the clinical core: kg, stale flag at the site's day limit. */
export function assessLatest(latest: BodyWeight | undefined, now: Date, staleWeightDays: number, timeZone: string): WeightAssessment | undefined {
  if (latest === undefined) return undefined;
  if (latest.effective === undefined) {
    return { ok: false, error: { field: 'weight.recordedAt', message: `Weight Observation/${latest.id} has no date: it cannot be checked for staleness.` } };
  }
  // A weight recorded as a date only is that day at the site, not 00:00 UTC.
  return assessWeight({ value: latest.original.value, unit: latest.original.unit, recordedAt: toSiteInstantIso(latest.effective, timeZone) }, now, { staleAfterDays: staleWeightDays });
}

/** The stale-weight warning with the weight rounded for reading (the domain's message keeps full precision). */
export function staleWeightText(assessed: Extract<WeightAssessment, { ok: true }>['value']): string {
  const { kg, ageDays } = assessed.value;
  const limit = assessed.inputs.staleAfterDays === undefined ? `${assessed.inputs.staleAfterMonths} months` : `${assessed.inputs.staleAfterDays} days`;
  return `The latest weight, ${formatKg(kg)}, is ${ageDays} days old (older than ${limit}): re-weigh before relying on anything calculated from it.`;
}

const UNIT_WORDS: Record<string, string> = { kg: 'kg', g: 'g', '[lb_av]': 'lb' };

/** The weight against the published weight-for-age chart for the child's age on the day it was recorded. */
function WeightForAgeLine({ kg, recordedAt, patient, entered }: { kg: number; recordedAt: string; patient: PatientSummary; entered: boolean }) {
  const check = checkWeightForAge({ kg, recordedAt, birthDate: patient.birthDateProblem === undefined ? patient.birthDate : undefined, sex: patient.sex });
  if (!check.ok) return null;
  const c = check.value;
  if (c.status === 'unchecked') return <p className="source">{c.reason}</p>;
  if (c.plausible) return <p className="source" data-testid="weight-for-age">{c.message}</p>;
  return (
    <p className="banner banner--warning" data-testid="weight-for-age">
      <strong>Check the weight:</strong> {c.message}{' '}
      {entered ? 'Confirmed by the clinician when it was entered for this session.' : 'The rescue dose in the action plan and emergency mode waits for that confirmation.'}
    </p>
  );
}

/** "STALE" beside the weight, in words as well as colour. */
export function StalePill({ stale }: { stale: boolean }) {
  return stale ? <span className="status-pill zone-red">STALE</span> : <span className="status-pill zone-normal">Current</span>;
}

export function WeightSummary({
  weight,
  assessed,
  patient,
  timeZone,
}: {
  weight: LatestWeight;
  assessed: WeightAssessment | undefined;
  patient: PatientSummary | undefined;
  timeZone: string;
}) {
  const latest = weight.latest;
  const entered = latest?.enteredForSession;
  return (
    <>
      <PartialNotice issues={weight.issues} what="weight" />
      {latest === undefined ? (
        <p>
          <strong>{weight.skippedNewer.length > 0 || weight.items.length > 0 ? 'No usable weight recorded.' : 'No weight recorded.'}</strong>
        </p>
      ) : assessed !== undefined && !assessed.ok ? (
        <p className="banner banner--error">
          Weight {num(latest.original.value, 2)} {UNIT_WORDS[latest.original.unit] ?? latest.original.unit} cannot be used: {assessed.error.message}
        </p>
      ) : (
        <>
          {entered === undefined && <PassedOverNotice issues={weight.skippedNewer} what="weight" />}
          <p className="figure">
            {/* Cut to one decimal as on the plan and in emergency mode, so one weight reads the same everywhere. */}
            <span data-testid="weight-kg">{formatKg(latest.kg)}</span> {assessed?.ok === true && <StalePill stale={assessed.value.value.stale} />}
          </p>
          {entered !== undefined && <p data-testid="weight-entered">{enteredWeightLabel(entered, timeZone)}</p>}
          <p>
            {entered === undefined ? 'Recorded' : 'Entered'} {formatWhen(entered?.at ?? latest.effective, timeZone)}
            {assessed?.ok === true ? ` (${assessed.value.value.ageDays} days ago)` : ''}
            {latest.original.unit === 'kg' ? '' : `; recorded as ${num(latest.original.value, 2)} ${UNIT_WORDS[latest.original.unit] ?? latest.original.unit}`}.
          </p>
          {assessed?.ok === true && assessed.value.value.stale && (
            <p className="banner banner--warning" data-testid="stale-weight-warning">
              {staleWeightText(assessed.value)}
            </p>
          )}
          {latest.effective !== undefined && patient !== undefined && <WeightForAgeLine kg={latest.kg} recordedAt={toSiteInstantIso(latest.effective, timeZone)} patient={patient} entered={entered !== undefined} />}
          <Source>
            {weightSourceText(latest, timeZone)}
            {assessed?.ok === true && assessed.value.inputs.staleAfterDays !== undefined ? `; stale after ${assessed.value.inputs.staleAfterDays} days (site setting)` : ''}
          </Source>
        </>
      )}
      <h4 className="doctor-subhead">Age</h4>
      <p>
        {patient === undefined ? 'Patient record not read' : `${formatAge(patient.age)} (born ${formatBirthDate(patient.birthDate)})`}
        {patient !== undefined && (
          <span className="source" title="Patient.birthDate">
            {' '}
            — from the patient record&apos;s birth date
          </span>
        )}
      </p>
    </>
  );
}
