import { useSyncExternalStore } from 'react';
import { LAUNCH_VIEWS, type LaunchView } from '../config/site-config';

import { parseRoute, routes, type RouteId } from './route-ids';

export { parseRoute, routes, type RouteId };

/** Where the view choice came from, said on the picker and tested. */
export type InitialView = { readonly view: RouteId; readonly why: string } | { readonly view: 'choose'; readonly why: string };

/** The `appContext` a CDS card's link sends for the app's emergency guidance (src/cds/cards.ts, issue 18). */
export const EMERGENCY_APP_CONTEXT = 'emergency';

/**
 * The view a launch opens on when the URL names none (issue 12): a CDS card's link asking for the
 * emergency guidance (`appContext` "emergency", issue 18); else the launch's SMART `intent`
 * (mapped by the site, or a view id itself); else the user's type from fhirUser (a patient or a
 * family member opens on the ITB action plan, the family's page); else the site's default view;
 * else a role picker. A Practitioner's fhirUser alone does not say nurse, therapist or doctor.
 */
export function initialView(launch: {
  /** The CDS card link's `appContext` from the token response, when the app was opened from a card. */
  readonly appContext?: string | undefined;
  readonly intent: string | undefined;
  readonly fhirUser: string | undefined;
  readonly launchIntents: Readonly<Record<string, LaunchView>>;
  readonly defaultView: LaunchView | undefined;
}): InitialView {
  if (launch.appContext === EMERGENCY_APP_CONTEXT) return { view: 'emergency', why: 'the EHR alert\'s "ITB emergency guidance" link' };
  if (launch.intent !== undefined) {
    const mapped = launch.launchIntents[launch.intent] ?? (LAUNCH_VIEWS as readonly string[]).find((v) => v === launch.intent);
    const view = routes.find((r) => r.id === mapped)?.id;
    if (view !== undefined) return { view, why: `the launch's intent "${launch.intent}"` };
  }
  const userType = launch.fhirUser?.split('/').at(-2);
  if (userType === 'Patient' || userType === 'RelatedPerson') return { view: 'action-plan', why: `the user is a ${userType === 'Patient' ? 'patient' : 'family member'}` };
  if (launch.defaultView !== undefined) return { view: launch.defaultView, why: 'the site\'s default view' };
  return {
    view: 'choose',
    why: launch.intent === undefined ? 'The EHR did not say which role opened the app, and the site sets no default view.' : `The launch's intent "${launch.intent}" is not one the site maps to a view, and the site sets no default view.`,
  };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The route in the URL's hash, or undefined when it names none. */
export function useRoute(): RouteId | undefined {
  return useSyncExternalStore(subscribe, () => parseRoute(window.location.hash));
}

export function hrefFor(id: RouteId): string {
  return `#/${id}`;
}
