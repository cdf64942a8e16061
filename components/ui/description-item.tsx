import type { ReactNode } from "react";

/** One term and its value in a record's definition list (a detail page's facts). */
export function DescriptionItem({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}
