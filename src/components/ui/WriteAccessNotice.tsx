import type { WriteGrant } from '../../fhir/scopes';

/**
 * Said before anyone types an entry: this launch may read but not write, so nothing typed here
 * could be saved, and no save or retry is offered that cannot succeed.
 */
export function WriteAccessNotice({ grant, what }: { grant: WriteGrant; what: string }) {
  if (grant.canWrite) return null;
  return (
    <div className="banner banner--warning" role="alert" data-testid="read-only-launch">
      <strong>Read-only launch: {what} cannot be saved to the EHR.</strong> The EHR did not grant this session permission to write observations (granted:{' '}
      {grant.granted.length > 0 ? grant.granted.join(' ') : 'nothing'}). You can view the record. To document, ask the EHR administrator to grant
      Observation write access for ITB Companion, then relaunch from the chart. Write on paper meanwhile.
    </div>
  );
}
