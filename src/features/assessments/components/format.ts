import { formatWhen } from '../../../components/ui/clinical-format';

/**
 * `13 Sep 2026 08:40` by the app's one clinical-time rule (a UTC value and every computed instant
 * in the site's zone, a value with the patient's own offset in that offset); "time not recorded"
 * when there is none. Never the value's `+00:00` or the machine's zone (issue 13).
 */
export const when = (value: string | Date | undefined, timeZone: string): string => formatWhen(value, timeZone, false, 'time not recorded');
