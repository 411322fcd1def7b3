import type { SyndromeGuidance } from '../escalation';

/** What the recorded signs point to, and the guideline's steps for it (§2, §5.1, §5.2). */
export function SyndromeSteps({ guidance, testId }: { guidance: SyndromeGuidance; testId: string }) {
  return (
    <div className="syndrome-box" data-testid={testId}>
      <p>
        <strong>{guidance.explanation}</strong>
      </p>
      {guidance.situationNote !== undefined && <p className="muted">{guidance.situationNote}</p>}
      {guidance.steps.map((g) => (
        <details key={g.heading} open>
          <summary>{g.heading}</summary>
          <ol>
            {g.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </details>
      ))}
    </div>
  );
}
