/**
 * The build-checked launch configuration (vite.config.ts, plugin itb-launch-config): the
 * LaunchConfig of src/config/launch-config.ts, written out here so this file imports nothing.
 */
declare module 'virtual:itb-launch-config' {
  const config: {
    readonly ehrs: readonly {
      readonly id: string;
      readonly name: string;
      readonly issuers: string[];
      readonly clientId: string;
      readonly scopes: string[];
      readonly standaloneLaunch: boolean;
    }[];
  };
  export default config;
}

/**
 * The site's procedure codes as built (vite.config.ts, plugin itb-first-wave-config), for the
 * pump card's searches sent with the token response (app/start.ts).
 */
declare module 'virtual:itb-first-wave-config' {
  const config: {
    // An ambient module may not import a relative path; an inline type import keeps the one list of kinds.
    // eslint-disable-next-line @typescript-eslint/consistent-type-imports
    readonly procedureCodes: readonly { readonly kind: import('./fhir/codes').ProcedureKind; readonly system: string; readonly code: string }[];
    readonly recentProcedureCount: number;
  };
  export default config;
}
