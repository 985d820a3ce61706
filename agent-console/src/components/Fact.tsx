/** One term and its value in a description list (`<dl>`): how the console shows a chat's facts. */
import type { ReactNode } from 'react';

export function Fact({ term, valueClassName, children }: { term: string; valueClassName?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={valueClassName}>{children}</dd>
    </div>
  );
}
