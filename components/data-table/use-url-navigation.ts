"use client";

import type { Route } from "next";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useTransition } from "react";
import { withParams, type ParamUpdates } from "@/components/data-table/url-state";

/**
 * The list's state lives in the URL (shareable, and the back button works): `navigate` pushes the current URL
 * with `updates` applied, and `isPending` is true until the server has rendered the new page.
 */
export function useUrlNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();

  const navigate = useCallback(
    (updates: ParamUpdates) => {
      // Typed routes cannot know a runtime query string; the path is the current page's own.
      const href = `${pathname}${withParams(searchParams.toString(), updates)}` as Route;
      startTransition(() => router.push(href, { scroll: false }));
    },
    [pathname, router, searchParams],
  );

  return { navigate, isPending, searchParams };
}
