/**
 * The child's ITB situation for the rounds view (issue 12): pump records and intrathecal orders
 * read here, the test-dose injection from the day's rounds. Decides which syndrome steps apply.
 */
import { useQuery } from '@tanstack/react-query';
import { classifyItbSituation, type ItbSituation, type SituationInputs } from '../../../domain';
import { itbMedicationsQueryOptions, pumpQueryOptions, type FhirClient } from '../../../fhir';
import type { DayRoundsState } from './day-rounds';

/** Procedure statuses that mean the test dose was not given (planned, not done, charted in error). */
const NOT_GIVEN: ReadonlySet<string> = new Set(['preparation', 'not-done', 'entered-in-error']);

export function useItbSituation(client: FhirClient, patientId: string, day: DayRoundsState, now: Date): ItbSituation {
  const pump = useQuery(pumpQueryOptions(client, patientId));
  const medications = useQuery(itbMedicationsQueryOptions(client, patientId));
  const pumpKnown: SituationInputs['pump'] = pump.isError
    ? { status: 'error' }
    : pump.isPending
      ? { status: 'pending' }
      : {
          status: 'ready',
          value: {
            deviceRecorded: pump.data.device !== undefined,
            implantDate: pump.data.implantDate,
            testDoseProcedures: pump.data.procedures.flatMap((p) => (p.kind === 'test-dose' && p.performed !== undefined && !NOT_GIVEN.has(p.status) ? [p.performed] : [])),
          },
        };
  return classifyItbSituation({
    now,
    pump: pumpKnown,
    activeIntrathecalOrders: medications.isError ? { status: 'error' } : medications.isPending ? { status: 'pending' } : { status: 'ready', value: medications.data.activeIntrathecal.length },
    testDoseInjections:
      day.status === 'ready' ? { status: 'ready', value: day.data.injection === undefined ? [] : [day.data.injection.effective] } : { status: day.status },
  });
}
