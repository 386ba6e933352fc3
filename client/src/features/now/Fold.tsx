import type { ReactNode } from 'react';

/**
 * A section of the phone folded under its title (a native <details>: keyboard and screen readers open and close
 * it without any script, and its state is announced as expanded/collapsed).
 */
export function Fold({ title, testId, children, defaultOpen = false }: { title: ReactNode; testId?: string; children: ReactNode; defaultOpen?: boolean }) {
  return (
    <details className="card fold" data-testid={testId} open={defaultOpen || undefined}>
      <summary>{title}</summary>
      <div className="fold-body">{children}</div>
    </details>
  );
}
