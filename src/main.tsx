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
import { routeOf } from './app/routes';
import './app/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

// The opening view's code is fetched while the session starts, and the app renders once both are
// here, so the view's reads go out in the first wave after the code exchange.
const view = preloadView(routeOf(window.location.hash)).catch(() => undefined);

getSession().then(
  async (session) => {
    await view;
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
