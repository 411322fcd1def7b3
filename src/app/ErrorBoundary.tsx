import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A view that crashes says so and offers a retry; the rest of the app keeps working. */
export class ErrorBoundary extends Component<{ area: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // No patient data in logs: only the error's type and the component stack.
    console.error(`ITB Companion: "${this.props.area}" failed (${error.name})`, info.componentStack);
  }

  override render() {
    if (this.state.error) {
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
