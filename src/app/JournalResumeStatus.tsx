import { useState } from 'react';
import { useJournalResume, useWriteSetup } from '../session/use-write-setup';

/**
 * What the resume of an earlier page's writes found (JournalResumeNotice), in a chunk of its own:
 * the reconciling code (searches, retiring copies, the write strategy) loads only on a page that
 * found leftovers, not on every launch.
 */
export function ResumeStatus() {
  const setup = useWriteSetup();
  const resume = useJournalResume(setup.status === 'ready' ? setup.strategy : undefined);
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  if (setup.status === 'read-only') return null;
  if (setup.status === 'error') {
    return (
      <div className="banner banner--warning" role="alert" data-testid="journal-resume">
        Writes sent before the page reloaded could not be checked yet: the EHR&apos;s capabilities could not be read ({setup.error.message}). Every save checks the chart first.
      </div>
    );
  }
  if (resume.status === 'none') return null;
  if (resume.status === 'pending') {
    const p = resume.progress;
    return (
      <p className="banner banner--info" role="status" data-testid="journal-resume">
        Checking the chart for what was sent before the page reloaded
        {p?.kind === 'waiting-for-earlier-writes' ? ` (waiting up to ${Math.ceil(p.ms / 1000)} s for ${p.items} write${p.items === 1 ? '' : 's'} still on their way)` : ''}… Saving waits for this.
      </p>
    );
  }
  if (resume.status === 'error') {
    return (
      <div className="banner banner--warning" role="alert" data-testid="journal-resume">
        Writes sent before the page reloaded could not be checked: {resume.error.message} Every save checks the chart first, so nothing is written twice.
      </div>
    );
  }
  const groups = resume.result.groups;
  if (groups.length === 0) return null;
  const problem = groups.some((g) => g.error !== undefined || g.unretired.length > 0 || g.mismatched.length > 0);
  return (
    <div className={`banner ${problem ? 'banner--warning' : 'banner--info'}`} role="status" data-testid="journal-resume">
      <strong>Checked what was sent before the page reloaded.</strong>
      <ul>
        {groups.map((g) => (
          <li key={g.groupId}>{g.text}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
