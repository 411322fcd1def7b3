import { Suspense, type ComponentType } from 'react';
import { lazyCode } from '../components/ui/lazy-code';
import type { RouteId } from './routes';
import { loadedView, preloadView } from './view-loaders';

export { prefetchView, preloadView } from './view-loaders';

/** One component per route; a view whose code is already here is drawn at once (lazyCode's `loaded`). */
const lazyOf = (route: RouteId) =>
  lazyCode(
    () => preloadView(route),
    () => loadedView(route),
  );
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
