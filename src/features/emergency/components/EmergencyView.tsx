import { useId, useState, type ReactNode } from 'react';
import { describeFact, describeProcedure, ENTERED_BY_YOU } from '../../../components/ui/pump-provenance';
import {
  assessWeight,
  calculateWithdrawalRescueDose,
  catheterMayBeInPlace,
  classifySyndrome,
  explainSignsFor,
  LUMBAR_PUNCTURE_WARNING,
  overdoseStepsFor,
  syndromesToShow,
  SYNDROME_SIGNS,
  TEST_DOSE_OVERDOSE_NOTES,
  type ItbSituation,
  toSiteInstantIso,
  WITHDRAWAL_ADJUNCT_MEDICINES,
  WITHDRAWAL_STEPS,
  WEIGHT_FOR_AGE_FIELD,
  type SignPointsTo,
  type SyndromeLikely,
  type SyndromeSign,
} from '../../../domain';
import type { ItbMedications, LatestWeight, ParseIssue, PatientSummary, PumpInfo, Refill } from '../../../fhir';
import { forAgePatient, WeightForAgeCheck } from '../../../components/ui/WeightForAgeCheck';
import { useConfirmedWeight } from '../../../session/confirmed-doses';
import { mayEnterWeight, type SessionWeight } from '../../../session/session-weight';
import { ENTERED_FOR_SESSION, enteredWeightLabel, SessionWeightPanel } from '../../../components/ui/SessionWeight';
import { formatAge } from '../../../components/ui/format';
import { useEmergencyData } from '../api/use-emergency-data';
import { daysAgoText, formatKg, formatNumber, formatWeightUnit, formatWhen, readFailure } from '../../../components/ui/clinical-format';
import './emergency.css';
import { PartialNotice, PassedOverNotice } from '../../../components/ui/read-state';
import { MedicationOrderWarnings } from '../../../components/ui/MedicationOrderWarnings';

type Query<T> = {
  readonly isPending: boolean;
  readonly isError: boolean;
  readonly error: unknown;
  readonly data: T | undefined;
  readonly refetch: () => unknown;
};

/**
 * Emergency mode (issue 7 item 6): withdrawal or overdose guidance for THIS child, one click from
 * every view. The generic guidance never waits for the EHR: it shows at once and stays when a
 * read fails; this child's facts fill in beside it, each saying when it is missing or unreadable.
 */
export function EmergencyView() {
  const data = useEmergencyData();
  const [ticked, setTicked] = useState<ReadonlySet<SyndromeSign>>(new Set());
  const tz = data.site.site.timeZone;
  const asOf = data.asOf ?? null;
  const failed = [
    { what: 'patient details', q: data.patient },
    { what: 'weight', q: data.weight },
    { what: 'medicines', q: data.medications },
    { what: 'pump and procedures', q: data.pump },
    { what: 'test-dose record', q: data.assessments },
  ].filter((f) => f.q.isError);
  const issues: ParseIssue[] = [
    ...(data.weight.data?.issues ?? []),
    ...(data.medications.data?.issues ?? []),
    ...(data.pump.data?.issues ?? []),
    ...(data.assessments.data?.issues ?? []),
  ];
  const classified = classifySyndrome([...ticked]);
  const situation = data.situation;
  const suggestion = classified.ok ? explainSignsFor(situation, classified.value.value.likely, classified.value.value.explanation) : undefined;
  // What the page leads with: the likely syndrome among those that apply to this child.
  const likely: SyndromeLikely = suggestion?.likely ?? 'none';
  const order = syndromesToShow(situation, likely);
  const withdrawalApplies = order.includes('withdrawal');
  const catheter = catheterMayBeInPlace(situation);
  const overdoseSteps = overdoseStepsFor({ pump: situation.kind !== 'no-pump', catheter });
  const pumpFacts = situation.kind !== 'no-pump' || situation.pumpNotRunning;
  const testDoseFact =
    situation.testDose === undefined
      ? undefined
      : { effective: situation.testDose.effective, hoursSince: situation.testDose.hoursSince, micrograms: data.testDoseMicrograms(situation.testDose.effective) };
  const p = data.patient.data;

  return (
    <div className="emergency">
      <header className="em-head">
        <h1>Emergency: baclofen withdrawal or overdose</h1>
        <p className="em-who">
          {data.patient.isPending ? (
            <span role="status">Reading the patient's details…</span>
          ) : p ? (
            <>
              For <strong>{p.name ?? 'name not recorded'}</strong>, {formatAge(p.age)}, MRN {p.mrn ?? 'not recorded'}
              {asOf && (
                <>
                  {' '}
                  · data as of <strong>{formatWhen(asOf, tz)}</strong>
                </>
              )}
            </>
          ) : (
            <span>Patient details could not be read (see below).</span>
          )}
        </p>
      </header>

      {failed.length > 0 && (
        <div role="alert" className="banner banner--error">
          <strong>Could not read from the EHR:</strong> {failed.map((f) => `${f.what} (${readFailure(f.q.error)})`).join('; ')}. The guidance below still applies; check the
          missing facts in the chart or with the family.{' '}
          <button type="button" onClick={() => failed.forEach((f) => void f.q.refetch())}>
            Retry
          </button>
        </div>
      )}
      <PartialNotice issues={issues} />

      <SituationCard situation={situation} tz={tz} />

      {catheter && (
        <p className="em-no-lp" role="note">
          <strong>DO NOT PERFORM A LUMBAR PUNCTURE</strong> – {LUMBAR_PUNCTURE_WARNING.replace(/^DO NOT PERFORM A LUMBAR PUNCTURE – /, '')}
        </p>
      )}

      <section className="card" aria-labelledby="em-signs-h">
        <h2 id="em-signs-h">Which is it? Tick the signs you see</h2>
        <div className="em-sign-groups">
          <SignGroup pointsTo="overdose" title="Point to overdose (too much)" ticked={ticked} onChange={setTicked} />
          <SignGroup pointsTo="withdrawal" title={withdrawalApplies ? 'Point to withdrawal (too little)' : 'Listed for withdrawal (needs a pump running)'} ticked={ticked} onChange={setTicked} />
          <SignGroup pointsTo="either" title="Seen in both" ticked={ticked} onChange={setTicked} />
        </div>
        <div role="status" aria-live="polite" className={`em-suggestion em-suggestion--${suggestion?.likely ?? 'none'}`}>
          {classified.ok && suggestion !== undefined && (
            <>
              <strong>{ticked.size > 0 && suggestion.likely === 'none' ? 'Not ITB withdrawal: no pump running.' : suggestionTitle(suggestion.likely)}</strong> {suggestion.text}{' '}
              <span className="source">
                Guidance, not a diagnosis ({classified.value.source}). {classified.value.notes.join(' ')}
              </span>
            </>
          )}
        </div>
        {ticked.size > 0 && (
          <button type="button" onClick={() => setTicked(new Set())}>
            Clear ticks
          </button>
        )}
      </section>

      <div className={`em-steps${order.length === 1 ? ' em-steps--one' : ''}`} data-testid="em-steps">
        {order.map((kind) =>
          kind === 'withdrawal' ? (
            <section key={kind} className={`card${likely === 'withdrawal' || likely === 'mixed' ? ' em-suggested' : ''}`} aria-labelledby="em-w-h">
              <h2 id="em-w-h">
                Withdrawal: what to do {likely === 'withdrawal' && <span className="status-pill zone-red">Suggested by the ticked signs</span>}
              </h2>
              <section className="em-rescue" aria-labelledby="em-rescue-h">
                <h3 id="em-rescue-h">Withdrawal: oral baclofen rescue dose</h3>
                <RescueDose
                  weight={data.weight}
                  session={data.sessionWeight}
                  patient={data.patient}
                  patientId={data.patientId}
                  asOf={asOf}
                  tz={tz}
                  staleWeightDays={data.site.clinical.staleWeightDays}
                />
              </section>
              <ol>
                {WITHDRAWAL_STEPS.map((st) => (
                  <li key={st}>{st}</li>
                ))}
              </ol>
              <h3>Other medicines (guideline text, not weight-based; prescriber confirms)</h3>
              <ul>
                {WITHDRAWAL_ADJUNCT_MEDICINES.map((m) => (
                  <li key={m.medicine}>
                    <strong>{m.medicine}:</strong> {m.text} <span className="source">({m.source}; {m.note})</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : (
            <section key={kind} className={`card${likely === 'overdose' || likely === 'mixed' ? ' em-suggested' : ''}`} aria-labelledby="em-o-h">
              <h2 id="em-o-h">
                Overdose: what to do {likely === 'overdose' && <span className="status-pill zone-red">Suggested by the ticked signs</span>}
              </h2>
              {situation.kind === 'no-pump' && situation.testDose?.recent === true && (
                <ul className="em-notes">
                  {TEST_DOSE_OVERDOSE_NOTES.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
              <ol>
                {overdoseSteps.map((st) => (
                  <li key={st}>{st}</li>
                ))}
              </ol>
            </section>
          ),
        )}
      </div>

      <section className="card" aria-labelledby="em-facts-h">
        <h2 id="em-facts-h">What the emergency team will ask</h2>
        <TeamFacts medications={data.medications} pump={data.pump} asOf={asOf} tz={tz} pumpFacts={pumpFacts} testDose={testDoseFact} />
      </section>

      <section className="card" aria-labelledby="em-record-h">
        <h2 id="em-record-h">Kids Rehab will also ask</h2>
        <ul>
          <li>Is the child sweating? Is tone high or low (general assessment of tone)? (§5.1.3.4a, §5.2.3.7j)</li>
          <li>Medicines already given, e.g. oral baclofen, diazepam (§5.1.3.4b, §5.2.3.7k)</li>
          <li>Pulse, BP, saturations, temperature, level of alertness (GCS ± AVPU) (§5.2.3.7i)</li>
          {pumpFacts ? (
            <li>Date of the last refill, implant and dose change, and any recent MRI (§5.1.3.4c, §5.2.3.7l): above, under “What the emergency team will ask”.</li>
          ) : (
            <li>When the test dose was given and how much (§3.4.6: the effect peaks at 2–4 hours and wears off by 8 hours): above, under “What the emergency team will ask”.</li>
          )}
        </ul>
      </section>

      <section className="card" aria-labelledby="em-contacts-h">
        <h2 id="em-contacts-h">Contacts</h2>
        {data.site.contacts.length === 0 ? (
          <p className="em-unavailable">No contacts are configured for this site: use the hospital switchboard. Poisons Information Centre 13 11 26 (§5.2.3.3).</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Name</th>
                <th scope="col">Phone or pager</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {data.site.contacts.map((c) => (
                <tr key={`${c.role}|${c.name}`}>
                  <th scope="row">{c.role}</th>
                  <td>{c.name}</td>
                  <td>{[c.phone, c.pager].filter((v) => v !== undefined && v !== '').join('; ') || 'No number configured'}</td>
                  <td>{c.hours ?? 'Any time'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function situationTitle(s: ItbSituation): string {
  switch (s.kind) {
    case 'no-pump':
      return s.testDose?.recent === true ? 'Test-dose day, no pump running: overdose is the danger' : 'No pump running: overdose guidance only';
    case 'pump':
      return 'Pump child: withdrawal or overdose';
    case 'unknown':
      return 'Pump not known: both withdrawal and overdose shown';
    default:
      return s satisfies never;
  }
}

/** Which guidance applies to this child and why (issue 12), before any step. */
function SituationCard({ situation, tz }: { situation: ItbSituation; tz: string }) {
  return (
    <section className={`card em-situation em-situation--${situation.kind}`} aria-labelledby="em-situation-h" data-testid="em-situation">
      <h2 id="em-situation-h">{situationTitle(situation)}</h2>
      {situation.testDose !== undefined && (
        <p className="em-situation__dose">
          Test dose documented {formatWhen(situation.testDose.effective, tz)}.
        </p>
      )}
      <ul>
        {situation.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </section>
  );
}

function suggestionTitle(likely: SyndromeLikely): string {
  switch (likely) {
    case 'withdrawal':
      return 'Points to withdrawal.';
    case 'overdose':
      return 'Points to overdose.';
    case 'mixed':
      return 'Could be either.';
    case 'none':
      return 'No signs ticked.';
    default:
      return likely satisfies never;
  }
}

function SignGroup({
  pointsTo,
  title,
  ticked,
  onChange,
}: {
  pointsTo: SignPointsTo;
  title: string;
  ticked: ReadonlySet<SyndromeSign>;
  onChange: (next: ReadonlySet<SyndromeSign>) => void;
}) {
  const id = useId();
  return (
    <fieldset className="em-sign-group">
      <legend>{title}</legend>
      {SYNDROME_SIGNS.filter((s) => s.pointsTo === pointsTo).map((s) => (
        <div key={s.sign} className="em-sign">
          <input
            type="checkbox"
            id={`${id}-${s.sign}`}
            checked={ticked.has(s.sign)}
            onChange={(e) => {
              const next = new Set(ticked);
              if (e.target.checked) next.add(s.sign);
              else next.delete(s.sign);
              onChange(next);
            }}
          />
          <label htmlFor={`${id}-${s.sign}`}>{s.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function Unavailable({ children }: { children: ReactNode }) {
  return <span className="em-unavailable">{children}</span>;
}

/** The ≤ 30 kg / > 30 kg bands in the guideline's words, shown whenever no dose can be calculated. */
function GuidelineBands() {
  return (
    <ul className="em-bands">
      <li>&lt; 30 kg: 10 mg stat then 4 – 6 hourly, max 60 mg / day</li>
      <li>&gt; 30 kg: 20 mg stat then 4 – 6 hourly, max 120 mg (the guideline does not say per day)</li>
      <li className="source">Exactly 30 kg: the lower band. Guideline §5.1.4.1. The prescriber confirms each dose.</li>
    </ul>
  );
}

function RescueDose({
  weight,
  session,
  patient,
  patientId,
  asOf,
  tz,
  staleWeightDays,
}: {
  weight: Query<LatestWeight>;
  /** The weight entered for this session, where the chart has none usable (issue 11). */
  session: SessionWeight;
  patient: Query<PatientSummary>;
  patientId: string;
  asOf: Date | null;
  tz: string;
  staleWeightDays: number;
}) {
  const latest = weight.data?.latest;
  const entered = latest?.enteredForSession;
  const forAge = useConfirmedWeight(patientId, latest);
  if (weight.isPending) return <p role="status">Reading this child's latest weight…</p>;
  const panel = <SessionWeightPanel session={session} patient={patient.data} timeZone={tz} uses="the rescue dose and every weight-based figure" />;
  const noDose = (why: ReactNode) => (
    <>
      <p className="em-nodose">
        <strong>No dose calculated:</strong> {why} Weigh the child, then use the guideline bands{mayEnterWeight(session.use) ? ', or enter the weight for this session below' : ''}:
      </p>
      <GuidelineBands />
      {panel}
    </>
  );
  if (weight.isError && entered === undefined) {
    return noDose(
      <>
        the weight could not be read ({readFailure(weight.error)}).{' '}
        <button type="button" onClick={() => void weight.refetch()}>
          Retry
        </button>
      </>,
    );
  }
  if (latest === undefined) {
    const skipped = weight.data?.skippedNewer ?? [];
    return (
      <>
        <PassedOverNotice issues={skipped} what="weight" noneUsed />
        {noDose(skipped.length > 0 || (session.use.status !== 'superseded' && session.use.chart === 'none-usable') ? <>no usable weight is recorded for this child.</> : <>no weight is recorded for this child.</>)}
      </>
    );
  }
  if (latest.effective === undefined) return noDose(<>the latest weight has no date.</>);
  if (asOf === null) return noDose(<>the time of the read is unknown.</>);
  // A weight recorded as a date only is that day at the site, not 00:00 UTC.
  const w = { value: latest.original.value, unit: latest.original.unit, recordedAt: toSiteInstantIso(latest.effective, tz) };
  const options = { staleAfterDays: staleWeightDays };
  const assessed = assessWeight(w, asOf, options);
  const child = forAgePatient(patient.data);
  const rescue = calculateWithdrawalRescueDose({ weight: w, now: asOf, weightOptions: options, ...(child === undefined ? {} : { patient: child }), weightConfirmed: forAge.isConfirmed });
  if (!assessed.ok) return noDose(<>{assessed.error.message}</>);
  if (!rescue.ok && rescue.error.field === WEIGHT_FOR_AGE_FIELD) {
    return (
      <>
        <WeightForAgeCheck message={rescue.error.message} onConfirm={forAge.confirm} />
        {noDose(<>the weight is not yet confirmed.</>)}
      </>
    );
  }
  if (!rescue.ok) return noDose(<>{rescue.error.message}</>);
  const r = rescue.value;
  const a = assessed.value.value;
  const max = r.value.maxDoseText.startsWith('max') ? r.value.maxDoseText : `max ${r.value.maxDoseText}`;
  return (
    <>
      {weight.isError && entered !== undefined && (
        <p className="em-warning" role="note">
          <strong>The weight could not be read</strong> ({readFailure(weight.error)}): the dose below is from the weight {ENTERED_FOR_SESSION}.
        </p>
      )}
      {entered === undefined && <PassedOverNotice issues={weight.data?.skippedNewer ?? []} what="weight" />}
      {panel}
      {a.stale && (
        <p className="em-stale" role="note">
          <span className="status-pill zone-yellow">STALE WEIGHT</span> Recorded {a.ageDays} days ago (site limit {staleWeightDays} days): re-weigh before relying on this dose.
        </p>
      )}
      <p className="em-dose" data-testid="rescue-dose">
        <strong>
          {r.value.statDose} mg oral baclofen stat
        </strong>
        , {r.value.repeatInterval}, {max}
      </p>
      <dl className="em-inputs">
        <div>
          <dt>Weight</dt>
          <dd data-testid="rescue-weight">
            {formatKg(r.inputs.weightKg)}
            {entered !== undefined ? ` — ${enteredWeightLabel(entered, tz)}` : latest.original.unit === 'kg' ? '' : ` (recorded as ${latest.original.value} ${formatWeightUnit(latest.original.unit)})`}
          </dd>
        </div>
        <div>
          <dt>{entered === undefined ? 'Weighed' : 'Entered'}</dt>
          <dd>{entered === undefined ? `${formatWhen(latest.effective, tz)} (${daysAgoText(latest.effective, asOf, tz)})` : formatWhen(entered.at, tz)}</dd>
        </div>
        <div>
          <dt>Band</dt>
          <dd data-testid="rescue-band">{r.value.bandText}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>
            {r.source}: “{r.value.guidelineText}”{entered === undefined ? '' : `; weight ${ENTERED_FOR_SESSION}`}
          </dd>
        </div>
      </dl>
      {r.warnings
        .filter((x) => x.code !== 'stale-weight')
        .map((x) => (
          <p key={x.code} className="em-warning">
            <strong>Check:</strong> {x.message}
          </p>
        ))}
      <ul className="source em-notes">
        {child === undefined && <li>Weight not checked against age: {patient.isError ? 'the patient details could not be read' : 'the patient details are not read yet'}.</li>}
        {r.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="em-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** "1 h 30 min ago" for a recent event. */
function sinceText(hours: number): string {
  const minutes = Math.max(0, Math.round(hours * 60));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min ago` : m === 0 ? `${h} h ago` : `${h} h ${m} min ago`;
}

function TeamFacts({
  medications,
  pump,
  asOf,
  tz,
  pumpFacts,
  testDose,
}: {
  medications: Query<ItbMedications>;
  pump: Query<PumpInfo>;
  asOf: Date | null;
  tz: string;
  /** Pump, refill, concentration, implant and MRI rows: only where a pump may be in place. */
  pumpFacts: boolean;
  testDose: { effective: string; hoursSince: number; micrograms: number | undefined } | undefined;
}) {
  const now = asOf ?? new Date(0);
  const event = (at: string | undefined, what: string) =>
    at === undefined ? (
      <Unavailable>{what} not recorded</Unavailable>
    ) : (
      <>
        {formatWhen(at, tz)} ({daysAgoText(at, now, tz)})
      </>
    );
  const medsState = (render: (m: ItbMedications) => ReactNode) =>
    medications.isPending ? (
      <span className="muted">reading…</span>
    ) : medications.isError || medications.data === undefined ? (
      <Unavailable>medicines could not be read: {readFailure(medications.error)}</Unavailable>
    ) : (
      render(medications.data)
    );
  const pumpState = (render: (p: PumpInfo) => ReactNode) =>
    pump.isPending ? (
      <span className="muted">reading…</span>
    ) : pump.isError || pump.data === undefined ? (
      <Unavailable>pump records could not be read: {readFailure(pump.error)}</Unavailable>
    ) : (
      render(pump.data)
    );
  const lastRefill = (p: PumpInfo) => p.refills.find((r) => r.performed !== undefined);

  return (
    <dl className="em-facts">
      {testDose !== undefined && (
        <Fact label="Test dose">
          {testDose.micrograms === undefined ? 'dose not recorded in micrograms' : `${formatNumber(testDose.micrograms)} micrograms intrathecal`}, {formatWhen(testDose.effective, tz)} (
          {testDose.hoursSince < 48 ? sinceText(testDose.hoursSince) : daysAgoText(testDose.effective, now)})
        </Fact>
      )}
      {pumpFacts && (
        <>
      <Fact label="Current dose">
        {medsState((m) =>
          m.current === undefined ? (
            <Unavailable>no active intrathecal baclofen order</Unavailable>
          ) : m.current.dailyDose === undefined ? (
            <Unavailable>
              the current order's dose could not be read
              {m.current.candidate === undefined
                ? ''
                : `: its text states ${formatNumber(m.current.candidate.dailyDose)} micrograms/day, not yet confirmed (confirm it against the order in the doctor view)`}
            </Unavailable>
          ) : (
            <>
              <strong>{formatNumber(m.current.dailyDose)} micrograms/day</strong> intrathecal{m.current.flex ? ' (flex dosing)' : ''}
              {m.current.source !== undefined && (
                <span className="source" title={m.current.sourceDetail}>
                  {' '}
                  — {m.current.source}
                </span>
              )}
              <MedicationOrderWarnings activeIntrathecal={m.activeIntrathecal} unclassified={m.unclassified} timeZone={tz} />
            </>
          ),
        )}
      </Fact>
      <Fact label="Concentration">
        {medsState((m) => {
          const fromRefill = pump.data === undefined ? undefined : lastRefill(pump.data)?.concentration;
          const ordered = m.current?.concentration;
          if (fromRefill !== undefined && ordered !== undefined && fromRefill !== ordered) {
            return (
              <strong>
                Check: the last refill recorded {fromRefill} micrograms/mL but the order says {ordered} micrograms/mL
              </strong>
            );
          }
          const c = fromRefill ?? ordered;
          const refillSource = pump.data === undefined ? undefined : lastRefill(pump.data)?.concentrationFrom;
          return c === undefined ? (
            <Unavailable>not recorded</Unavailable>
          ) : (
            <>
              {c} micrograms/mL
              {fromRefill !== undefined && refillSource !== undefined && refillSource.from !== 'observation' ? (
                <span className="source"> ({describeFact(refillSource, 'last refill')})</span>
              ) : null}
            </>
          );
        })}
      </Fact>
      <Fact label="Pump">
        {pumpState((p) =>
          p.device === undefined ? (
            <Unavailable>no pump device recorded</Unavailable>
          ) : (
            <>
              {[p.device.name, p.device.model].filter(Boolean).join(' ') || 'model not recorded'}
              {p.device.reservoirVolume === undefined ? ', reservoir volume not recorded' : `, reservoir ${p.device.reservoirVolume} mL`}
            </>
          ),
        )}
      </Fact>
      <Fact label="Last refill">
        {pumpState((p) => {
          const r = lastRefill(p);
          return r === undefined ? (
            <Unavailable>no refill recorded</Unavailable>
          ) : (
            <>
              {event(r.performed, 'Refill date')}
              {r.fillVolume === undefined ? '' : `, ${r.fillVolume} mL`}
              <span className="source"> ({describeRefillFacts(r)})</span>
            </>
          );
        })}
      </Fact>
      <Fact label="Implant">
        {pumpState((p) => (
          <>
            {event(p.implantDate, 'Implant date')}
            {p.implant?.match?.by === 'text' ? <span className="source"> ({describeProcedure(p.implant.id, p.implant.match)})</span> : null}
            {p.implantDate === undefined && p.searched !== undefined ? (
              <span className="source">
                {' '}
                (none among the {p.searched.recentRead} most recent procedures, nor by the implant codes across the record)
              </span>
            ) : null}
          </>
        ))}
      </Fact>
      <Fact label="Last dose change">{medsState((m) => event(m.current?.validFrom ?? m.current?.authoredOn, 'Last dose change'))}</Fact>
      <Fact label="Recent MRI">
        {pumpState((p) => {
          const mri = p.procedures.find((x) => x.kind === 'mri');
          return mri === undefined ? (
            <>none among the {p.searched?.recentRead ?? ''} most recent procedures</>
          ) : (
            <>
              {event(mri.performed, 'MRI date')}
              {mri.match?.by === 'text' ? <span className="source"> ({describeProcedure(mri.id, mri.match)})</span> : null}
            </>
          );
        })}
      </Fact>
        </>
      )}
      <Fact label="Oral baclofen">
        {medsState((m) => {
          const active = m.oral.filter((o) => o.status === 'active');
          return active.length === 0 ? (
            <>none active</>
          ) : (
            <>
              {active
                .map((o) => o.text ?? (o.dose === undefined ? 'dose not readable' : `${o.dose} mg${o.timesPerDay === undefined ? '' : ` ${o.timesPerDay} times a day`}`))
                .join('; ')}
            </>
          );
        })}
      </Fact>
    </dl>
  );
}

/** Where the last refill's date and fill volume came from: a code, the refill's text, or entered this session. */
function describeRefillFacts(r: Refill): string {
  const date = r.performedFrom?.from === 'entered' ? `date ${ENTERED_BY_YOU}` : describeProcedure(r.procedureId, r.match);
  return r.fillVolume === undefined ? date : `${date}; fill volume ${describeFact(r.fillVolumeFrom, 'Observation reservoir-fill-volume')}`;
}
