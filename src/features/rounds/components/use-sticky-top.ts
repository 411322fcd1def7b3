import { useLayoutEffect, type RefObject } from 'react';

/**
 * Keeps the escalation panel (and its zone headline) below the app's sticky header, whatever the
 * header's height: with the patient banner shown it is taller than a fixed offset, and at 1024×768
 * the headline slid under it while the nurse entered the ITB checks (issue 12). Sets
 * `--rounds-sticky-top` on the view's root; the CSS falls back to 6rem without it.
 */
export function useStickyTop(root: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const el = root.current;
    const header = document.querySelector('.app-header');
    if (el === null || header === null) return;
    const set = () => el.style.setProperty('--rounds-sticky-top', `${Math.ceil(header.getBoundingClientRect().height) + 8}px`);
    set();
    window.addEventListener('resize', set);
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(set);
    observer?.observe(header);
    return () => {
      window.removeEventListener('resize', set);
      observer?.disconnect();
    };
  }, [root]);
}
