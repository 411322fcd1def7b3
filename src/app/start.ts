/**
 * What index.html does once its code exchange is on its way (main.tsx): the doctor's first wave
 * with the token response, the session checked against the site configuration, the EHR's style,
 * then React and the app (app/boot.tsx) and the opening view.
 */
import '../zod-jitless';
import launchConfig from 'virtual:itb-launch-config';
import builtProcedureCodes from 'virtual:itb-first-wave-config';
import type Client from 'fhirclient/lib/Client';
import { getSession } from './session';
import { parseRoute } from './route-ids';
import { preloadView } from './view-loaders';
import { findEhrForIssuer } from '../config/launch-config';
import { sendFirstWave, sendPumpSearches } from '../fhir/first-wave';
import { procedureRecognitionFrom } from '../fhir/procedure-recognition';
import { applySmartStyle } from './smart-style';
import { withRetries } from './retry-code';

/**
 * `ready`: the page's code exchange; `siteConfig`: the site configuration's request, sent beside it;
 * `failed`: shows that the app's code could not be loaded.
 */
export function start(ready: Promise<Client>, siteConfig: Promise<Response>, failed: () => void): void {
  // The opening view's code is fetched while the session starts, and the app renders once both are
  // here, so the view's reads go out in the first wave after the code exchange. Without a view in
  // the URL the launch decides (its intent, the user, the site's default); the doctor's summary is
  // fetched meanwhile as the likeliest, and the launch's choice, if another, once it is known.
  const hashRoute = parseRoute(window.location.hash);
  const doctorFirst = (hashRoute ?? 'doctor') === 'doctor';

  // The doctor's first screen's reads go out with the token response, not after the view's code:
  // only to an EHR of the build's list (the one the launch page checked; the site configuration is
  // checked again before anything is shown), and only for the view they are for. The pump card's
  // searches with them, from the procedure codes the bundle was built with: the served
  // site-config.json, asked for afresh each launch, may come after the first answers.
  let styledAtToken: Promise<boolean> | undefined;
  const session = getSession(
    ready,
    (client) => {
      const ehr = findEhrForIssuer(launchConfig, client.state.serverUrl);
      if (ehr === undefined) return;
      const patientId = client.patient.id;
      const firstWave = doctorFirst && patientId !== null && patientId !== undefined;
      if (firstWave) sendFirstWave(client, String(patientId));
      // The EHR's look next, among the browser's first six requests to the EHR: the first draw waits for it.
      const styleUrl: unknown = client.state.tokenResponse?.smart_style_url;
      if (typeof styleUrl === 'string') styledAtToken = applySmartStyle(styleUrl, [...ehr.issuers, client.state.serverUrl]);
      if (firstWave) sendPumpSearches(client, String(patientId), procedureRecognitionFrom(builtProcedureCodes));
    },
    siteConfig,
  );

  // Should the site have changed its procedure codes since the build, the pump card reads with the
  // served file's (as its own queries do): sent once the session has started (the same searches
  // are not sent twice).
  session.then(
    (s) => {
      if (doctorFirst) sendPumpSearches(s.client, s.patientId, procedureRecognitionFrom(s.site.clinical));
    },
    () => undefined,
  );

  // The EHR's look (smart_style_url) with the token response (sent above, between the first
  // screen's reads and the pump card's, so it is among the browser's first six requests to the
  // EHR), else once the session has started, so the app is drawn in it: applied after the first
  // draw, its fonts moved every link and button under the user's pointer a moment after the
  // screen appeared.
  const styled = session.then(
    (s) => styledAtToken ?? (s.smartStyleUrl === undefined ? false : applySmartStyle(s.smartStyleUrl, [...s.ehr.issuers, s.client.state.serverUrl])),
    () => false,
  );

  // React, the app and the opening view (app/boot.tsx), whose code index.html preloads.
  const early = preloadView(hashRoute ?? 'doctor').catch(() => undefined);
  withRetries(() => import('./boot')).then((m) => m.boot(session, hashRoute, early, styled), failed);
}
