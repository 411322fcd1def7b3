/**
 * userEvent for the component suites, as the therapist view's suite already runs it: no
 * setTimeout between events (the default waits a macrotask after every key and click, most of a
 * typed value's time under load) and no computed-style walk up the tree before each pointer event
 * to look for `pointer-events: none` (jsdom applies no stylesheet, and no control in the app sets
 * it; the only such element is the trend chart's decorative SVG group, which no test clicks).
 * Events, their order and the state after each are the same.
 */
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

export const setupUser = (): ReturnType<typeof userEvent.setup> =>
  userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });

/**
 * A free-text note (a reason, a comment) entered in one input, as a paste is: typed, each key
 * re-renders the whole view for a value no assertion looks at until it is complete. The field is
 * clicked first, so it must be enabled and focusable, as `user.type` requires.
 */
export async function enterNote(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string): Promise<void> {
  await user.click(field);
  await user.paste(text);
}
