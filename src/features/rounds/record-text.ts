import type { ObservationRecord } from '../../fhir';

/** What a recorded value says, as recorded (units beside numbers where the header has none). */
export function recordText(r: ObservationRecord | undefined): string {
  if (r === undefined) return '—';
  const v = r.value;
  switch (v.kind) {
    case 'quantity':
      return String(v.value);
    case 'integer':
      return String(v.value);
    case 'boolean':
      return v.value ? 'Yes' : 'No';
    case 'codeable':
      return v.code ?? v.display ?? '?';
    case 'string':
    case 'dateTime':
      return v.value;
    case 'components': {
      const sys = v.components.find((c) => c.key === 'bp-systolic')?.value;
      const dia = v.components.find((c) => c.key === 'bp-diastolic')?.value;
      const n = (x: typeof sys) => (x?.kind === 'quantity' || x?.kind === 'integer' ? String(x.value) : '?');
      return `${n(sys)}/${n(dia)}`;
    }
    case 'absent':
      return `absent${v.reason === undefined ? '' : ` (${v.reason})`}`;
    default:
      return v satisfies never;
  }
}

