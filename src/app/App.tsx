import { useEffect, useMemo, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Session } from './session';
import { SessionContext } from '../session/session-context';
import { hrefFor, initialView, routes, useRoute } from './routes';
import type { RouteId } from './routes';
import { ErrorBoundary } from './ErrorBoundary';
import { PatientBanner } from '../features/patient/components/PatientBanner';
import { RoleView } from './RoleView';
import { JournalResumeNotice } from './JournalResumeNotice';

function isSessionExpired(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'kind' in error && error.kind === 'session-expired';
}

/** The app's query client: no refetch on focus, one retry except for an ended session. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Embedded EHR views gain and lose focus constantly; refetch on purpose, not on focus.
      queries: { staleTime: 60_000, refetchOnWindowFocus: false, retry: (count, e) => !isSessionExpired(e) && count < 1 },
      mutations: { retry: false },
    },
  });
}

/** True once any read or write failed because the EHR session ended (also before the app was drawn). */
function useSessionExpired(queryClient: QueryClient): boolean {
  const [expired, setExpired] = useState(() => queryClient.getQueryCache().getAll().some((q) => isSessionExpired(q.state.error)));
  useEffect(() => {
    const queries = queryClient.getQueryCache();
    const mutations = queryClient.getMutationCache();
    const onError = (event: { type: string; action?: { type: string; error?: unknown } }) => {
      if (event.type === 'updated' && event.action?.type === 'error' && isSessionExpired(event.action.error)) setExpired(true);
    };
    const stopQueries = queries.subscribe(onError);
    const stopMutations = mutations.subscribe(onError);
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient]);
  return expired;
}

/**
 * The app for a session. `queryClient` is the one main.tsx sent the opening view's reads with
 * before drawing; without it (tests) the app makes its own.
 */
export function App({ session, queryClient: given }: { session: Session; queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const expired = useSessionExpired(queryClient);
  // The EHR's style (smart_style_url) is applied before the first draw (app/start.ts, boot.tsx).
  const hashRoute = useRoute();
  // Opened without a view in the URL: the launch's role, else the site's default, else ask.
  const initial = useMemo(
    () => initialView({ appContext: session.appContext, intent: session.intent, fhirUser: session.fhirUser, launchIntents: session.site.site.launchIntents, defaultView: session.site.site.defaultView }),
    [session.appContext, session.intent, session.fhirUser, session.site.site.launchIntents, session.site.site.defaultView],
  );
  const route = hashRoute ?? (initial.view === 'choose' ? undefined : initial.view);

  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="app-header">
          <div className="app-header__row">
            <span className="app-header__name">ITB Companion</span>
            <a className={`emergency-button${route === 'emergency' ? ' is-current' : ''}`} href={hrefFor('emergency')} aria-current={route === 'emergency' ? 'page' : undefined}>
              <span aria-hidden="true">⚠ </span>Emergency: withdrawal or overdose
            </a>
          </div>
          {/* SMART need_patient_banner: when false the EHR shows its own banner around the app. */}
          {session.needPatientBanner && <PatientBanner />}
          <nav aria-label="Views" className="app-nav">
            <ul>
              {routes
                .filter((r) => r.id !== 'emergency' && r.id !== 'refill')
                .map((r) => (
                  <li key={r.id}>
                    <a href={hrefFor(r.id)} aria-current={route === r.id ? 'page' : undefined}>
                      {r.label}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
        </header>
        {expired && (
          <div role="alert" className="banner banner--error">
            <strong>Your EHR session has ended.</strong> Anything not yet saved is kept on this screen; close this window and open ITB Companion again from the patient chart, then save again.
          </div>
        )}
        <JournalResumeNotice />
        <main id="main" tabIndex={-1}>
          {route === undefined ? (
            <RolePicker why={initial.why} />
          ) : (
            <ErrorBoundary key={route} area={routeLabel(route)}>
              <RoleView route={route} />
            </ErrorBoundary>
          )}
        </main>
      </QueryClientProvider>
    </SessionContext.Provider>
  );
}

/** No role came with the launch: ask which view, every one a link (keyboard and screen-reader friendly). */
function RolePicker({ why }: { why: string }) {
  return (
    <section className="card role-picker" aria-labelledby="role-picker-heading">
      <h1 id="role-picker-heading">Which view do you need?</h1>
      <p className="muted">{why} Choose your view; the Emergency button above is always one click away.</p>
      <ul className="role-picker__list">
        {routes
          .filter((r) => r.id !== 'emergency')
          .map((r) => (
            <li key={r.id}>
              <a className="role-picker__choice" href={hrefFor(r.id)}>
                {r.label}
              </a>
            </li>
          ))}
      </ul>
    </section>
  );
}

function routeLabel(id: RouteId): string {
  return routes.find((r) => r.id === id)?.label ?? id;
}
