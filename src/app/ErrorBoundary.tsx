import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { CODE_LOAD_NEXT, CODE_LOAD_REASON, CodeLoadError } from '../components/ui/lazy-code';

interface State {
  error: Error | null;
}

/**
 * A view that crashes says so and offers a retry; the rest of the app keeps working. A view whose
 * code could not be fetched (components/ui/lazy-code.tsx) says that instead, and its retry fetches
 * the code afresh.
 */
export class ErrorBoundary extends Component<{ area: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The view's code is fetched afresh on its next render: "Try again", or coming back to it.
    if (error instanceof CodeLoadError) error.retry();
    // No patient data in logs: only the error's type and the component stack.
    console.error(`ITB Companion: "${this.props.area}" failed (${error.name})`, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (error instanceof CodeLoadError) {
      return (
        <section role="alert" className="banner banner--error" data-testid="code-load-failed">
          <h2>{this.props.area} could not be opened</h2>
          <p>Its code could not be loaded. {CODE_LOAD_REASON} Other views still work.</p>
          <p>
            <button type="button" onClick={() => this.setState({ error: null })}>
              Try again
            </button>{' '}
            {CODE_LOAD_NEXT}
          </p>
        </section>
      );
    }
    if (error) {
      return (
        <section role="alert" className="banner banner--error">
          <h2>{this.props.area} could not be shown</h2>
          <p>Something unexpected went wrong in this view. Other views still work.</p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </section>
      );
    }
    return this.props.children;
  }
}
