/**
 * Loading, error (with retry) and partial notices for one read. A failed read is never shown as
 * "not recorded": only a read that succeeded may say that.
 */
import type { ReactNode } from 'react';

/** A record that failed its schema and was left out (the FHIR layer's ParseIssue). */
export interface LeftOutRecord {
  readonly resourceType: string;
  readonly id?: string | undefined;
  readonly path: string;
  readonly message: string;
}

type ReadLike = {
  readonly isPending: boolean;
  readonly isError: boolean;
  readonly error: Error | null;
  readonly isRefetching?: boolean;
  refetch: () => Promise<unknown>;
};

export function ReadState<T>({
  query,
  what,
  children,
}: {
  query: ReadLike & { readonly data: T | undefined };
  /** Names the records in the messages, e.g. "pump records". */
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <p className="muted" role="status">
        Loading {what}…
      </p>
    );
  }
  if (query.isError || query.data === undefined) {
    return <ReadError what={what} error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}

export function ReadError({ what, error, onRetry }: { what: string; error: Error | null; onRetry: () => void }) {
  return (
    <div className="banner banner--error" role="alert">
      <strong>The {what} could not be read.</strong> {error?.message ?? ''} This does not mean nothing is recorded.{' '}
      <button type="button" onClick={onRetry}>
        Retry {what}
      </button>
    </div>
  );
}

/** The kind of record in a clinician's words (the FHIR resource type stays in the tooltip). */
const RECORD_WORDS: Readonly<Record<string, string>> = {
  MedicationRequest: 'Prescription',
  Medication: 'Medicine record',
  Observation: 'Observation',
  Procedure: 'Procedure',
  Device: 'Device record',
  Patient: 'Patient record',
  ServiceRequest: 'Order',
  OperationOutcome: 'Message from the EHR',
  Bundle: 'Search result',
};
export const recordWords = (resourceType: string): string => RECORD_WORDS[resourceType] ?? 'Record';

/** "MedicationRequest/mr1 dosageInstruction[0].timing": where the problem is, as FHIR names it. */
export const technicalName = (i: LeftOutRecord): string => `${i.resourceType}/${i.id ?? '(no id)'}${i.path === '' ? '' : ` ${i.path}`}`;

/**
 * "Partial": some records were unreadable and are left out; each is named. A message the EHR put
 * in the search result (an OperationOutcome: "results limited", "some omitted") is counted apart:
 * it is not a record left out, it says the list itself may be incomplete (issue 15).
 */
export function PartialNotice({ issues, what }: { issues: readonly LeftOutRecord[]; what?: string }) {
  if (issues.length === 0) return null;
  const records = issues.filter((i) => i.resourceType !== 'OperationOutcome').length;
  const messages = issues.length - records;
  const parts = [
    ...(records > 0 ? [`${records} ${what ? `${what} ` : ''}record${records === 1 ? '' : 's'} could not be read as recorded and ${records === 1 ? 'is' : 'are'} not used`] : []),
    ...(messages > 0 ? [`the EHR says the ${what ? `${what} ` : ''}list may be incomplete`] : []),
  ];
  return (
    <details className="banner banner--warning partial-notice">
      <summary>Partial: {parts.join('; ')}</summary>
      <ul>
        {issues.map((i, k) => (
          // The record and the element, as the EHR names them, for the technically minded: a tooltip, never the words shown (issue 11).
          <li key={`${i.resourceType}/${i.id ?? '?'}/${i.path}/${k}`} title={technicalName(i)}>
            {recordWords(i.resourceType)}
            {i.id === undefined && i.resourceType === 'OperationOutcome' ? '' : ` ${i.id ?? '(no id)'}`}: {i.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Where a figure came from: resource type and its date. */
export function Source({ children }: { children: ReactNode }) {
  return <p className="source">Source: {children}</p>;
}

/**
 * Beside a figure taken from an older record: the newer records of the same kind that could not
 * be used, so "the latest usable weight" is never mistaken for "the latest weight entered".
 */
export function PassedOverNotice({ issues, what, compact = false, noneUsed = false }: { issues: readonly LeftOutRecord[]; what: string; compact?: boolean; noneUsed?: boolean }) {
  if (issues.length === 0) return null;
  const n = issues.length;
  // With no figure shown (noneUsed), "not the newest entry" would speak of a figure that is not
  // there: the records are named as the reason there is none.
  const lead = noneUsed
    ? `No usable ${what}: ${n} ${what} record${n === 1 ? '' : 's'} could not be used`
    : `Not the newest ${what} entry: ${n} newer ${what} record${n === 1 ? '' : 's'} could not be used and ${n === 1 ? 'was' : 'were'} passed over`;
  // The printed page (compact) says that newer entries were passed over; the reasons and record
  // ids stay on the screen, where the doctor view lists them.
  return (
    <p className="banner banner--warning" role="note" data-testid="passed-over-notice">
      {lead}
      {compact ? '.' : ` (${issues.map((i) => `${i.resourceType}/${i.id ?? '(no id)'}: ${i.message}`).join('; ')}).`}
    </p>
  );
}
