import type { ComponentType } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { RouteId } from './route-ids';
import type { Session } from './session';

/**
 * One view per role (RoleView); each feature owns its data through the FHIR layer's query options. Each view
 * is its own chunk, so the embedded browser downloads only the view it opens. The view the page
 * opens on is fetched with the session (main.tsx calls preloadView before React has loaded, beside the code exchange),
 * so its reads start as soon as the session is ready: no "Opening the view…" wait and no second
 * wave behind the view's code.
 */
/** A view's code, and for the view a launch opens on, the reads it sends before it is drawn. */
type ViewModule = { readonly view: ComponentType; readonly prefetch?: (queryClient: QueryClient, session: Session) => void };

const loaders: Record<RouteId, () => Promise<ViewModule>> = {
  nurse: () => import('../features/rounds/components/NurseRoundsView').then((m) => ({ view: m.NurseRoundsView })),
  therapist: () => import('../features/assessments/components/TherapistView').then((m) => ({ view: m.TherapistView })),
  doctor: () => import('../features/doctor/components/DoctorView').then((m) => ({ view: m.DoctorView, prefetch: m.prefetchDoctorFirstWave })),
  'action-plan': () => import('../features/action-plan/components/ActionPlanView').then((m) => ({ view: m.ActionPlanView })),
  emergency: () => import('../features/emergency/components/EmergencyView').then((m) => ({ view: m.EmergencyView })),
  refill: () => import('../features/doctor/components/RefillVisitView').then((m) => ({ view: m.RefillVisitView })),
};

const loaded = new Map<RouteId, ViewModule>();
const loading = new Map<RouteId, Promise<ViewModule>>();

/** Fetch a view's code (once); a failed fetch may be tried again. */
export function preloadView(route: RouteId): Promise<ComponentType> {
  let pending = loading.get(route);
  if (pending === undefined) {
    pending = loaders[route]().then((module) => {
      loaded.set(route, module);
      return module;
    });
    pending.catch(() => loading.delete(route));
    loading.set(route, pending);
  }
  return pending.then((m) => m.view);
}

/** Send the reads of a view whose code is here and that has a first wave of its own (the doctor's). */
export function prefetchView(route: RouteId, queryClient: QueryClient, session: Session): void {
  loaded.get(route)?.prefetch?.(queryClient, session);
}

/** The view's component, when its code is here. */
export function loadedView(route: RouteId): ComponentType | undefined {
  return loaded.get(route)?.view;
}
