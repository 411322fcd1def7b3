import { formatClinicalDateTime } from '../../../domain';

const OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** The offset a FHIR date-time was written in, e.g. `+10:00` (the patient's, not the machine's). */
export const offsetOf = (value: string | undefined): string | undefined => (value === undefined ? undefined : OFFSET.exec(value.trim())?.[1]);

/** `13 Sep 2026 08:40` in the value's own offset (or the one given); the raw text if unreadable. */
export function when(value: string | Date | undefined, offset?: string): string {
  if (value === undefined) return 'time not recorded';
  const r = formatClinicalDateTime(value, offset);
  if (r.ok) return r.value;
  return typeof value === 'string' ? value : 'time not recorded';
}
