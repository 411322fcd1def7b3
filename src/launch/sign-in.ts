/**
 * index.html's half of the SMART launch: the code exchange (fhirclient's `ready()`), started by
 * the page's entry before anything else of the app is fetched or evaluated. It needs fhirclient
 * alone, which the launch page has just loaded (the same chunk, from the browser's cache).
 */
import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { keepSmartStateInUrl } from './fhirclient-settings';

export function completeSignIn(): Promise<Client> {
  keepSmartStateInUrl();
  return FHIR.oauth2.ready();
}
