import { Component, lazy, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { withRetries } from '../../app/retry-code';

/**
 * Parts of the app whose code is fetched when first shown (a view, a chart, a panel), and what a
 * user sees when that fetch fails: on a ward's Wi-Fi a request drops now and then, and after a
 * deployment the files an open page asks for may be gone.
 *
 * React.lazy keeps a failed load for the page's life, so a "Try again" that only re-rendered
 * threw the same error again at once, and a part with no boundary of its own took its whole view
 * (or, outside every view, the whole app) down with it. Here a failed fetch is tried twice more on
 * its own (app/retry-code.ts), then thrown as a CodeLoadError that names what happened and can arm the part to fetch
 * afresh; CodeBoundary shows it where the part is, with a "Try again" that does.
 */

/**
 * The code of a part could not be fetched, three times. `retry` arms the part's next render to fetch it
 * afresh; a boundary calls it once it shows the notice (so a "Try again", or coming back to the
 * view, fetches again, and a render meanwhile cannot loop).
 */
export class CodeLoadError extends Error {
  override name = 'CodeLoadError';
  constructor(
    readonly retry: () => void,
    options?: ErrorOptions,
  ) {
    super('The code of this part of ITB Companion could not be fetched.', options);
  }
}

/** Why, and what to do when Try again fails too: the words of every notice of missing code. */
export const CODE_LOAD_REASON = 'The network failed, or ITB Companion was updated since this page was opened.';
export const CODE_LOAD_NEXT = 'If it fails again, reload the page or open ITB Companion again from the patient chart.';

/**
 * React.lazy for code that may fail to arrive (see above). `loaded`, when it returns the component,
 * renders it without suspending: React 19 reads a thenable whose `then` calls back at once as
 * settled, so a part whose code is already here is drawn in the same pass.
 */
export function lazyCode<P extends object>(load: () => Promise<ComponentType<P>>, loaded?: () => ComponentType<P> | undefined): ComponentType<P> {
  let current: ComponentType<P>;
  const arm = (): void => {
    current = lazy((): Promise<{ default: ComponentType<P> }> => {
      const here = loaded?.();
      if (here !== undefined) return settled({ default: here });
      return withRetries(load).then(
        (component) => ({ default: component }),
        (cause: unknown) => {
          throw new CodeLoadError(arm, { cause });
        },
      );
    });
  };
  arm();
  function LazyCode(props: P) {
    const Current = current;
    return <Current {...props} />;
  }
  return LazyCode;
}

/** A promise whose `then` calls back at once (the only method React calls); the rest is a real promise's. */
function settled<T>(value: T): Promise<T> {
  return Object.assign(Promise.resolve(value), {
    then: <A, B>(onFulfilled?: ((v: T) => A | PromiseLike<A>) | null, onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> => {
      if (!onFulfilled) return Promise.resolve(value).then<A, B>(undefined, onRejected);
      return Promise.resolve(onFulfilled(value));
    },
  });
}

interface BoundaryState {
  error: Error | null;
}

/**
 * Shows a part's CodeLoadError in its place, so the rest of the view keeps working; any other
 * error goes on to the view's boundary (app/ErrorBoundary.tsx).
 */
export class CodeBoundary extends Component<{ what: string; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    if (!(error instanceof CodeLoadError)) return;
    error.retry();
    // No patient data in logs: only what failed.
    console.error(`ITB Companion: the code of "${this.props.what}" could not be fetched`, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    // Not a part's missing code: the view's boundary shows it.
    if (!(error instanceof CodeLoadError)) throw error;
    return <CodeLoadNotice what={this.props.what} onRetry={() => this.setState({ error: null })} />;
  }
}

/** "X could not be loaded", why, and a Try again that fetches it afresh. */
function CodeLoadNotice({ what, onRetry }: { what: string; onRetry: () => void }) {
  return (
    <div role="alert" className="banner banner--warning" data-testid="code-load-failed">
      <p>
        <strong>{what} could not be loaded.</strong> {CODE_LOAD_REASON}
      </p>
      <p>
        <button type="button" onClick={onRetry}>
          Try again
        </button>{' '}
        {CODE_LOAD_NEXT}
      </p>
    </div>
  );
}
