/**
 * Decides what a launch URL asks for, before anything is contacted. Pure, so every refusal is
 * tested. SMART App Launch 2.x §"Launch App": an EHR launch carries `iss` + `launch`; a standalone
 * launch carries only a configured `iss` and asks for `launch/patient`.
 */
import { findEhrForIssuer, type LaunchConfig, type LaunchEhr } from '../config/launch-config';

/**
 * fhirclient honours these URL parameters itself; `fhirServiceUrl` even skips authorization and
 * `patientId` forces a patient. A launch link must never carry them.
 */
const forbiddenParams = ['fhirServiceUrl', 'patientId', 'clientId', 'fakeTokenResponse', 'encounterId'] as const;

export type LaunchDecision =
  | { kind: 'ehr-launch'; ehr: LaunchEhr; iss: string; launch: string; scope: string }
  | { kind: 'standalone'; ehr: LaunchEhr; iss: string; scope: string }
  | { kind: 'choose-standalone'; ehrs: LaunchEhr[] }
  | { kind: 'refused'; reason: 'unknown-issuer' | 'forbidden-parameter' | 'standalone-not-allowed' | 'malformed-issuer'; detail: string };

export function decideLaunch(search: string, config: LaunchConfig): LaunchDecision {
  const params = new URLSearchParams(search);
  for (const name of forbiddenParams) {
    if (params.has(name)) {
      return { kind: 'refused', reason: 'forbidden-parameter', detail: `The launch link carries "${name}", which could bypass the EHR's authorization.` };
    }
  }
  const iss = params.get('iss');
  const launch = params.get('launch');
  if (!iss) {
    return { kind: 'choose-standalone', ehrs: config.ehrs.filter((e) => e.standaloneLaunch) };
  }
  if (!URL.canParse(iss) || !/^https?:$/.test(new URL(iss).protocol)) {
    return { kind: 'refused', reason: 'malformed-issuer', detail: 'The launch link\'s "iss" is not a web address.' };
  }
  const ehr = findEhrForIssuer(config, iss);
  if (!ehr) {
    return { kind: 'refused', reason: 'unknown-issuer', detail: iss };
  }
  const base = ehr.scopes.filter((s) => s !== 'launch' && s !== 'launch/patient');
  if (launch) {
    return { kind: 'ehr-launch', ehr, iss, launch, scope: ['launch', ...base].join(' ') };
  }
  if (!ehr.standaloneLaunch) {
    return { kind: 'refused', reason: 'standalone-not-allowed', detail: ehr.name };
  }
  return { kind: 'standalone', ehr, iss, scope: ['launch/patient', ...base].join(' ') };
}

/** A state value with 256 bits of entropy (SMART requires at least 122). */
export function newStateKey(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
