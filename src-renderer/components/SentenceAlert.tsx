import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';

/**
 * A sentence saying what went wrong, taken to the person when it appears (or `turn` changes: the
 * same sentence again for a second try): someone typing in a field keeps the focus there, the
 * field they will fix, and the sentence is scrolled into view; otherwise (the button they
 * pressed was disabled while main worked, so the focus fell to the page) the sentence takes the
 * focus, and a screen reader reads it. The page's scroll padding keeps it below the sticky
 * rehearsal banner.
 */
export function SentenceAlert({
  testId,
  id,
  field,
  turn,
  children,
}: {
  testId: string;
  id?: string;
  field?: string | undefined;
  /** Changes whenever the sentence is said anew. */
  turn: unknown;
  children: ReactNode;
}) {
  const sentence = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const shown = sentence.current;
    if (!shown) return;
    if (isTypingIn(document.activeElement)) shown.scrollIntoView({ block: 'nearest' });
    else shown.focus();
  }, [turn]);
  return (
    <p
      ref={sentence}
      className="notice notice--problem"
      id={id}
      data-testid={testId}
      data-field={field}
      role="alert"
      tabIndex={-1}
    >
      {children}
    </p>
  );
}

function isTypingIn(element: Element | null): boolean {
  return (
    (element instanceof HTMLInputElement ||
      element instanceof HTMLTextAreaElement ||
      element instanceof HTMLSelectElement) &&
    !element.disabled
  );
}
