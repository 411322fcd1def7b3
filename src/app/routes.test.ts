import { describe, expect, it } from 'vitest';
import { initialView, parseRoute } from './routes';

const none = { intent: undefined, fhirUser: 'Practitioner/pr1', launchIntents: {}, defaultView: undefined };

describe('the view a launch opens on (issue 12)', () => {
  it('a view named in the URL is that view; an empty or unknown hash names none', () => {
    expect(parseRoute('#/nurse')).toBe('nurse');
    expect(parseRoute('')).toBeUndefined();
    expect(parseRoute('#/pharmacy')).toBeUndefined();
  });

  it('the launch intent opens its view: a view id as is, or through the site mapping', () => {
    expect(initialView({ ...none, intent: 'nurse' })).toEqual({ view: 'nurse', why: 'the launch\'s intent "nurse"' });
    expect(initialView({ ...none, intent: 'nursing-rounds', launchIntents: { 'nursing-rounds': 'nurse' }, defaultView: 'doctor' }).view).toBe('nurse');
  });

  it('without an intent, a patient or family member opens on the action plan; a practitioner on the site default', () => {
    expect(initialView({ ...none, fhirUser: 'RelatedPerson/rp1' }).view).toBe('action-plan');
    expect(initialView({ ...none, fhirUser: 'https://ehr.example/fhir/Patient/p1' }).view).toBe('action-plan');
    expect(initialView({ ...none, defaultView: 'doctor' })).toEqual({ view: 'doctor', why: 'the site\'s default view' });
  });

  it('with no intent and no site default a practitioner is asked (the picker says why), never sent to the doctor view', () => {
    expect(initialView(none)).toEqual({ view: 'choose', why: 'The EHR did not say which role opened the app, and the site sets no default view.' });
    expect(initialView({ ...none, intent: 'pharmacy' })).toMatchObject({ view: 'choose', why: expect.stringMatching(/intent "pharmacy" is not one the site maps/) as unknown });
  });

  it('a CDS card\'s emergency link (appContext "emergency") opens the emergency guidance, ahead of the intent and the site default (issue 18)', () => {
    expect(initialView({ ...none, appContext: 'emergency', intent: 'nurse', defaultView: 'doctor' })).toEqual({ view: 'emergency', why: 'the EHR alert\'s "ITB emergency guidance" link' });
    expect(initialView({ ...none, appContext: 'something-else', defaultView: 'doctor' }).view).toBe('doctor');
  });
});
