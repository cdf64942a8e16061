"use client";

import { ShieldCheck, ShieldX } from "lucide-react";
import Link from "next/link";
import { useActionState } from "react";
import { formatUtc } from "@/components/audit/format";
import { formatNumber } from "@/components/ui/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ActionResult } from "@/lib/actions/result";
import type { LatestVerification } from "@/lib/audit/types";
import type { ChainVerification } from "@/lib/audit/verify";

type VerifyResult = ActionResult<ChainVerification>;

interface VerifyChainPanelProps {
  latest: LatestVerification | null;
  /** The verifyAuditChainAction server action; absent when the role may not verify. */
  verify?: (input: FormData) => Promise<VerifyResult>;
}

interface Shown {
  ok: boolean;
  rowsChecked: number;
  brokenAtId: string | null;
  at: Date;
  by: string | null;
}

function shownOf(latest: LatestVerification | null, result: VerifyResult | null): Shown | null {
  if (result?.ok) {
    const verified = result.data;
    return { ok: verified.ok, rowsChecked: verified.rowsChecked, brokenAtId: verified.ok ? null : verified.brokenAtId, at: verified.verifiedAt, by: null };
  }
  return latest && { ok: latest.ok, rowsChecked: latest.rowsChecked, brokenAtId: latest.brokenAtId, at: latest.verifiedAt, by: latest.verifiedBy };
}

function Status({ shown, fresh }: { shown: Shown; fresh: boolean }) {
  const when = `${fresh ? "Just now" : formatUtc(shown.at)}${shown.by ? ` by ${shown.by}` : ""}`;
  if (shown.ok) {
    return (
      <p className="flex items-center gap-2 text-sm">
        <ShieldCheck aria-hidden="true" className="size-4 text-success" />
        <span>
          <strong>Chain OK:</strong> {formatNumber(shown.rowsChecked)} rows verified. <span className="text-muted-foreground">{when}</span>
        </span>
      </p>
    );
  }
  return (
    <Alert variant="error" aria-label="Audit chain broken">
      <ShieldX aria-hidden="true" />
      <p>
        <strong>Chain broken</strong> at row{" "}
        <Link href={`/audit/${shown.brokenAtId ?? ""}`} className="font-mono underline underline-offset-4">
          #{shown.brokenAtId}
        </Link>{" "}
        ({formatNumber(shown.rowsChecked)} rows checked). A row was altered, inserted or deleted outside the application.{" "}
        <span className="opacity-80">{when}</span>
      </p>
    </Alert>
  );
}

/** The hash chain's state: the last recorded verification, and a button to verify again now. */
export function VerifyChainPanel({ latest, verify }: VerifyChainPanelProps) {
  const [result, verifyAction, pending] = useActionState(
    async (_previous: VerifyResult | null, input: FormData) => (verify ? verify(input) : null),
    null,
  );
  const shown = shownOf(latest, result);
  return (
    <Card aria-labelledby="chain-heading">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1.5">
          <CardTitle id="chain-heading" as="h2">
            Tamper evidence
          </CardTitle>
          <CardDescription>Every event is hash-chained to the previous one; verifying recomputes every hash.</CardDescription>
        </div>
        {verify && (
          <form action={verifyAction}>
            <input type="hidden" name="intent" value="verify" />
            <Button type="submit" variant="outline" disabled={pending}>
              <ShieldCheck aria-hidden="true" />
              {pending ? "Verifying…" : "Verify chain"}
            </Button>
          </form>
        )}
      </CardHeader>
      <CardContent>
        <div aria-live="polite">
          {shown ? <Status shown={shown} fresh={Boolean(result?.ok)} /> : <p className="text-sm text-muted-foreground">The chain has not been verified yet.</p>}
          {result && !result.ok && (
            <Alert variant="error" aria-label="Verification error" className="mt-3">
              {result.message}
            </Alert>
          )}
        </div>
      </CardContent>
    </Card>
  );
}
