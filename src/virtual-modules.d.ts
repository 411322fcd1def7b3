/** The build-checked launch configuration (vite.config.ts, plugin itb-launch-config). */
declare module 'virtual:itb-launch-config' {
  import type { LaunchConfig } from './config/launch-config';
  const config: LaunchConfig;
  export default config;
}
