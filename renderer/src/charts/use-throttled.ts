// Redraw pacing for the charts: a value that follows its input at most once per interval (trailing, so the last
// change always lands), or not at all while frozen (an off-screen chart), so live training never floods the UI.
import { startTransition, useEffect, useRef, useState, type RefObject } from 'react';

export function useThrottledValue<T>(value: T, intervalMs: number, frozen = false): T {
  const [shown, setShown] = useState(value);
  const lastRef = useRef(0);
  useEffect(() => {
    if (frozen) return;
    const wait = Math.max(0, lastRef.current + intervalMs - performance.now());
    const timer = setTimeout(() => {
      lastRef.current = performance.now();
      // A transition renders in slices that yield to the browser, so a redraw never holds up a frame.
      startTransition(() => setShown(value));
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs, frozen]);
  return shown;
}

/** Whether the element is on screen (or near it); true where IntersectionObserver is missing. */
export function useInView(ref: RefObject<Element | null>, rootMargin = '200px'): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)), {
      rootMargin,
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, rootMargin]);
  return inView;
}
