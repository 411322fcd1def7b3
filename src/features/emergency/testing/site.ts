/** Test support: the site configuration the feature tests run under (validated like a real one). */
import { parseSiteConfig } from '../../../config/site-config';

export const FHIR_BASE = 'https://ehr.example/fhir';

export const SITE = parseSiteConfig({
  version: 1,
  site: { name: 'Test Children’s Hospital', timeZone: 'Australia/Sydney' },
  ehrs: [
    {
      id: 'test',
      name: 'Test EHR',
      issuers: [FHIR_BASE],
      clientId: 'itb-companion',
      scopeStyle: 'smart-v1',
      scopes: ['launch', 'openid', 'fhirUser', 'online_access', 'patient/Patient.read'],
    },
  ],
  contacts: [
    { role: 'Rehabilitation Registrar (clinical review)', name: 'Kids Rehab registrar on call', pager: 'Pager 4321' },
    { role: 'Poisons Information', name: 'Poisons Information Centre', phone: '13 11 26' },
  ],
  clinical: { staleWeightDays: 90, refillWarningDays: 14, dailyDoseAlertMicrogramsPerDay: 1000, drugStabilityDays: 180 },
});

