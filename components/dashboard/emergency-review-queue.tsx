"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ReviewEmergencyAccess, type ReviewEmergencyAccessAction } from "@/components/dashboard/review-emergency-access-form";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** One emergency access awaiting review, formatted on the server. */
export interface AwaitingReviewRow {
  grantId: string;
  grantedAt: string;
  expiresAt: string;
  reason: string;
  userName: string;
  patientId: string;
  patientMrn: string;
}

interface EmergencyReviewQueueProps {
  rows: AwaitingReviewRow[];
  /** The action, or absent when the viewer may see the queue but not review. */
  review?: ReviewEmergencyAccessAction;
}

/**
 * The emergency accesses nobody has reviewed yet, longest-waiting first. A recorded review refreshes the list (the
 * row leaves it) and says so in a status line, which takes the focus the closed dialog's button can no longer hold.
 */
export function EmergencyReviewQueue({ rows, review }: EmergencyReviewQueueProps) {
  const router = useRouter();
  const [reviewed, setReviewed] = useState<string | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (reviewed) statusRef.current?.focus();
  }, [reviewed]);

  function onReviewed(summary: string) {
    setReviewed(`Reviewed the emergency access by ${summary}.`);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-3">
      <p ref={statusRef} tabIndex={-1} role="status" className="text-sm text-success empty:hidden">
        {reviewed}
      </p>
      {rows.length === 0 ? (
        <p className="rounded-lg border bg-card p-4 text-sm text-muted-foreground shadow-xs">Every emergency access has been reviewed.</p>
      ) : (
        <div className="rounded-lg border bg-card shadow-xs">
          <Table aria-label="Emergency accesses awaiting review">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Opened</TableHead>
                <TableHead>By</TableHead>
                <TableHead>Patient MRN</TableHead>
                <TableHead>Reason given</TableHead>
                <TableHead>Access until</TableHead>
                {review && (
                  <TableHead>
                    <span className="sr-only">Review</span>
                  </TableHead>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => {
                const summary = `${row.userName}, patient ${row.patientMrn}, ${row.grantedAt}`;
                return (
                  <TableRow key={row.grantId}>
                    <TableCell className="whitespace-nowrap tabular-nums">{row.grantedAt}</TableCell>
                    <TableCell>{row.userName}</TableCell>
                    <TableCell className="font-mono text-xs whitespace-nowrap">
                      <Link href={`/patients/${row.patientId}`} className="text-primary underline-offset-4 hover:underline">
                        {row.patientMrn}
                      </Link>
                    </TableCell>
                    <TableCell className="max-w-80">{row.reason}</TableCell>
                    <TableCell className="whitespace-nowrap tabular-nums">{row.expiresAt}</TableCell>
                    {review && (
                      <TableCell>
                        <ReviewEmergencyAccess grantId={row.grantId} summary={summary} reason={row.reason} review={review} onReviewed={onReviewed} />
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
