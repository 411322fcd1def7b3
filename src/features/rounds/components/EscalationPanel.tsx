import type { AlteredCallingCriteria, CallingCriteriaTable, ItbSituation, SyndromeSign, VitalSignsRound } from '../../../domain';
import type { Contact } from '../escalation';
import { contactsFor, describeTrigger, syndromeGuidance, triggerSource, withdrawalEmergency, zoneFor, zoneView } from '../escalation';
import { SyndromeSteps } from './SyndromeSteps';
import { alteredZoneNote } from '../../../components/ui/altered-criteria';
import { formatWhen } from '../../../components/ui/clinical-format';

type Props = {
  round: VitalSignsRound;
  signs: readonly SyndromeSign[];
  birthDate: string | undefined;
  patientState: 'pending' | 'error' | 'ready';
  now: Date;
  /** The site's zone: the age band is counted on the site's calendar date. */
  timeZone: string;
  criteria: CallingCriteriaTable;
  /** The patient's newest Altered Calling Criteria (applied by the domain only while in force). */
  altered?: AlteredCallingCriteria | undefined;
  criteriaProblem: string | undefined;
  contacts: readonly Contact[];
  situation: ItbSituation;
  /** Entered values refused by validation: named, because they are not in the zone. */
  refused: readonly string[];
  anythingEntered: boolean;
};

/** Live escalation while the round is typed (Guideline §3.4.3–5): zone in colour AND words. */
export function EscalationPanel({ round, signs, birthDate, patientState, now, timeZone, criteria, altered, criteriaProblem, contacts, situation, refused, anythingEntered }: Props) {
  const guidance = syndromeGuidance(signs, situation);
  // A failed patient read still classifies the age-independent values (§3.4.4), never nothing.
  const outcome = patientState === 'pending' ? undefined : zoneFor(round, patientState === 'ready' ? birthDate : undefined, now, criteria, timeZone, altered);
  const zone = outcome?.ok === true && anythingEntered ? outcome.result.zone : undefined;
  const view = outcome?.ok === true && anythingEntered ? zoneView(outcome.result, { signsRecorded: guidance !== undefined, patientUnreadable: patientState === 'error' }) : undefined;
  const withdrawal = withdrawalEmergency(guidance, situation);

  return (
    // Focusable: the panel scrolls inside itself at 1024×768 (sticky, issue 12), and a keyboard
    // user must be able to scroll it (axe scrollable-region-focusable).
    <section className="escalation card" aria-labelledby="escalation-heading" tabIndex={0}>
      <h3 id="escalation-heading">Escalation for this round</h3>
      {criteriaProblem !== undefined && (
        <p className="banner banner--error" role="alert">
          {criteriaProblem}
        </p>
      )}
      <div aria-live="polite" aria-atomic="true">
        {patientState === 'pending' && <p className="muted">Reading the child's age for the zone…</p>}
        {patientState === 'error' && (
          <p className="banner banner--error">The patient's age could not be read: only values that trigger at every age are classified. Use the SPOC chart in the EHR; escalate on concern.</p>
        )}
        {outcome?.ok === false && <p className="banner banner--warning">{outcome.message}</p>}
        {outcome?.ok === true && !anythingEntered && <p className="muted">No values entered yet: the zone appears as you type. A missing value is never a normal value.</p>}
        {withdrawal !== undefined && (
          <div className="withdrawal-banner" role="alert" data-testid="withdrawal-banner">
            <p className="withdrawal-banner__title">▲ SUSPECTED BACLOFEN WITHDRAWAL: A MEDICAL EMERGENCY</p>
            <p>{withdrawal}</p>
          </div>
        )}
        {view !== undefined && outcome?.ok === true && (
          <div className={`zone-box zone-${view.tone}`} data-testid="live-zone">
            <p className="zone-box__title">
              <span aria-hidden="true">{view.tone === 'red' ? '▲ ' : view.tone === 'yellow' ? '■ ' : view.tone === 'normal' ? '● ' : '○ '}</span>
              {view.words}
            </p>
            <p className="zone-box__action">{view.headline}</p>
            {outcome.result.triggers.length > 0 && (
              <ul className="zone-box__triggers" aria-label="Values that triggered the zone">
                {outcome.result.triggers.map((t) => (
                  <li key={`${t.parameter}-${t.zone}`} title={t.derivation}>
                    <strong>{t.zone === 'red' ? 'Red' : 'Yellow'}:</strong> {describeTrigger(t)} <span className="trigger-source">{triggerSource(t, criteria)}</span>
                  </li>
                ))}
              </ul>
            )}
            {(() => {
              const note = alteredZoneNote(altered, outcome.result.alteredParameters, now, (iso) => formatWhen(iso, timeZone));
              return note === undefined ? null : (
                <p className="zone-box__caveat" data-testid="zone-altered-criteria">
                  {note}
                </p>
              );
            })()}
            {view.caveats.map((c) => (
              <p key={c} className="zone-box__caveat">
                {c}
              </p>
            ))}
          </div>
        )}
        {guidance !== undefined && <SyndromeSteps guidance={guidance} testId="syndrome-guidance" />}
      </div>
      {refused.length > 0 && <p className="banner banner--warning">Not in the zone until corrected: {refused.join(', ')}.</p>}
      {(zone === 'yellow' || zone === 'red' || guidance !== undefined) && (
        <div className="contacts">
          <h4>Who to call</h4>
          {contacts.length === 0 ? (
            <p className="banner banner--warning">No contacts are configured for this site: use the ward's escalation list.</p>
          ) : (
            <ul>
              {contactsFor(zone ?? 'red', contacts).map((c) => (
                <li key={`${c.role}-${c.name}`}>
                  <strong>{c.role}</strong>: {c.name}
                  {c.pager !== undefined && <> — {c.pager}</>}
                  {c.phone !== undefined && <> — {c.phone}</>}
                  {c.hours !== undefined && <span className="muted"> ({c.hours})</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {outcome?.ok === true && (
        <p className="source">
          Age band {outcome.result.band === 'unknown' ? 'unknown (no birth date recorded)' : outcome.result.band}; {outcome.source}.{' '}
          {outcome.result.isDefaultTable ? 'DEFAULT table from published sources with derived conservative rules, not the hospital SPOC chart: PowerChart\u2019s SPOC remains the authority.' : criteria.label}
        </p>
      )}
    </section>
  );
}
