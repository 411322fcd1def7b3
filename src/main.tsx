/**
 * The app entry (index.html): completes the SMART launch once, then renders.
 *
 * The code exchange and the site configuration's request go out first, from a small module graph
 * (fhirclient, the configuration's schema); React and the app (app/boot.tsx, which the page
 * preloads) load beside them instead of before them: evaluating the whole app first held the
 * exchange back by one long task (about 90 ms on two busy cores). The site configuration is asked
 * for before the view's chunks, which would otherwise take the browser's six connections to this
 * host and hold it back.
 */
import './zod-jitless';
import launchConfig from 'virtual:itb-launch-config';
import { getSession } from './app/session';
import { parseRoute } from './app/route-ids';
import { preloadView } from './app/view-loaders';
import { findEhrForIssuer } from './config/launch-config';
import { sendFirstWave, sendPumpSearches } from './fhir/first-wave';
import { procedureRecognitionFrom } from './fhir/procedure-recognition';
import './app/app.css';

// The opening view's code is fetched while the session starts, and the app renders once both are
// here, so the view's reads go out in the first wave after the code exchange. Without a view in
// the URL the launch decides (its intent, the user, the site's default); the doctor's summary is
// fetched meanwhile as the likeliest, and the launch's choice, if another, once it is known.
const hashRoute = parseRoute(window.location.hash);
// The doctor's first screen's reads go out with the token response, not after the view's code: only
// to an EHR of the build's list (the one the launch page checked; the site configuration is
// checked again before anything is shown), and only for the view they are for.
const session = getSession((client) => {
  const patientId = client.patient.id;
  if ((hashRoute ?? 'doctor') !== 'doctor' || patientId === null || patientId === undefined) return;
  if (findEhrForIssuer(launchConfig, client.state.serverUrl) === undefined) return;
  sendFirstWave(client, String(patientId));
});
// The rest of the summary's wave (the pump card's searches need the site's procedure codes) as soon
// as the session has started, beside those four, not once boot's or the view's code is here.
session.then(
  (s) => {
    if ((hashRoute ?? 'doctor') === 'doctor') sendPumpSearches(s.client, s.patientId, procedureRecognitionFrom(s.site.clinical));
  },
  () => undefined,
);
const early = preloadView(hashRoute ?? 'doctor').catch(() => undefined);
import('./app/boot').then(
  (m) => m.boot(session, hashRoute, early),
  () => {
    const root = document.getElementById('root');
    if (root) root.textContent = 'ITB Companion could not be loaded (the network failed). Close this window and open ITB Companion again from the patient chart.';
  },
);
