import { afterEach, describe, expect, it, vi } from 'vitest';
import { CODE_RETRY_DELAYS_MS, withRetries } from './retry-code';

afterEach(() => vi.useRealTimers());

describe('fetching code again when a request for it drops', () => {
  it('tries twice more, after 500 ms and then 1 s, and gives the first answer that comes', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const load = vi.fn(() => (++calls < 3 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : Promise.resolve('module')));
    const result = withRetries(load);
    await vi.advanceTimersByTimeAsync(CODE_RETRY_DELAYS_MS[0] - 1);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(CODE_RETRY_DELAYS_MS[1]);
    expect(load).toHaveBeenCalledTimes(3);
    await expect(result).resolves.toBe('module');
  });

  it('fails with the last error after three failures, and tries no more', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const load = vi.fn(() => Promise.reject(new TypeError(`drop ${++calls}`)));
    const result = withRetries(load);
    const settled = expect(result).rejects.toThrow('drop 3');
    await vi.advanceTimersByTimeAsync(10_000);
    await settled;
    expect(load).toHaveBeenCalledTimes(3);
  });
});
