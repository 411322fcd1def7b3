/**
 * Stands in for `isomorphic-webcrypto` in the browser bundles (vite.config.ts alias): fhirclient
 * uses the browser's own `crypto` when it has one, which every supported browser does in a secure
 * context, so the shim and its polyfills need not ship.
 */
export default globalThis.crypto;
