import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { IdleLogoff } from "@/components/shell/idle-logoff";
import { countOpenAlerts } from "@/lib/alerts/queries";
import { sessionContext } from "@/lib/auth/guard";
import { can, permissionsOf } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

const IDLE_WARNING_MS = 60_000;

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const ctx = can(user.role, "alerts:read") ? await sessionContext() : null;
  const openAlerts = ctx ? await countOpenAlerts(ctx) : null;
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-20 focus:rounded-md focus:bg-card focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow-md"
      >
        Skip to content
      </a>
      <AppHeader user={user} permissions={permissionsOf(user.role)} openAlerts={openAlerts} />
      <IdleLogoff idleMs={env().SESSION_IDLE_MINUTES * 60_000} warningMs={IDLE_WARNING_MS} />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
