"use client";

import * as Tabs from "@radix-ui/react-tabs";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export interface ChartTab {
  value: string;
  label: string;
  /** Shown after the label, e.g. the number of records. */
  count?: number;
  content: ReactNode;
}

/**
 * The chart's tabs, with the open tab in the URL (?tab=medications): a link opens the same tab, and Back
 * returns to the previous one. Every panel is rendered on the server, so switching needs no request:
 * history.pushState updates the URL and Next keeps useSearchParams in step.
 */
export function ChartTabs({ tabs, label }: { tabs: readonly ChartTab[]; label: string }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const requested = searchParams.get("tab");
  const current = tabs.find((tab) => tab.value === requested)?.value ?? tabs[0]?.value;

  function select(value: string) {
    // Read the live URL, not the hook's: a click makes Radix report the same tab twice (mouse down, then focus)
    // before the first change has rendered, and a second identical entry would make Back a no-op.
    const params = new URLSearchParams(window.location.search);
    if (value === tabs[0]?.value) params.delete("tab");
    else params.set("tab", value);
    const query = params.toString() ? `?${params.toString()}` : "";
    if (query === window.location.search) return;
    window.history.pushState(null, "", `${pathname}${query}`);
  }

  return (
    <Tabs.Root value={current} onValueChange={select} className="flex flex-col gap-5">
      <Tabs.List aria-label={label} className="flex gap-1 overflow-x-auto border-b">
        {tabs.map((tab) => (
          <Tabs.Trigger
            key={tab.value}
            value={tab.value}
            className={cn(
              "-mb-px inline-flex shrink-0 cursor-pointer items-center gap-1.5 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground transition-colors",
              "hover:text-foreground data-[state=active]:border-primary data-[state=active]:text-foreground",
            )}
          >
            {tab.label}
            {tab.count !== undefined && (
              <span className="rounded-full bg-muted px-1.5 text-xs text-muted-foreground tabular-nums">
                <span className="sr-only">(</span>
                {tab.count}
                <span className="sr-only">)</span>
              </span>
            )}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {tabs.map((tab) => (
        <Tabs.Content key={tab.value} value={tab.value} className="flex flex-col gap-6 rounded-sm">
          {tab.content}
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
