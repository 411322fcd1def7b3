import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { alteredCriteriaQueryOptions, resolveWriteCodes } from '../../../fhir';
import { siteCriteria } from '../../../config/site-criteria';
import { useSession } from '../../../session/session-context';
import { useWriteSetup } from '../../../session/use-write-setup';
import { AlteredCriteriaPanel } from '../../../components/ui/AlteredCriteriaPanel';

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
  const { client, patientId, site, ehr } = useSession();
  const queryClient = useQueryClient();
  const codes = useMemo(() => resolveWriteCodes(ehr.quirks.writeCodes), [ehr.quirks.writeCodes]);
  const table = useMemo(() => siteCriteria(site).table, [site]);
  const setup = useWriteSetup();
  const query = useQuery(alteredCriteriaQueryOptions(client, patientId, codes));
  return (
    <AlteredCriteriaPanel
      client={client}
      setup={setup}
      timeZone={site.site.timeZone}
      now={now}
      birthDate={birthDate}
      table={table}
      query={query}
      onSaved={() => void queryClient.invalidateQueries({ queryKey: ['patient', patientId, 'altered-criteria'] })}
    />
  );
}
