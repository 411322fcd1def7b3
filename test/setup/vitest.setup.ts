// Component tests opt into jsdom per file with `// @vitest-environment jsdom`.
import '@testing-library/jest-dom/vitest';
import { beforeEach, vi } from 'vitest';
import { testNow } from '../clock/test-clock';

// One clock: every test starts at the run's reference instant (ITB_TEST_NOW, else the default),
// whatever the hour or the machine's zone. Only Date is faked, and it keeps ticking, so timers,
// msw and Testing Library's waits behave as usual. A test may set its own instant on top.
const reference = testNow();
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: reference, shouldAdvanceTime: true });
});
