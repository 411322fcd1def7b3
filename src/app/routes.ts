import { useSyncExternalStore } from 'react';

/**
 * Views by role. Hash routing keeps the SMART `state` in the query string untouched and works
 * from a static bundle on any web server.
 */
export const routes = [
  { id: 'nurse', label: 'Nurse: observation rounds' },
  { id: 'therapist', label: 'Therapist: tone assessments' },
  { id: 'doctor', label: 'Doctor: dose and refill' },
  { id: 'action-plan', label: 'ITB action plan' },
  { id: 'emergency', label: 'Emergency' },
  /** Opened from the doctor and nurse views for a child with a pump; not in the views list. */
  { id: 'refill', label: 'Pump refill visit' },
] as const;
export type RouteId = (typeof routes)[number]['id'];

/** The view a hash names (the doctor's summary by default). */
export function routeOf(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '');
  return routes.find((r) => r.id === id)?.id ?? 'doctor';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): RouteId {
  return useSyncExternalStore(subscribe, () => routeOf(window.location.hash));
}

export function hrefFor(id: RouteId): string {
  return `#/${id}`;
}
