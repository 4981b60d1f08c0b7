import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';

/**
 * A heading that takes the keyboard focus when it appears, so a keyboard or screen-reader user
 * lands on the new part of a step (a custodian's turn, the confirm phase) and not on a button
 * that has just gone.
 */
export function FocusHeading({
  children,
  testId,
  level = 2,
}: {
  children: ReactNode;
  testId?: string;
  level?: 2 | 3;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag ref={heading} tabIndex={-1} className="focus-heading" data-testid={testId}>
      {children}
    </Tag>
  );
}
