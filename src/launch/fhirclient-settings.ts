import FHIR from 'fhirclient';
import type { fhirclient } from 'fhirclient/lib/types';

/**
 * Keep fhirclient's SMART state keyed by the URL's `state` parameter instead of one well-known
 * sessionStorage key. PowerChart's embedded browsers can share sessionStorage between instances,
 * and one shared key is how a second launch shows the first patient (client-js PR #9, #199).
 * launch.html and index.html must agree on this, so both call it.
 */
export function keepSmartStateInUrl(): void {
  (FHIR.oauth2.settings as fhirclient.BrowserFHIRSettings).fullSessionStorageSupport = false;
}
