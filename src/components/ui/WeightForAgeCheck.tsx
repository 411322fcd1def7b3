/**
 * A weight outside the usual range for the child's age (domain `checkWeightForAge`): the reason,
 * with the reference used, and a way for the clinician to confirm the weight is right. Until then
 * nothing is calculated from it (Guideline §3.2 "check the patient's weight"; §5.1.4.1 the rescue
 * dose band). The confirmation lasts for this session only.
 */
export function WeightForAgeCheck({ message, onConfirm }: { message: string; onConfirm: () => void }) {
  return (
    <div className="banner banner--warning" role="alert" data-testid="weight-for-age">
      <p>
        <strong>Check the weight:</strong> {message}
      </p>
      <button type="button" onClick={onConfirm}>
        I have checked: this weight is right (use it this session)
      </button>
    </div>
  );
}

/** The patient facts the weight-for-age check needs, or undefined while they cannot be used. */
export function forAgePatient(patient: { readonly birthDate: string | undefined; readonly sex: string | undefined; readonly birthDateProblem?: string | undefined } | undefined) {
  if (patient === undefined) return undefined;
  return { birthDate: patient.birthDateProblem === undefined ? patient.birthDate : undefined, sex: patient.sex };
}
