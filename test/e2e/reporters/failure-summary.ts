/**
 * Writes a short summary of each failed browser test (title, where, the first lines of its
 * error) to test-results/failures-<app port>.txt, so `npm test` can print it as its last lines:
 * CI keeps only the tail of the output, and the list reporter's error comes long before it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { E2E_APP_PORT } from '../ports';

export const failureSummaryFile = (port: number | string) => `test-results/failures-${port}.txt`;

// eslint-disable-next-line no-control-regex -- the terminal colour codes Playwright puts in errors
const ansi = /\u001b\[[0-9;]*m/g;

export default class FailureSummary implements Reporter {
  private readonly lines: string[] = [];
  private readonly file = failureSummaryFile(E2E_APP_PORT);

  onBegin(): void {
    rmSync(this.file, { force: true });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed' || result.status === 'skipped' || test.outcome() === 'flaky') return;
    const where = `${relative(process.cwd(), test.location.file)}:${test.location.line}`;
    this.lines.push(`${where} › ${test.titlePath().slice(3).join(' › ')} (${result.status}, ${Math.round(result.duration / 1000)} s)`);
    // A timeout comes as two errors: the timeout, then the step that was waiting (the useful one).
    for (const error of result.errors.slice(0, 3)) {
      const message = (error.message ?? error.value ?? 'no error message').replace(ansi, '');
      const kept = message.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(0, 6);
      for (const line of kept) this.lines.push(`    ${line.slice(0, 200)}`);
      const at = (error.stack ?? '').replace(ansi, '').split('\n').find((l) => l.includes('.spec.ts:'));
      if (at !== undefined) this.lines.push(`    ${at.trim()}`);
    }
  }

  onEnd(_result: FullResult): void {
    if (this.lines.length === 0) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${this.lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
