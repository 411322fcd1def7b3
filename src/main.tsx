/**
 * The app entry (index.html): completes the SMART launch once, then renders.
 */
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getSession, SessionError } from './app/session';
import { SessionFailurePage } from './app/session-pages';
import { App } from './app/App';
import './app/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

getSession().then(
  (session) => {
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
