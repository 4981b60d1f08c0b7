import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways inside its own box. The box is a named region in the tab
 * order, so a keyboard can reach it and scroll it with the arrow keys (axe's
 * "scrollable-region-focusable"), and a screen reader announces what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
