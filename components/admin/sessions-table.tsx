import Link from "next/link";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { describeUserAgent } from "@/components/admin/user-agent";
import { formatDateTime } from "@/components/ui/format";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions/result";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { ActiveSession } from "@/lib/users/queries";

export type RevokeSessionAction = (form: FormData) => Promise<ActionResult<{ sessionId: string }>>;

interface SessionsTableProps {
  sessions: readonly ActiveSession[];
  /** The viewer's own session, marked so it is not revoked by mistake. */
  currentSessionId?: string;
  /** Hidden on a user's own page, where every row is that user. */
  showUser?: boolean;
  revokeSession: RevokeSessionAction;
}

export function SessionsTable({ sessions, currentSessionId, showUser = true, revokeSession }: SessionsTableProps) {
  return (
    <Table aria-label="Active sessions">
      <TableHeader>
        <TableRow>
          {showUser && <TableHead>User</TableHead>}
          <TableHead>IP address</TableHead>
          <TableHead>Browser</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Last seen</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {sessions.map((session) => {
          const owner = `${session.user.name}, started ${formatDateTime(session.startedAt)}`;
          return (
            <TableRow key={session.id}>
              {showUser && (
                <TableCell>
                  <Link href={`/admin/users/${session.user.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                    {session.user.name}
                  </Link>
                  <span className="block text-xs text-muted-foreground">{ROLE_LABELS[session.user.role]}</span>
                </TableCell>
              )}
              <TableCell className="font-mono text-xs">{session.ipAddress ?? "—"}</TableCell>
              <TableCell className="max-w-64 text-xs" title={session.userAgent ?? undefined}>
                {describeUserAgent(session.userAgent)}
              </TableCell>
              <TableCell className="tabular-nums">{formatDateTime(session.startedAt)}</TableCell>
              <TableCell className="tabular-nums">{formatDateTime(session.lastSeenAt)}</TableCell>
              <TableCell className="tabular-nums">{formatDateTime(session.expiresAt)}</TableCell>
              <TableCell>
                {session.id === currentSessionId ? (
                  <Badge variant="outline">This session</Badge>
                ) : (
                  <ConfirmAction
                    action={revokeSession}
                    fields={{ sessionId: session.id }}
                    label="Revoke"
                    srContext={` session of ${owner}`}
                    question="Sign this session out now?"
                    pendingLabel="Revoking…"
                    success="Session revoked."
                    errorLabel="Revoke session error"
                  />
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
