import type { RouteId } from './routes';
import { NurseRoundsView } from '../features/rounds/components/NurseRoundsView';
import { TherapistView } from '../features/assessments/components/TherapistView';
import { DoctorView } from '../features/doctor/components/DoctorView';
import { ActionPlanView } from '../features/action-plan/components/ActionPlanView';
import { EmergencyView } from '../features/emergency/components/EmergencyView';

/** One view per role; each feature owns its data through the FHIR layer's query options. */
export function RoleView({ route }: { route: RouteId }) {
  switch (route) {
    case 'nurse':
      return <NurseRoundsView />;
    case 'therapist':
      return <TherapistView />;
    case 'doctor':
      return <DoctorView />;
    case 'action-plan':
      return <ActionPlanView />;
    case 'emergency':
      return <EmergencyView />;
    default:
      return route satisfies never;
  }
}
