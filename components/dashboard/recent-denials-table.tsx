import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { RecentDenial } from "@/lib/review/queue";

const ROLE_NAMES = new Map<string, string>(Object.entries(ROLE_LABELS));

/** The latest refusals: who was refused what, where, and a link to each event in the audit log. */
export function RecentDenialsTable({ denials }: { denials: readonly RecentDenial[] }) {
  return (
    <div className="rounded-lg border bg-card shadow-xs">
      <Table aria-label="Recent refusals">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>When</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>Refused</TableHead>
            <TableHead>Request</TableHead>
            <TableHead>Address</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {denials.map((denial) => (
            <TableRow key={denial.auditId}>
              <TableCell className="whitespace-nowrap tabular-nums">
                <Link href={`/audit/${denial.auditId}`} className="text-primary underline-offset-4 hover:underline">
                  {formatDateTime(denial.timestamp)}
                </Link>
              </TableCell>
              <TableCell>
                {denial.username ?? "Not signed in"}
                {denial.userRole && <span className="block text-xs text-muted-foreground">{ROLE_NAMES.get(denial.userRole) ?? denial.userRole}</span>}
              </TableCell>
              <TableCell className="font-mono text-xs">{denial.permission ?? denial.action}</TableCell>
              <TableCell className="max-w-72 truncate font-mono text-xs" title={denial.requestPath ?? undefined}>
                {[denial.requestMethod, denial.requestPath].filter(Boolean).join(" ") || "—"}
                {denial.statusCode && <span className="text-muted-foreground"> → {denial.statusCode}</span>}
              </TableCell>
              <TableCell className="font-mono text-xs">{denial.ipAddress ?? "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
