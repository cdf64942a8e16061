"use client";

import { BellRing, BookOpen, Gauge, House, Inbox, KeyRound, Plug, LoaderCircle, MonitorSmartphone, ScrollText, ShieldCheck, UserRound, Users, type LucideIcon } from "lucide-react";
import type { Route } from "next";
import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import type { Permission } from "@/lib/auth/permissions";

interface NavItem {
  href: Route;
  label: string;
  icon: LucideIcon;
  /** Shown only to roles holding it; the page checks again on the server. */
  permission: Permission | null;
}

const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Home", icon: House, permission: null },
  { href: "/patients", label: "Patients", icon: UserRound, permission: "patients:read" },
  { href: "/hl7" as Route, label: "HL7 messages", icon: Inbox, permission: "hl7:read" },
  { href: "/connections" as Route, label: "Connections", icon: Plug, permission: "connections:read" },
  { href: "/dashboards" as Route, label: "Dashboards", icon: Gauge, permission: "dashboards:read" },
  { href: "/audit", label: "Audit log", icon: ScrollText, permission: "audit:read" },
  { href: "/compliance" as Route, label: "Compliance", icon: ShieldCheck, permission: "audit:read" },
  { href: "/alerts" as Route, label: "Alerts", icon: BellRing, permission: "alerts:read" },
  { href: "/admin/users", label: "Users", icon: Users, permission: "users:manage" },
  { href: "/admin/sessions", label: "Sessions", icon: MonitorSmartphone, permission: "users:manage" },
  { href: "/admin/api-keys", label: "API keys", icon: KeyRound, permission: "api_keys:manage" },
  { href: "/api-docs", label: "API", icon: BookOpen, permission: null },
];

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The item's icon, or a spinner while its page is on the way: a page shows its skeleton only once it has checked access. */
function NavIcon({ icon: Icon }: { icon: LucideIcon }) {
  const { pending } = useLinkStatus();
  return pending ? <LoaderCircle aria-hidden="true" className="size-4 animate-spin" /> : <Icon aria-hidden="true" className="size-4" />;
}

/** How many alerts are unresolved: a count beside the item, read out with the link's name. */
function CountBadge({ count }: { count: number }) {
  return (
    <span className="rounded-full bg-destructive px-1.5 py-px text-xs font-semibold text-white tabular-nums">
      {count > 99 ? "99+" : count}
      <span className="sr-only"> unresolved</span>
    </span>
  );
}

export function MainNav({ permissions, openAlerts }: { permissions: readonly Permission[]; openAlerts: number | null }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((item) => item.permission === null || permissions.includes(item.permission));
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {items.map(({ href, label, icon }) => {
          const active = isActive(pathname, href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex h-9 items-center gap-2 rounded-md px-3 text-sm font-medium transition-colors",
                  active ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                )}
              >
                <NavIcon icon={icon} />
                {label}
                {href === "/alerts" && openAlerts !== null && openAlerts > 0 && <CountBadge count={openAlerts} />}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
