// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { Suspense, type ComponentType } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupUser } from '../../../test/setup/fast-user';
import { ErrorBoundary } from '../../app/ErrorBoundary';
import { CodeBoundary, lazyCode } from './lazy-code';

// React reports each error a boundary catches on the console; these tests cause them on purpose.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const Chart = () => <p>The dose chart, drawn</p>;
const failed = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/** A loader that fails `failures` times, then gives the component, counting its calls. */
function flaky(failures: number, component: ComponentType = Chart) {
  let left = failures;
  const load = vi.fn(() => (left-- > 0 ? failed() : Promise.resolve(component)));
  return load;
}

function Part({ Lazy }: { Lazy: ComponentType }) {
  return (
    <ErrorBoundary area="Doctor">
      <p>The current dose, 450 micrograms/day</p>
      <CodeBoundary what="The dose chart">
        <Suspense fallback={<p>Loading chart…</p>}>
          <Lazy />
        </Suspense>
      </CodeBoundary>
    </ErrorBoundary>
  );
}

describe('code fetched when a part is first shown', () => {
  it('a fetch that fails twice is tried again on its own, and the part is drawn with no failure shown', async () => {
    const load = flaky(2);
    render(<Part Lazy={lazyCode(load)} />);
    expect(await screen.findByText('The dose chart, drawn', undefined, { timeout: 3000 })).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(3);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('fails three times: the part says what could not be loaded and why, the rest of the view stays, and Try again fetches it afresh', async () => {
    const user = setupUser();
    const load = flaky(3);
    render(<Part Lazy={lazyCode(load)} />);
    const alert = await screen.findByRole('alert', undefined, { timeout: 3000 });
    expect(alert).toHaveTextContent('The dose chart could not be loaded. The network failed, or ITB Companion was updated since this page was opened.');
    expect(alert).toHaveTextContent('If it fails again, reload the page or open ITB Companion again from the patient chart.');
    expect(screen.getByText('The current dose, 450 micrograms/day')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(3);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('The dose chart, drawn')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(4);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a part that failed is fetched again when it is next shown, without a Try again', async () => {
    const load = flaky(3);
    const Lazy = lazyCode(load);
    const first = render(<Part Lazy={Lazy} />);
    await screen.findByRole('alert', undefined, { timeout: 3000 });
    first.unmount();
    render(<Part Lazy={Lazy} />);
    expect(await screen.findByText('The dose chart, drawn')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('a view whose code cannot be fetched says so, not "something unexpected", and its Try again fetches it', async () => {
    const user = setupUser();
    const load = flaky(3, () => <p>Emergency guidance</p>);
    const View = lazyCode(load);
    render(
      <ErrorBoundary area="Emergency">
        <Suspense fallback={<p>Opening the view…</p>}>
          <View />
        </Suspense>
      </ErrorBoundary>,
    );
    const alert = await screen.findByRole('alert', undefined, { timeout: 3000 });
    expect(alert).toHaveTextContent('Emergency could not be opened');
    expect(alert).toHaveTextContent('Its code could not be loaded. The network failed, or ITB Companion was updated since this page was opened.');
    expect(alert).not.toHaveTextContent('unexpected');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Emergency guidance')).toBeInTheDocument();
  });

  it('a part that crashes once drawn is the view\'s to show: the part\'s boundary only takes missing code', async () => {
    const Crashing = () => {
      throw new RangeError('bad figure');
    };
    render(<Part Lazy={lazyCode(() => Promise.resolve(Crashing))} />);
    expect(await screen.findByRole('heading', { name: 'Doctor could not be shown' })).toBeInTheDocument();
    expect(screen.queryByText(/could not be loaded/)).toBeNull();
  });

  it('a part whose code is already here is drawn in the same render, without a loading state', () => {
    const load = vi.fn(failed);
    render(<Part Lazy={lazyCode(load, () => Chart)} />);
    expect(screen.getByText('The dose chart, drawn')).toBeInTheDocument();
    expect(load).not.toHaveBeenCalled();
  });
});
