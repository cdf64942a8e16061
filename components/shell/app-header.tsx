import Link from "next/link";
import { MainNav } from "@/components/shell/main-nav";
import { Brand } from "@/components/shell/brand";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { Badge } from "@/components/ui/badge";
import type { Permission } from "@/lib/auth/permissions";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

interface AppHeaderProps {
  user: { name: string; email: string; role: Role };
  permissions: readonly Permission[];
  /** Unresolved alerts, for those who may read them (else null). */
  openAlerts: number | null;
}

export function AppHeader({ user, permissions, openAlerts }: AppHeaderProps) {
  return (
    <header className="sticky top-0 z-10 border-b print:hidden bg-card/95 backdrop-blur supports-[backdrop-filter]:bg-card/80">
      <div className="mx-auto flex h-14 w-full max-w-6xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
        <Link href="/" className="rounded-md">
          <Brand />
        </Link>
        <MainNav permissions={permissions} openAlerts={openAlerts} />
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          <div className="hidden text-right leading-tight sm:block">
            <p className="text-sm font-medium">{user.name}</p>
            <p className="text-xs text-muted-foreground">{user.email}</p>
          </div>
          <Badge>
            <span className="sr-only">Role: </span>
            {ROLE_LABELS[user.role]}
          </Badge>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
