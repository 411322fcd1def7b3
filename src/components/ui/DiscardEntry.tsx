import { useState, type ReactNode } from 'react';

/**
 * "Discard entry", asked once more before it goes: the rounds' entry and review steps and the
 * assessment form share it. `question` names what goes ("Discard this round?"), `prompt` says what
 * stays in the chart.
 */
export function DiscardEntry({ question, prompt, onDiscard, disabled = false }: { question: string; prompt: ReactNode; onDiscard: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={disabled}>
        Discard entry
      </button>
    );
  }
  return (
    <span className="discard-confirm" role="group" aria-label={question}>
      {prompt}{' '}
      <button
        type="button"
        onClick={() => {
          setAsking(false);
          onDiscard();
        }}
        disabled={disabled}
      >
        Yes, discard
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Keep it
      </button>
    </span>
  );
}
