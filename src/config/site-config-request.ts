/**
 * The request for the site configuration, sent by index.html's entry (main.tsx) beside its code
 * exchange, and answered by the host every time (`no-store`), never from the browser's cache: a
 * site edits site-config.json in place (its contacts, its clinical settings), and a host that sends
 * no Cache-Control (nginx's and Apache's default) lets a browser reuse an old copy for up to a tenth
 * of the file's age: days, for a file set up months before. That is also why index.html does not
 * preload it: a preload cannot ask for no-store, and the app's own request took the preload's
 * answer, from the cache or not. No imports: the entry's graph is what the launch page has cached.
 */
export const SITE_CONFIG_URL = './site-config.json';

export function requestSiteConfig(): Promise<Response> {
  return fetch(SITE_CONFIG_URL, { cache: 'no-store', priority: 'high' });
}
