/**
 * Ports of the end-to-end stack, apart from `npm start`'s 4010 and 5173. Overridable so two
 * checkouts (or two engineers) can run the browser tests at once.
 */
export const E2E_SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110);
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 4174);
export const E2E_CDS_PORT = Number(process.env.E2E_CDS_PORT ?? 4176);
export const SANDBOX = `http://localhost:${E2E_SANDBOX_PORT}`;
export const APP = `http://localhost:${E2E_APP_PORT}`;
export const CDS = `http://localhost:${E2E_CDS_PORT}`;
