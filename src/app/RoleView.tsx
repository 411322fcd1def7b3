import { lazy, Suspense, type ComponentType } from 'react';
import type { RouteId } from './routes';

/**
 * One view per role; each feature owns its data through the FHIR layer's query options. Each view
 * is its own chunk, so the embedded browser downloads only the view it opens. The view the page
 * opens on is fetched with the session (main.tsx calls preloadView before the code exchange ends),
 * so its reads start as soon as the session is ready: no "Opening the view…" wait and no second
 * wave behind the view's code.
 */
const loaders: Record<RouteId, () => Promise<ComponentType>> = {
  nurse: () => import('../features/rounds/components/NurseRoundsView').then((m) => m.NurseRoundsView),
  therapist: () => import('../features/assessments/components/TherapistView').then((m) => m.TherapistView),
  doctor: () => import('../features/doctor/components/DoctorView').then((m) => m.DoctorView),
  'action-plan': () => import('../features/action-plan/components/ActionPlanView').then((m) => m.ActionPlanView),
  emergency: () => import('../features/emergency/components/EmergencyView').then((m) => m.EmergencyView),
  refill: () => import('../features/doctor/components/RefillVisitView').then((m) => m.RefillVisitView),
};

const loaded = new Map<RouteId, ComponentType>();
const loading = new Map<RouteId, Promise<ComponentType>>();

/** Fetch a view's code (once); a failed fetch may be tried again. */
export function preloadView(route: RouteId): Promise<ComponentType> {
  let pending = loading.get(route);
  if (pending === undefined) {
    pending = loaders[route]().then((view) => {
      loaded.set(route, view);
      return view;
    });
    pending.catch(() => loading.delete(route));
    loading.set(route, pending);
  }
  return pending;
}

/**
 * React.lazy renders without suspending when its factory's thenable resolves synchronously
 * (React 19 reads the status the `then` callback set), so a view whose code is already here is
 * drawn at once; one that is not suspends until it arrives. One component per route either way.
 */
const lazyOf = (route: RouteId) =>
  lazy((): Promise<{ default: ComponentType }> => {
    const view = loaded.get(route);
    if (view === undefined) return preloadView(route).then((v) => ({ default: v }));
    const module = { default: view };
    const resolved = Promise.resolve(module);
    // Only `then` is called by React, and here it calls back at once; the rest is a real promise's.
    return Object.assign(resolved, {
      then: <A, B>(onFulfilled?: ((m: typeof module) => A | PromiseLike<A>) | null, onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> => {
        if (!onFulfilled) return Promise.resolve(module).then<A, B>(undefined, onRejected);
        return Promise.resolve(onFulfilled(module));
      },
    });
  });
const lazyViews: Record<RouteId, ComponentType> = {
  nurse: lazyOf('nurse'),
  therapist: lazyOf('therapist'),
  doctor: lazyOf('doctor'),
  'action-plan': lazyOf('action-plan'),
  emergency: lazyOf('emergency'),
  refill: lazyOf('refill'),
};

function View({ route }: { route: RouteId }) {
  const Current = lazyViews[route];
  return <Current />;
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
