/**
 * A dynamic import tried again when it fails: on a ward's Wi-Fi a request drops now and then, and
 * a browser fetches a failed module again when asked again. Twice more, not once: index.html's
 * preload and the import of the same file are one request when the import is made while the
 * preload is in flight, and two otherwise, so one more try did not always outlast two drops (CI
 * load decided which). No imports, so the page's entry (main.tsx) can use it without pulling in
 * more than the launch page has cached.
 */

/** How long after each failed fetch of code it is tried again. */
export const CODE_RETRY_DELAYS_MS = [500, 1000] as const;

/** `load()`, and again after each of CODE_RETRY_DELAYS_MS while it fails. */
export function withRetries<T>(load: () => Promise<T>, delays: readonly number[] = CODE_RETRY_DELAYS_MS): Promise<T> {
  const [delay, ...rest] = delays;
  return load().catch((e: unknown) => {
    if (delay === undefined) throw e;
    return new Promise<T>((resolve, reject) => {
      setTimeout(() => {
        withRetries(load, rest).then(resolve, reject);
      }, delay);
    });
  });
}
