/**
 * The app entry (index.html): completes the SMART launch once, then renders.
 */
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getSession, SessionError } from './app/session';
import { SessionFailurePage } from './app/session-pages';
import { App } from './app/App';
import { preloadView } from './app/RoleView';
import { initialView, parseRoute } from './app/routes';
import './app/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

// The opening view's code is fetched while the session starts, and the app renders once both are
// here, so the view's reads go out in the first wave after the code exchange. Without a view in
// the URL the launch decides (its intent, the user, the site's default); the doctor's summary is
// fetched meanwhile as the likeliest, and the launch's choice, if another, once it is known.
const hashRoute = parseRoute(window.location.hash);
const early = preloadView(hashRoute ?? 'doctor').catch(() => undefined);

getSession().then(
  async (session) => {
    const initial = initialView({ appContext: session.appContext, intent: session.intent, fhirUser: session.fhirUser, launchIntents: session.site.site.launchIntents, defaultView: session.site.site.defaultView });
    const opening = hashRoute ?? (initial.view === 'choose' ? undefined : initial.view);
    await (opening === undefined || opening === (hashRoute ?? 'doctor') ? early : preloadView(opening).catch(() => undefined));
    root.render(
      <StrictMode>
        <App session={session} />
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
