import { useMemo } from 'react';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { AlteredCriteriaRead } from '../../../fhir';
import { siteCriteria } from '../../../config/site-criteria';
import { useSession } from '../../../session/session-context';
import { useWriteSetup } from '../../../session/use-write-setup';
import { AlteredCriteriaPanel } from '../../../components/ui/AlteredCriteriaPanel';

/** The doctor's Altered Calling Criteria panel (DoctorAlteredCriteria loads it as its own chunk). */
export function DoctorAlteredCriteriaPanel({ now, birthDate, query }: { now: Date; birthDate: string | undefined; query: UseQueryResult<AlteredCriteriaRead> }) {
  const { client, patientId, site } = useSession();
  const queryClient = useQueryClient();
  const table = useMemo(() => siteCriteria(site).table, [site]);
  const setup = useWriteSetup();
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
