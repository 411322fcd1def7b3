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
