/**
 * Where a pump fact came from, in words, and what the pump read searched for when it found
 * nothing: shared by the doctor view, the action plan and emergency mode so the three say it alike.
 */
import type { FactSource, ProcedureKind, ProcedureMatch, PumpSearch } from '../../fhir';

export const ENTERED_BY_YOU = 'entered by you for this session, not saved to the EHR';

/** "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

const SYSTEM_NAMES: Record<string, string> = {
  'http://snomed.info/sct': 'SNOMED CT',
  'http://www.ama-assn.org/go/cpt': 'CPT',
  'https://itb-companion.example/fhir/CodeSystem/itb-procedure': 'ITB Companion',
};

export const systemName = (system: string) => SYSTEM_NAMES[system] ?? system;

export const KIND_NAMES: Record<ProcedureKind, string> = {
  'pump-implant': 'pump implant',
  'pump-replacement': 'pump replacement',
  'pump-refill': 'pump refill',
  'test-dose': 'test dose',
  'pump-interrogation': 'pump interrogation',
  'catheter-revision': 'catheter revision',
  mri: 'MRI',
};

/** "coded CPT 62369" or "matched by its text 'Intrathecal baclofen pump refill …'". */
export function describeMatch(match: ProcedureMatch | undefined): string {
  if (match === undefined) return 'coded';
  switch (match.by) {
    case 'code':
      return `coded ${systemName(match.system)} ${match.code}`;
    case 'text':
      return `matched by its text '${match.text}'`;
    default:
      return match satisfies never;
  }
}

/** "Procedure/123, matched by its text '…'" — the record a date comes from. */
export function describeProcedure(id: string | undefined, match: ProcedureMatch | undefined): string {
  return `Procedure/${id ?? '?'}, ${describeMatch(match)}`;
}

/** Where a refill's fill volume or concentration came from. */
export function describeFact(source: FactSource | undefined, fallback: string): string {
  if (source === undefined) return fallback;
  switch (source.from) {
    case 'observation':
      return `Observation/${source.id}, part of the refill`;
    case 'text':
      return `from the refill's ${source.field} '${source.text}'`;
    case 'entered':
      return ENTERED_BY_YOU;
    default:
      return source satisfies never;
  }
}

/**
 * What was searched for a kind of procedure: the codes, the text patterns and how many recent
 * procedures were looked at.
 */
export function SearchedFor({ searched, kind, implant = false }: { searched: PumpSearch | undefined; kind: ProcedureKind; implant?: boolean }) {
  if (searched === undefined) return null;
  const kinds: readonly ProcedureKind[] = implant ? ['pump-implant', 'pump-replacement'] : [kind];
  const codes = searched.codes.filter((c) => kinds.includes(c.kind));
  const patterns = searched.text.filter((t) => kinds.includes(t.kind));
  return (
    <div className="searched-for muted" data-testid={`searched-${kind}`}>
      <p>
        {searched.recentRead === 0
          ? `The server returned no Procedures for this patient (asked for the ${searched.recentLimit} most recent). `
          : `Searched the ${searched.recentRead === 1 ? 'one' : searched.recentRead} most recent Procedure${searched.recentRead === 1 ? '' : 's'} of this patient (up to ${searched.recentLimit}${searched.moreOlder ? '; older ones were not read' : ''}) `}
        {searched.recentRead === 0 ? 'Looked for' : 'for'} a {kinds.map((k) => KIND_NAMES[k]).join(' or ')}
        {implant ? ', and the whole record for the implant codes' : ''}:
      </p>
      {/* The codes and patterns themselves are for the technically minded (a site's configuration): one click away. */}
      <details data-technical>
        <summary>The codes and text patterns searched for</summary>
        <ul>
          <li>
            codes: {codes.length === 0 ? 'none configured' : codes.map((c) => `${systemName(c.system)} ${c.code}`).join(', ')}
          </li>
          <li>
            text (case-insensitive):{' '}
            {patterns.length === 0
              ? 'no patterns configured'
              : patterns.map((p, i) => (
                  <span key={i}>
                    {i > 0 ? '; or ' : ''}
                    {p.allOf.map((a, j) => (
                      <span key={j}>
                        {j > 0 ? ' and ' : ''}
                        <code>{a}</code>
                      </span>
                    ))}
                    {p.noneOf.length > 0 ? (
                      <>
                        {' '}
                        but not <code>{p.noneOf.join('|')}</code>
                      </>
                    ) : null}
                  </span>
                ))}
          </li>
        </ul>
      </details>
    </div>
  );
}
