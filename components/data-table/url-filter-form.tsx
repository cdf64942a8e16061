"use client";

import { ListFilter, X } from "lucide-react";
import type { FormEvent, ReactNode } from "react";
import { FIRST_PAGE, type ParamUpdates } from "@/components/data-table/url-state";
import { useUrlNavigation } from "@/components/data-table/use-url-navigation";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

interface UrlFilterFormProps {
  /** The names of the filter fields inside; only these are written to (or cleared from) the URL. */
  filterKeys: readonly string[];
  /** Names the form (a search landmark). */
  label: string;
  children: ReactNode;
  className?: string;
}

function filterUpdates(filterKeys: readonly string[], values: FormData | null): ParamUpdates {
  const updates: ParamUpdates = { ...FIRST_PAGE };
  for (const key of filterKeys) {
    const value = values?.get(key);
    updates[key] = typeof value === "string" && value.trim() !== "" ? value.trim() : null;
  }
  return updates;
}

/**
 * A list's filter form: applying it writes the non-blank fields to the URL (keeping the sort and page size,
 * back to page 1); Clear removes them. Without JavaScript it is a plain GET form. Give it a `key` that changes
 * with the URL so its fields show the current filter after back/forward navigation.
 */
export function UrlFilterForm({ filterKeys, label, children, className }: UrlFilterFormProps) {
  const { navigate, isPending } = useUrlNavigation();

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    navigate(filterUpdates(filterKeys, new FormData(event.currentTarget)));
  }

  return (
    <search aria-label={label}>
      <form method="get" onSubmit={apply} className={cn("flex flex-col gap-4", className)}>
        {children}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={isPending}>
            <ListFilter aria-hidden="true" />
            Apply filters
          </Button>
          <Button type="button" variant="outline" disabled={isPending} onClick={() => navigate(filterUpdates(filterKeys, null))}>
            <X aria-hidden="true" />
            Clear filters
          </Button>
        </div>
      </form>
    </search>
  );
}
