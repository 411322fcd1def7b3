/**
 * The app entry (index.html): completes the SMART launch once, then renders.
 *
 * The code exchange goes out first, from fhirclient alone (src/launch/sign-in.ts; the launch page
 * has just loaded the same chunk): with the site configuration's schema and the first wave's code
 * in the entry's graph as well, it waited on the last of their chunks to arrive and evaluate,
 * 60-100 ms on two busy cores. The site configuration's request goes out with it, always to the
 * host (src/config/site-config-request.ts). The rest (app/start.ts; the doctor's first wave, then
 * React and the app, app/boot.tsx) loads beside it: index.html preloads it all, start first.
 * Evaluating the whole app first once held the exchange back by one long task (about 90 ms).
 */
import { completeSignIn } from './launch/sign-in';
import { requestSiteConfig } from './config/site-config-request';
import { withRetries } from './app/retry-code';
import './app/app.css';

const ready = completeSignIn();
const siteConfig = requestSiteConfig();
// Their failures are the session's to show (app/start.ts), once that module is here.
ready.catch(() => undefined);
siteConfig.catch(() => undefined);

/** The app's code did not come, three times: say so, with a Try again (a reload keeps the signed-in session). */
function failed(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const box = document.createElement('section');
  box.setAttribute('role', 'alert');
  box.className = 'boot-failed';
  const what = document.createElement('p');
  what.textContent = 'ITB Companion could not be loaded (the network failed). Nothing you saved is lost.';
  const again = document.createElement('button');
  again.type = 'button';
  again.textContent = 'Try again';
  again.addEventListener('click', () => window.location.reload());
  const next = document.createElement('p');
  next.append(again, ' If it keeps failing, close this window and open ITB Companion again from the patient chart.');
  box.append(what, next);
  root.replaceChildren(box);
}

withRetries(() => import('./app/start')).then((m) => m.start(ready, siteConfig, failed), failed);
