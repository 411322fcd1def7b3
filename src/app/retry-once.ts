/**
 * A dynamic import tried once more when it fails: on a ward's Wi-Fi a request drops now and then,
 * and a browser fetches a failed module again when asked again. No imports, so the page's entry
 * (main.tsx) can use it without pulling in more than the launch page has cached.
 */

/** How long after a failed fetch of code it is tried again. */
export const CODE_RETRY_MS = 500;

/** `load()`, and once more after CODE_RETRY_MS when it fails. */
export function withOneRetry<T>(load: () => Promise<T>): Promise<T> {
  return load().catch(
    () =>
      new Promise<T>((resolve, reject) => {
        setTimeout(() => {
          load().then(resolve, reject);
        }, CODE_RETRY_MS);
      }),
  );
}
