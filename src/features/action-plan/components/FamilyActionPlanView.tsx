import type { ReactNode } from 'react';
import { buildFamilyActionPlan, SAMPLE_CONTACT_TEXT, type ActionPlan, type FamilySection } from '../../../domain';
import { formatDate, formatWhen } from '../../../components/ui/clinical-format';

/**
 * The family action plan (issue 13 item 6): one A4 page in large type for parents, carers and
 * school, from the same plan as the clinicians' page. `buildFamilyActionPlan` decides the words;
 * this view only lays them out.
 */
export function FamilyActionPlanView({ plan, timeZone, controls }: { plan: ActionPlan; timeZone: string; controls: ReactNode }) {
  const f = buildFamilyActionPlan(plan);
  return (
    <article className="family-plan" aria-labelledby="fp-title">
      <header className="fp-head">
        <h1 id="fp-title">{f.title}</h1>
        {controls}
      </header>
      <div className="fp-emergency" role="note">
        <p className="fp-000">{f.emergency[0]}</p>
        <p>{f.emergency[1]}</p>
      </div>

      <div className="fp-columns">
        <Section section={f.pump} id="fp-pump" />
        <Section section={f.alarm} id="fp-alarm" />
        <Section section={f.withdrawal} id="fp-withdrawal" />
        <Section section={f.overdose} id="fp-overdose" />
        <section className="fp-section" aria-labelledby="fp-refill">
          <h2 id="fp-refill">Next pump refill</h2>
          <p>
            {f.nextRefill.due.available ? <strong data-testid="family-next-refill">{formatDate(f.nextRefill.due.value, timeZone)}</strong> : f.nextRefill.due.reason}
          </p>
          {f.nextRefill.lines.map((l) => (
            <p key={l}>{l}</p>
          ))}
        </section>
        <Section section={f.tellAnyDoctor} id="fp-doctor" />
      </div>

      <section className="fp-section" aria-labelledby="fp-contacts">
        <h2 id="fp-contacts">Who to ring</h2>
        <ul className="fp-contacts">
          <li>
            <strong>Emergency: 000</strong>
          </li>
          {f.contacts.map((c) => (
            <li key={`${c.role}|${c.phone}`}>
              <strong>{c.name ?? c.role}:</strong> {c.phone}
              {c.when === undefined ? '' : ` (${c.when})`}
              {c.sample === true && <em> ({SAMPLE_CONTACT_TEXT})</em>}
            </li>
          ))}
        </ul>
      </section>
      <footer className="fp-foot">
        Made for {f.childName} on {formatWhen(plan.asOf, timeZone)} from the hospital record. Ask the pump team if anything here is not right.
      </footer>
    </article>
  );
}

function Section({ section, id }: { section: FamilySection; id: string }) {
  return (
    <section className="fp-section" aria-labelledby={id}>
      <h2 id={id}>{section.heading}</h2>
      {section.lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
      {section.points !== undefined && (
        <ul>
          {section.points.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
