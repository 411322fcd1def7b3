import { Suspense, useState } from 'react';
import { CodeBoundary, lazyCode } from '../components/ui/lazy-code';
import { leftoverGroups, sessionJournal } from '../fhir/write-journal';
import { useSession } from '../session/session-context';

const ResumeStatus = lazyCode(() => import('./JournalResumeStatus').then((m) => m.ResumeStatus));

/**
 * What the app found of the writes an earlier page left unfinished (a reload, a relaunch in the
 * tab), whichever view opens: checked before anything is saved again (issue 14). Nothing is shown,
 * and nothing requested or loaded, when no page left any.
 */
export function JournalResumeNotice() {
  const { patientId } = useSession();
  const [leftovers] = useState(() => leftoverGroups(sessionJournal(patientId)).length);
  return leftovers === 0 ? null : (
    <CodeBoundary what="The check of the saves an earlier page left unfinished">
      <Suspense fallback={null}>
        <ResumeStatus />
      </Suspense>
    </CodeBoundary>
  );
}
