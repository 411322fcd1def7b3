import { useState } from 'react';
import type { SaveGroupResult } from '../../fhir';

export type GroupSaveOutcome = SaveGroupResult | { failed: string };

/**
 * One reviewed entry saved as a write group (the injection record, Altered Calling Criteria):
 * whether a save was started (the values are then locked and the next attempt is a retry, which
 * never writes twice), whether one is in flight, and what the last attempt gave.
 */
export function useGroupSave(onComplete: () => void) {
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<GroupSaveOutcome | undefined>();
  const run = async (write: (retry: boolean) => Promise<SaveGroupResult>) => {
    setSaving(true);
    try {
      const r = await write(attempted);
      setAttempted(true);
      setResult(r);
      if (r.complete) onComplete();
    } catch (e) {
      setAttempted(true);
      setResult({ failed: e instanceof Error ? e.message : String(e) });
    } finally {
      setSaving(false);
    }
  };
  return { attempted, saving, result, run };
}

/** What went wrong with the last attempt, if anything: a failure, or items the EHR did not confirm. */
export function GroupSaveProblem({ result, failedLabel }: { result: GroupSaveOutcome | undefined; failedLabel: string }) {
  if (result === undefined) return null;
  if ('failed' in result) {
    return (
      <p className="banner banner--error" role="alert">
        {failedLabel}: {result.failed}
      </p>
    );
  }
  if (result.complete) return null;
  return (
    <p className="banner banner--error" role="alert">
      Not confirmed by the EHR: {result.error?.message ?? 'no confirmation'}. Retry: it will not be written twice.
    </p>
  );
}

/**
 * The review step's buttons, shared by the injection record and the Altered Calling Criteria:
 * save (a retry once a save was started), back to edit (only before any attempt: the values are
 * locked from then on) and cancel, all disabled while a save is in flight.
 */
export function ReviewActions(p: { saving: boolean; attempted: boolean; ready: boolean; saveLabel: string; onSave: () => void; onBack: () => void; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="button" className="primary" disabled={p.saving || !p.ready} onClick={p.onSave}>
        {p.saving ? 'Saving…' : p.attempted ? 'Retry' : p.saveLabel}
      </button>
      {!p.attempted && (
        <button type="button" onClick={p.onBack} disabled={p.saving}>
          Back to edit
        </button>
      )}
      <button type="button" onClick={p.onCancel} disabled={p.saving}>
        Cancel
      </button>
    </div>
  );
}
