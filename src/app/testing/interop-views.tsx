/**
 * Test support for rendering the interoperability corpus (test/fixtures/interop) through the
 * doctor view, the printed action plan and emergency mode: one msw server per test file with the
 * clock pinned, the corpus loader, and the readers of each view's facts. Only used by *.test.tsx.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { z } from 'zod';
import { ActionPlanView } from '../../features/action-plan/components/ActionPlanView';
import { DoctorView } from '../../features/doctor/components/DoctorView';
import { EmergencyView } from '../../features/emergency/components/EmergencyView';

const DIR = resolve(import.meta.dirname, '../../../test/fixtures/interop');

const fileSchema = z.object({
  resource: z.record(z.string(), z.unknown()),
  with: z.array(z.string()).optional(),
  expected: z.object({ kind: z.string().optional(), dailyDose: z.number().nullable().optional(), candidate: z.number().nullable().optional() }).passthrough(),
});

/** A MedicationRequest/Medication corpus file: the resource, the files sent with it and its expected reading. */
export const loadReading = (name: string) => fileSchema.parse(JSON.parse(readFileSync(resolve(DIR, name), 'utf8')));

/** A Procedure, Device or Observation corpus file: the bare resource (its reading is in the tests). */
export const loadResource = (name: string): Record<string, unknown> => z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(resolve(DIR, name), 'utf8')));

/** The corpus files whose names start with `prefix`. */
export const corpusFiles = (prefix: string): string[] => readdirSync(DIR).filter((f) => f.startsWith(prefix) && f.endsWith('.json'));

/** An msw server for this test file, with `onUnhandledRequest: 'error'` and the clock fixed at `now` (Date only). */
export function interopServer(now: Date) {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => vi.useFakeTimers({ now, toFake: ['Date'] }));
  afterEach(() => {
    cleanup();
    server.resetHandlers();
    vi.useRealTimers();
    sessionStorage.clear();
  });
  afterAll(() => server.close());
  return server;
}

/** Any read the chart does not answer (vitals, test-dose orders) is an empty search. */
export const emptySearches = () => [http.get('*/fhir/:type', () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] }))];

/** The Medications a corpus order references by id, served as the EHR would. */
export const referencedMedications = (name: string) =>
  (loadReading(name).with ?? []).map((w) => {
    const r = loadReading(w).resource;
    return http.get(`*/fhir/Medication/${String(r.id)}`, () => HttpResponse.json(r));
  });

/** The `<dd>` beside the `<dt>` labelled `label`, within `root`. */
export function factIn(root: HTMLElement, label: string): HTMLElement {
  const dd = within(root).getByText(label, { selector: 'dt' }).nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`no value beside "${label}"`);
  return dd;
}

export type InteropView = { readonly name: string; readonly ui: () => ReactNode; readonly ready: () => Promise<unknown> };

export const DOCTOR: InteropView = { name: 'doctor view', ui: () => <DoctorView />, ready: () => screen.findByTestId('current-dose') };
export const ACTION_PLAN: InteropView = { name: 'printed action plan', ui: () => <ActionPlanView />, ready: () => screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 }) };
/** Ready at the rescue dose, the weight check that holds it back, or the reason no dose is calculated. */
export const EMERGENCY: InteropView = {
  name: 'emergency mode',
  ui: () => <EmergencyView />,
  ready: () => waitFor(() => expect(document.querySelector('[data-testid="rescue-dose"], [data-testid="weight-for-age"], .em-nodose')).not.toBeNull()),
};

/** The facts the emergency team will ask for. */
export const emergencyFact = (label: string) => factIn(screen.getByRole('region', { name: 'What the emergency team will ask' }), label);
/** A fact of the printed plan. */
export const planFact = (label: string) => factIn(document.body, label);
