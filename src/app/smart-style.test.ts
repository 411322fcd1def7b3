import { describe, expect, it } from 'vitest';
import { contrastRatio, safeStyleValues } from './smart-style';

describe("honouring the EHR's smart_style_url", () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 0);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
  });

  it("takes the EHR's fonts, background and readable colours", () => {
    const v = safeStyleValues({ color_background: '#edeae3', color_text: '#303030', color_error: '#9e2d2d', font_family_body: 'Georgia, serif', dim_border_radius: '6px' });
    expect(v).toEqual({ color_background: '#edeae3', color_text: '#303030', color_error: '#9e2d2d', font_family_body: 'Georgia, serif', dim_border_radius: '6px' });
  });

  it('ignores a highlight colour too pale to read as link text', () => {
    expect(safeStyleValues({ color_highlight: '#69b5ce' }).color_highlight).toBeUndefined();
  });

  it('never shrinks text below 14px', () => {
    expect(safeStyleValues({ dim_font_size: '13px' }).dim_font_size).toBeUndefined();
    expect(safeStyleValues({ dim_font_size: '16px' }).dim_font_size).toBe('16px');
  });
});

describe('isEhrStyleUrl', () => {
  it('fetches smart_style_url only from the EHR’s own origins', async () => {
    const { isEhrStyleUrl } = await import('./smart-style');
    const ehr = ['https://fhir.ehr.example/r4', 'https://ehr.example'];
    expect(isEhrStyleUrl('https://fhir.ehr.example/styles/smart.json', ehr)).toBe(true);
    expect(isEhrStyleUrl('https://ehr.example/smart-style.json', ehr)).toBe(true);
    expect(isEhrStyleUrl('https://cdn.elsewhere.example/smart.json', ehr)).toBe(false);
    expect(isEhrStyleUrl('http://fhir.ehr.example/styles/smart.json', ehr)).toBe(false);
    expect(isEhrStyleUrl('javascript:alert(1)', ehr)).toBe(false);
    expect(isEhrStyleUrl('not a url', ehr)).toBe(false);
  });
});
