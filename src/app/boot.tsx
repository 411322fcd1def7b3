/**
 * Everything after the session's start (app/start.ts): React, the app, the opening view's code and
 * its first reads, then the first draw, in the EHR's style. Loaded beside the code exchange, not
 * before it.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionError, type Session } from './session';
import { SessionFailurePage } from './session-pages';
import { App, createQueryClient } from './App';
import { prefetchView, preloadView } from './RoleView';
import { initialView, type RouteId } from './routes';

/**
 * How long after the session's start the first draw may wait for the EHR's style
 * (smart_style_url), which is fetched beside the opening view's code: the doctor's reads are
 * already out, another view's go out once it mounts. A style later than this is applied when it
 * comes.
 */
export const STYLE_WAIT_MS = 300;

/** `styled`, or nothing once `ms` have passed, whichever is first. */
function atMost(styled: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([styled, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/**
 * `early`: the code of the view the hash names, else the doctor's, asked for by app/start.ts;
 * `styled`: the EHR's style, applied (or not) once it is in.
 */
export function boot(sessionStarted: Promise<Session>, hashRoute: RouteId | undefined, early: Promise<unknown>, styled: Promise<unknown>): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  const root = createRoot(container);

  sessionStarted.then(
    async (session) => {
      // Counted from here, beside the view's code, not added after it.
      const style = atMost(styled, STYLE_WAIT_MS);
      const initial = initialView({ appContext: session.appContext, intent: session.intent, fhirUser: session.fhirUser, launchIntents: session.site.site.launchIntents, defaultView: session.site.site.defaultView });
      const opening = hashRoute ?? (initial.view === 'choose' ? undefined : initial.view);
      await (opening === undefined || opening === (hashRoute ?? 'doctor') ? early : preloadView(opening).catch(() => undefined));
      // The opening view's reads go out now, not once React has drawn the app and the view mounted.
      const queryClient = createQueryClient();
      if (opening !== undefined) prefetchView(opening, queryClient, session);
      await style;
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
