/**
 * The doctor view inside a test session for patient p1, answered from a fake chart: one helper
 * for the doctor view's component suites (each had its own copy of this setup).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { SetupServer } from 'msw/node';
import { nodeClient } from '../../../../test/integration/node-client';
import type { Session } from '../../../app/session';
import { parseSiteConfig, type SiteConfig } from '../../../config/site-config';
import { SessionContext } from '../../../session/session-context';
import { DoctorView } from '../components/DoctorView';
import { chartHandlers, FHIR_BASE, type Chart } from './fhir-fixtures';

/** A Sydney site with one EHR at FHIR_BASE; `clinical` replaces the app's clinical defaults. */
export function doctorTestSite(clinical?: Record<string, unknown>): SiteConfig {
  return parseSiteConfig({
    version: 1,
    site: { name: 'Test hospital', timeZone: 'Australia/Sydney' },
    ehrs: [{ id: 'test', name: 'Test EHR', issuers: [FHIR_BASE], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access'] }],
    ...(clinical === undefined ? {} : { clinical }),
  });
}

/** `overrides` take precedence over the chart's own handlers (msw tries handlers in order). */
export function renderDoctorView(
  server: SetupServer,
  chart: Chart,
  options: { readonly overrides?: Parameters<SetupServer['use']>; readonly site?: SiteConfig; readonly fhirUser?: string } = {},
) {
  server.use(...(options.overrides ?? []), ...chartHandlers(chart));
  const site = options.site ?? doctorTestSite();
  const ehr = site.ehrs[0];
  if (ehr === undefined) throw new Error('The test site has no EHR.');
  // fhirclient's Node entry (vitest resolves the Node build), as src/fhir/reads.test.ts does.
  const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1' });
  const session: Session = { client, patientId: 'p1', encounterId: undefined, fhirUser: options.fhirUser, needPatientBanner: false, smartStyleUrl: undefined, ehr, site };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>
        <DoctorView />
      </QueryClientProvider>
    </SessionContext.Provider>,
  );
}
