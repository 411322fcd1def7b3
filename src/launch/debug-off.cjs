/**
 * Stands in for the `debug` package in the browser bundles (vite.config.ts alias). fhirclient
 * logs each request's URL and options through it when `localStorage.debug` is set; the app keeps
 * PHI out of logs whatever a browser's storage says, and the 2 KiB gzip need not ship.
 * CommonJS, as fhirclient calls `require("debug")(namespace)` directly.
 */
function logger() {
  const log = () => undefined;
  log.enabled = false;
  log.extend = () => log;
  return log;
}

module.exports = () => logger();
