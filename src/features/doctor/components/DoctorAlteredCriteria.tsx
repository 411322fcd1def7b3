import { Suspense, useEffect, useMemo, useState } from 'react';
import { CodeBoundary, lazyCode } from '../../../components/ui/lazy-code';
import { useQuery } from '@tanstack/react-query';
import { alteredCriteriaQueryOptions, resolveWriteCodes } from '../../../fhir';
import { useSession } from '../../../session/session-context';

/**
 * The panel, with the write path it sets and ends criteria through and the calling-criteria
 * table, is its own chunk (issue 16): the section sits below the summary, so its code is fetched
 * once the first screen is drawn (DoctorView) rather than before it. The read is sent from here,
 * so it still goes out with the second wave whether or not the code is in yet.
 */
export const loadAlteredCriteriaPanel = () => import('./DoctorAlteredCriteriaPanel');
const Panel = lazyCode(() => loadAlteredCriteriaPanel().then((m) => m.DoctorAlteredCriteriaPanel));

/**
 * The child's Altered Calling Criteria in the doctor view (issue 12): the same panel and the same
 * read as the nurse's rounds, so a criterion a doctor sets or ends here is the one the rounds'
 * zone uses. Mounted after the first screen's reads, so its reads join the second wave.
 */
export function DoctorAlteredCriteria({ birthDate }: { birthDate: string | undefined }) {
  // Ticking, unlike the view's fixed read window: whether criteria are in force, and the end-time
  // checks, follow the clock while the view stays open.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  const { client, patientId, ehr } = useSession();
  const codes = useMemo(() => resolveWriteCodes(ehr.quirks.writeCodes), [ehr.quirks.writeCodes]);
  const query = useQuery(alteredCriteriaQueryOptions(client, patientId, codes));
  return (
    <CodeBoundary what="The Altered Calling Criteria">
      <Suspense
        fallback={
          <section className="card altered-criteria" aria-labelledby="acc-heading" data-testid="altered-criteria">
            <h2 id="acc-heading">Altered Calling Criteria</h2>
            <p className="muted" role="status">
              Reading the Altered Calling Criteria…
            </p>
          </section>
        }
      >
        <Panel now={now} birthDate={birthDate} query={query} />
      </Suspense>
    </CodeBoundary>
  );
}
