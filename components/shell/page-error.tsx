"use client";

import { CircleExclamationPoint, RefreshCw } from "lucide-react";
import { useEffect, type ReactNode } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// Next hides server error messages in production and gives a digest instead; it matches the server log line.
function digestOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}

interface PageErrorProps {
  error: unknown;
  retry: () => void;
  label: string;
  title: string;
  /** Receives the reference sentence's ending, present only when there is a digest to quote. */
  description: (quoteReference: string) => ReactNode;
  /** Actions beside "Try again". */
  children?: ReactNode;
}

/** The error state of a section: what failed, a retry, and a reference to the server log, never the error text. */
export function PageError({ error, retry, label, title, description, children }: PageErrorProps) {
  const digest = digestOf(error);

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4 py-10">
      <Alert variant="error" aria-label={label}>
        <CircleExclamationPoint aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <AlertTitle>{title}</AlertTitle>
          <AlertDescription className="text-foreground">{description(digest ? " and quote the reference below" : "")}</AlertDescription>
          {digest && <p className="mt-1 font-mono text-xs text-muted-foreground">Reference: {digest}</p>}
        </div>
      </Alert>
      <div className="flex gap-2">
        <Button onClick={retry} variant="outline">
          <RefreshCw aria-hidden="true" />
          Try again
        </Button>
        {children}
      </div>
    </div>
  );
}
