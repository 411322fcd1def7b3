import { lazy, Suspense } from 'react';
import type { RouteId } from './routes';

/**
 * One view per role; each feature owns its data through the FHIR layer's query options. Views
 * load on first use, so the embedded browser downloads only the view it opens (the doctor's
 * summary by default) before the user sees anything.
 */
const NurseRoundsView = lazy(() => import('../features/rounds/components/NurseRoundsView').then((m) => ({ default: m.NurseRoundsView })));
const TherapistView = lazy(() => import('../features/assessments/components/TherapistView').then((m) => ({ default: m.TherapistView })));
const DoctorView = lazy(() => import('../features/doctor/components/DoctorView').then((m) => ({ default: m.DoctorView })));
const ActionPlanView = lazy(() => import('../features/action-plan/components/ActionPlanView').then((m) => ({ default: m.ActionPlanView })));
const RefillVisitView = lazy(() => import('../features/doctor/components/RefillVisitView').then((m) => ({ default: m.RefillVisitView })));
const EmergencyView = lazy(() => import('../features/emergency/components/EmergencyView').then((m) => ({ default: m.EmergencyView })));

function View({ route }: { route: RouteId }) {
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
    case 'refill':
      return <RefillVisitView />;
    default:
      return route satisfies never;
  }
}

export function RoleView({ route }: { route: RouteId }) {
  return (
    <Suspense
      fallback={
        <p role="status" className="muted">
          Opening the view…
        </p>
      }
    >
      <View route={route} />
    </Suspense>
  );
}
