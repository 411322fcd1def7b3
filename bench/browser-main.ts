/** `npm run bench:browser`: only the browser part of the bench (launch ratio, chart long tasks, JS per page). */
import { benchBrowser } from './browser';

benchBrowser().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
