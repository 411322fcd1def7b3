import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../../session/session-context';
import { patientQueryOptions } from '../../../fhir/patient';
import { formatBirthDate, formatAge, formatSex } from '../../../components/ui/format';

/**
 * Who this is, in one compact line. Shown only when the EHR asks for it (`need_patient_banner`);
 * inside a chart that shows its own banner the app does not repeat it.
 */
export function PatientBanner() {
  const { client, patientId, site } = useSession();
  const patient = useQuery(patientQueryOptions(client, patientId, site.site.timeZone));

  if (patient.isPending) {
    return (
      <p className="patient-banner muted" role="status">
        Loading patient…
      </p>
    );
  }
  if (patient.isError) {
    return (
      <div className="patient-banner banner banner--error" role="alert">
        The patient's details could not be read: {patient.error.message}{' '}
        <button type="button" onClick={() => void patient.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  const p = patient.data;
  const name = p.name ?? 'Name not recorded';
  return (
    <section className="patient-banner" aria-label="Patient">
      <span className="patient-banner__name" data-testid="patient-name">
        {name}
      </span>
      <span>Born {formatBirthDate(p.birthDate)}</span>
      <span>{p.birthDateProblem === undefined ? formatAge(p.age) : `age unknown (${p.birthDateProblem})`}</span>
      <span>{formatSex(p.sex)}</span>
      <span>MRN {p.mrn ?? 'not recorded'}</span>
    </section>
  );
}
