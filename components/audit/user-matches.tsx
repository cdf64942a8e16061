import Link from "next/link";
import { withParams } from "@/components/data-table/url-state";
import { Badge } from "@/components/ui/badge";
import type { AuditUserMatch } from "@/lib/audit/types";

/** The users matching a lookup, each a link to their access report (keeping the chosen date range). */
export function UserMatches({ users, range }: { users: readonly AuditUserMatch[]; range: { from: string | null; to: string | null } }) {
  if (users.length === 0) return <p className="text-sm text-muted-foreground">No user matches. Try part of the name or e-mail.</p>;
  return (
    <section aria-labelledby="matches-heading" className="flex flex-col gap-3">
      <h2 id="matches-heading" className="text-sm font-semibold tracking-wide text-muted-foreground uppercase">
        Matching users
      </h2>
      <ul className="divide-y rounded-lg border bg-card">
        {users.map((user) => (
          <li key={user.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <Link href={`/audit/reports/user${withParams("", { userId: user.id, ...range })}`} className="font-medium text-primary underline-offset-4 hover:underline">
              {user.name}
            </Link>
            <span className="flex items-center gap-2 text-sm text-muted-foreground">
              {user.email}
              <Badge variant="outline">{user.role}</Badge>
              {!user.active && <Badge variant="muted">inactive</Badge>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
