"use client";

import { CircleExclamationPoint, RefreshCw } from "lucide-react";
import { useEffect } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

function digestOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}

/** The audit pages' error state: the trail could not be read (a read that cannot be audited is refused too). */
export default function AuditError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = digestOf(error);

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4 py-10">
      <Alert variant="error" aria-label="Audit log error">
        <CircleExclamationPoint aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <AlertTitle>The audit trail could not be loaded</AlertTitle>
          <AlertDescription className="text-foreground">
            Reading the trail failed, or recording this review in it did. Please try again
            {digest ? "; if it keeps happening, quote the reference below" : ""}.
          </AlertDescription>
          {digest && <p className="mt-1 font-mono text-xs text-muted-foreground">Reference: {digest}</p>}
        </div>
      </Alert>
      <div>
        <Button onClick={retry} variant="outline">
          <RefreshCw aria-hidden="true" />
          Try again
        </Button>
      </div>
    </div>
  );
}
