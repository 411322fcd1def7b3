import type { SessionFailure } from './session';

/** What the user sees when there is no usable SMART session, and how to get one. */
export function SessionFailurePage({ failure }: { failure: SessionFailure }) {
  const relaunch = 'Close this window and open ITB Companion again from the patient\'s chart in the EHR.';
  switch (failure.kind) {
    case 'no-launch':
      return (
        <Page title="Open ITB Companion from the patient chart">
          <p>ITB Companion shows one child's intrathecal baclofen therapy. It needs to be opened from that child's chart in the EHR, which tells it who the patient is and signs you in.</p>
          <ol>
            <li>Open the patient's chart in the EHR.</li>
            <li>Choose <strong>ITB Companion</strong> from the chart's menu of apps.</li>
          </ol>
          <p>If you have no EHR, use <a href="launch.html">the sign-in page</a> to choose a patient.</p>
        </Page>
      );
    case 'expired':
      return (
        <Page title="Your session has ended" alert>
          <p>The EHR sign-in for this window has expired or was already used. Nothing you saved is lost.</p>
          <p>{relaunch}</p>
        </Page>
      );
    case 'refused-by-ehr':
      return (
        <Page title="The EHR refused access" alert>
          <p>The EHR said: <q>{failure.message}</q></p>
          <p>{relaunch} If it keeps happening, ask the EHR team to check the app's registration.</p>
        </Page>
      );
    case 'not-configured':
      return (
        <Page title="The app is not configured" alert>
          <p style={{ whiteSpace: 'pre-wrap' }}>{failure.message}</p>
          <p>Ask the EHR team to check site-config.json.</p>
        </Page>
      );
    case 'config-unreachable':
      return (
        <Page title="ITB Companion could not reach its web server" alert>
          <p>{failure.message} It was asked for twice.</p>
          <p>This is the network or the web server, not how the app is set up. Nothing you saved is lost.</p>
          <p>
            <button type="button" onClick={() => window.location.reload()}>
              Try again
            </button>{' '}
            If it keeps failing, close this window and open ITB Companion again from the patient&apos;s chart, or call the EHR team.
          </p>
        </Page>
      );
    case 'unknown-issuer':
      return (
        <Page title="Launch refused: unknown EHR" alert>
          <p>This session belongs to <code>{failure.iss}</code>, which is not configured for this site.</p>
        </Page>
      );
    case 'no-patient':
      return (
        <Page title="No patient was chosen" alert>
          <p>The EHR signed you in but did not say which patient to show. {relaunch}</p>
        </Page>
      );
    case 'failed':
      return (
        <Page title="ITB Companion could not start" alert>
          <p>{failure.message}</p>
          <p>{relaunch}</p>
        </Page>
      );
    default:
      return failure satisfies never;
  }
}

function Page({ title, alert = false, children }: { title: string; alert?: boolean; children: React.ReactNode }) {
  return (
    <main className="session-page">
      <h1>ITB Companion</h1>
      <section className={alert ? 'session-page__alert' : undefined} role={alert ? 'alert' : undefined}>
        <h2>{title}</h2>
        {children}
      </section>
    </main>
  );
}
