import { lazy, Suspense, type ComponentType } from 'react';
import type { RouteId } from './routes';
import { loadedView, preloadView } from './view-loaders';

export { prefetchView, preloadView } from './view-loaders';

/**
 * React.lazy renders without suspending when its factory's thenable resolves synchronously
 * (React 19 reads the status the `then` callback set), so a view whose code is already here is
 * drawn at once; one that is not suspends until it arrives. One component per route either way.
 */
const lazyOf = (route: RouteId) =>
  lazy((): Promise<{ default: ComponentType }> => {
    const view = loadedView(route);
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
