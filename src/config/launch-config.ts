/**
 * What the launch page needs of the site configuration: each EHR's name, issuers, client id,
 * scopes and whether it allows a standalone launch. The build validates the whole site
 * configuration (zod, the same schema the app checks at start) and ships this checked subset in
 * launch.html as `virtual:itb-launch-config`, so the launch page carries no validator and fetches
 * nothing before authorize. The EHR list is build-time anyway: the Content-Security-Policy's
 * connect-src is built from the same configuration, so a new EHR needs a rebuild.
 */
import type { EhrConfig, SiteConfig } from './site-config';

export type LaunchEhr = Pick<EhrConfig, 'id' | 'name' | 'issuers' | 'clientId' | 'scopes' | 'standaloneLaunch'>;
export type LaunchConfig = { readonly ehrs: readonly LaunchEhr[] };

/** The launch page's part of a validated site configuration. */
export function launchConfigOf(config: SiteConfig): LaunchConfig {
  return {
    ehrs: config.ehrs.map((e) => ({ id: e.id, name: e.name, issuers: [...e.issuers], clientId: e.clientId, scopes: [...e.scopes], standaloneLaunch: e.standaloneLaunch })),
  };
}

/** The EHR whose configured issuers include exactly this `iss` (trailing slashes ignored). */
export function findEhrForIssuer<E extends { readonly issuers: readonly string[] }>(config: { readonly ehrs: readonly E[] }, iss: string): E | undefined {
  const norm = (u: string) => u.replace(/\/+$/, '');
  return config.ehrs.find((ehr) => ehr.issuers.some((allowed) => norm(allowed) === norm(iss)));
}
