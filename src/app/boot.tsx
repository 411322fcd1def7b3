/**
 * Everything after the session's start (main.tsx): React, the app, the opening view's code and its
 * first reads, then the first draw. Loaded beside the code exchange, not before it.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionError, type Session } from './session';
import { SessionFailurePage } from './session-pages';
import { App, createQueryClient } from './App';
import { prefetchView, preloadView } from './RoleView';
import { initialView, type RouteId } from './routes';

/** `early`: the code of the view the hash names, else the doctor's, asked for by main.tsx. */
export function boot(sessionStarted: Promise<Session>, hashRoute: RouteId | undefined, early: Promise<unknown>): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  const root = createRoot(container);

  sessionStarted.then(
    async (session) => {
      const initial = initialView({ appContext: session.appContext, intent: session.intent, fhirUser: session.fhirUser, launchIntents: session.site.site.launchIntents, defaultView: session.site.site.defaultView });
      const opening = hashRoute ?? (initial.view === 'choose' ? undefined : initial.view);
      await (opening === undefined || opening === (hashRoute ?? 'doctor') ? early : preloadView(opening).catch(() => undefined));
      // The opening view's reads go out now, not once React has drawn the app and the view mounted.
      const queryClient = createQueryClient();
      if (opening !== undefined) prefetchView(opening, queryClient, session);
      root.render(
        <StrictMode>
          <App session={session} queryClient={queryClient} />
        </StrictMode>,
      );
    },
    (e: unknown) => {
      const failure = e instanceof SessionError ? e.failure : { kind: 'failed' as const, message: e instanceof Error ? e.message : String(e) };
      document.title = 'ITB Companion — not connected';
      root.render(
        <StrictMode>
          <SessionFailurePage failure={failure} />
        </StrictMode>,
      );
    },
  );
}
