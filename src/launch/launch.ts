/**
 * The SMART launch entry (launch.html). It only checks the launch against the EHRs of the site
 * configuration (validated at build time and shipped in this bundle: no validator here and no
 * request before authorize) and runs fhirclient's pure build: no React, no polyfills, so the
 * EHR's launch redirect is quick even in a slow embedded browser.
 */
import FHIR from 'fhirclient';
import config from 'virtual:itb-launch-config';
import { keepSmartStateInUrl } from './fhirclient-settings';
import { decideLaunch, newStateKey } from './launch-request';
import type { LaunchEhr } from '../config/launch-config';

const root = document.getElementById('launch') as HTMLElement;

function show(...nodes: Node[]): void {
  root.replaceChildren(...nodes);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function refuse(title: string, ...lines: (string | Node)[]): void {
  const box = el('section', undefined, { class: 'refused', role: 'alert' });
  box.append(el('h2', title), ...lines.map((l) => (typeof l === 'string' ? el('p', l) : l)));
  show(el('h1', 'ITB Companion'), box);
  document.title = `ITB Companion — ${title}`;
}

/** Authorize inside this window, even when framed: PowerChart has no pop-ups (smart-ecosystem §2). */
async function authorize(ehr: LaunchEhr, iss: string, scope: string, launch?: string): Promise<void> {
  keepSmartStateInUrl();
  await FHIR.oauth2.authorize({
    iss,
    ...(launch ? { launch } : {}),
    clientId: ehr.clientId,
    scope,
    redirectUri: 'index.html',
    pkceMode: 'required',
    completeInTarget: true,
    stateKey: newStateKey(),
  });
}

async function main(): Promise<void> {
  const decision = decideLaunch(window.location.search, config);
  switch (decision.kind) {
    case 'refused': {
      switch (decision.reason) {
        case 'unknown-issuer': {
          const iss = el('code', decision.detail);
          const p = el('p', 'This launch came from ');
          p.append(iss, document.createTextNode(', which is not one of the EHRs configured for this site. It was not contacted and nothing was sent to it.'));
          refuse('Launch refused: unknown EHR', p, 'If this EHR should be allowed, ask the EHR team to add it to the site configuration.');
          return;
        }
        case 'forbidden-parameter':
          refuse('Launch refused', decision.detail, 'Open ITB Companion from the patient chart instead.');
          return;
        case 'malformed-issuer':
          refuse('Launch refused', decision.detail, 'Open ITB Companion from the patient chart instead.');
          return;
        case 'standalone-not-allowed':
          refuse('Open this from the patient chart', `${decision.detail} allows ITB Companion only from within a patient's chart.`);
          return;
        default:
          decision.reason satisfies never;
          return;
      }
    }
    case 'choose-standalone': {
      const items = decision.ehrs.map((ehr) => {
        const li = el('li');
        const button = el('button', `Sign in to ${ehr.name} and choose a patient`, { type: 'button' });
        button.addEventListener('click', () => {
          const iss = ehr.issuers[0];
          if (!iss) return;
          const scope = ['launch/patient', ...ehr.scopes.filter((s) => s !== 'launch' && s !== 'launch/patient')].join(' ');
          authorize(ehr, iss, scope).catch(showLaunchError);
        });
        li.append(button);
        return li;
      });
      const list = el('ul');
      list.append(...items);
      show(
        el('h1', 'ITB Companion'),
        el('p', 'ITB Companion opens from a patient\'s chart in the EHR, which tells it which child to show.'),
        ...(items.length ? [el('p', 'Or sign in and choose a patient:'), list] : []),
      );
      return;
    }
    case 'ehr-launch':
      await authorize(decision.ehr, decision.iss, decision.scope, decision.launch);
      return;
    case 'standalone':
      await authorize(decision.ehr, decision.iss, decision.scope);
      return;
    default:
      decision satisfies never;
  }
}

function showLaunchError(e: unknown): void {
  refuse(
    'The EHR could not be reached',
    e instanceof Error ? e.message : 'The launch failed.',
    'Close this window and open ITB Companion again from the patient chart.',
  );
}

main().catch(showLaunchError);
