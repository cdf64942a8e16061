import Link from "next/link";
import { AccountStatusBadge, LockedBadge } from "@/components/admin/status-badges";
import { formatDateTime } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/users/queries";

export function UsersTable({ users }: { users: readonly UserSummary[] }) {
  return (
    <Table aria-label="Users">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last sign-in</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((user) => (
          <TableRow key={user.id}>
            <TableCell>
              <Link href={`/admin/users/${user.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                {user.name}
              </Link>
            </TableCell>
            <TableCell className="text-muted-foreground">{user.email}</TableCell>
            <TableCell>{ROLE_LABELS[user.role]}</TableCell>
            <TableCell>
              <span className="flex flex-wrap gap-1">
                <AccountStatusBadge active={user.active} />
                {user.locked && <LockedBadge />}
              </span>
            </TableCell>
            <TableCell className="tabular-nums">{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Never"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
