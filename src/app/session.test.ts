import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSiteConfig } from '../config/site-config';
import { checkSiteExtensions } from './session';

const shipped = JSON.parse(readFileSync('public/site-config.json', 'utf8')) as { ehrs: Record<string, unknown>[]; clinical: Record<string, unknown> };

describe('checking the site configuration before anyone types a round', () => {
  it('accepts the shipped configuration', () => {
    expect(checkSiteExtensions(parseSiteConfig(shipped))).toEqual([]);
  });

  it('names a site write code with an unknown category', () => {
    const site = parseSiteConfig({
      ...shipped,
      ehrs: [{ ...shipped.ehrs[0], quirks: { writeCodes: { items: { 'heart-rate': { category: 'vitals', coding: [{ system: 'x', code: '1' }] } } } } }],
    });
    expect(checkSiteExtensions(site).join('\n')).toMatch(/ehrs\.0\.quirks\.writeCodes\.items\.heart-rate\.category/);
  });

  it('names a replacement escalation table that does not fit the schema', () => {
    const site = parseSiteConfig({ ...shipped, clinical: { ...shipped.clinical, callingCriteria: { version: 3 } } });
    expect(checkSiteExtensions(site).join('\n')).toMatch(/clinical\.callingCriteria/);
  });
});
