/// <reference lib="dom" />

/**
 * Calls `resize` with the element's rendered height whenever it changes (a ResizeObserver,
 * coalesced to one call per animation frame, skipped when the height is unchanged). Measures
 * the box, not `scrollHeight`, so a page can shrink its frame as well as grow it. Returns a
 * function that stops observing.
 */
export function observeHeight(element: Element, resize: (height: number) => void): () => void {
  let last = -1;
  let frame = 0;
  const measure = () => {
    frame = 0;
    const height = Math.ceil(element.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    resize(height);
  };
  const observer = new ResizeObserver(() => {
    if (frame === 0) frame = requestAnimationFrame(measure);
  });
  observer.observe(element);
  measure();
  return () => {
    observer.disconnect();
    if (frame !== 0) cancelAnimationFrame(frame);
  };
}
