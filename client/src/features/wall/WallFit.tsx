import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/** Seconds each page of a long content stays on the wall before the next one. */
export const WALL_PAGE_SECONDS = 12;

/**
 * Shows `items` so that they fit the wall without scrolling: as many as fit on one page (measured, not
 * guessed: the page shrinks until its content no longer overflows), the rest on further pages that turn by
 * themselves. Type never shrinks below the wall's minimum (clamp() in wall.css); one item too long for a
 * whole screen is cut by the CSS line clamp rather than pushed below the edge.
 */
export function WallFit({ items, footer }: { items: ReactNode[]; footer?: (page: number, pages: number) => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [perPage, setPerPage] = useState(items.length || 1);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  // New content: start again from "everything on one page".
  useLayoutEffect(() => {
    setPerPage(items.length || 1);
    setPage(0);
  }, [items.length]);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && perPage > 1 && el.scrollHeight > el.clientHeight + 1) setPerPage((n) => Math.max(1, n - 1));
  });
  useEffect(() => {
    if (pages <= 1) return;
    const t = setInterval(() => setPage((p) => (p + 1) % pages), WALL_PAGE_SECONDS * 1000);
    return () => clearInterval(t);
  }, [pages]);
  const current = Math.min(page, pages - 1);
  return (
    <>
      <div className="wall-fit" ref={box}>
        {items.slice(current * perPage, current * perPage + perPage)}
      </div>
      {pages > 1 && footer?.(current, pages)}
    </>
  );
}
