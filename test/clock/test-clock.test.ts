import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_NOW, MATRIX_INSTANTS, MIDNIGHT_INSTANTS, parseTestNow, testNow, testNowIso } from './test-clock';

describe('the test run’s clock', () => {
  it('pins Date to the reference instant before every test', () => {
    const drift = Date.now() - testNow().getTime();
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(5_000);
  });

  it('uses ITB_TEST_NOW when it is set and the default otherwise', () => {
    expect(testNowIso({})).toBe(DEFAULT_TEST_NOW);
    expect(testNowIso({ ITB_TEST_NOW: ' 2026-11-24T00:30:00+11:00 ' })).toBe('2026-11-24T00:30:00+11:00');
    expect(testNow({ ITB_TEST_NOW: '2026-11-24T00:30:00+11:00' }).toISOString()).toBe('2026-11-23T13:30:00.000Z');
  });

  it('refuses an instant without an offset, which the machine’s zone would move', () => {
    expect(() => parseTestNow('2026-11-24T00:30:00')).toThrow(/with an offset/);
    expect(() => parseTestNow('2026-11-24')).toThrow(/with an offset/);
    expect(() => parseTestNow('2026-13-40T00:30:00Z')).toThrow(/not a real instant/);
  });

  it('puts the matrix either side of midnight and of 13:00 in Sydney', () => {
    expect(MATRIX_INSTANTS.map((i) => parseTestNow(i).toISOString())).toEqual([
      '2026-11-23T13:30:00.000Z',
      '2026-11-24T01:59:00.000Z',
      '2026-11-24T02:01:00.000Z',
      '2026-11-24T12:30:00.000Z',
    ]);
    const [before, after] = MIDNIGHT_INSTANTS.map((i) => parseTestNow(i).getTime());
    expect(after! - before!).toBe(3_600_000);
    expect(MIDNIGHT_INSTANTS.map((i) => i.slice(0, 10))).toEqual(['2026-11-23', '2026-11-24']);
  });
});

describe('the machine zone of the run', () => {
  it('is the one the run asked for (TZ), so the clock matrix really moves the machine’s calendar', () => {
    const asked = process.env['TZ'];
    if (!asked) return;
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(asked);
  });
});

describe('npm test’s browser runs', () => {
  it('use the same midnight pair as the unit matrix, so the two never drift apart', async () => {
    const { readFile } = await import('node:fs/promises');
    const scripts = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['test:e2e:before-midnight']).toContain(`ITB_TEST_NOW=${MIDNIGHT_INSTANTS[0]}`);
    expect(scripts['test:e2e:after-midnight']).toContain(`ITB_TEST_NOW=${MIDNIGHT_INSTANTS[1]}`);
    // npm test runs scripts/test-all.ts, which runs the unit matrix and both browser runs.
    expect(scripts['test']).toBe('tsx scripts/test-all.ts');
    const orchestrator = await readFile(new URL('../../scripts/test-all.ts', import.meta.url), 'utf8');
    for (const step of ['test:unit:clock', 'test:e2e:before-midnight', 'test:e2e:after-midnight']) expect(orchestrator).toContain(`'${step}'`);
  });
});
