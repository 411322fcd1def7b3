/**
 * Views by role, without React (main.tsx reads the hash before React has loaded). Hash routing keeps the SMART `state` in the query string untouched and works
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

/** The route the hash names, or undefined (no hash, or one the app does not know). */
export function parseRoute(hash: string): RouteId | undefined {
  const id = hash.replace(/^#\/?/, '');
  return routes.find((r) => r.id === id)?.id;
}
