"use client";

import { CircleExclamationPoint, RefreshCw } from "lucide-react";
import { useEffect } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// Next hides server error messages in production and gives a digest instead; it matches the server log line.
function digestOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = digestOf(error);

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4 py-10">
      <Alert variant="error" aria-label="Page error">
        <CircleExclamationPoint aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <AlertTitle>This page could not be loaded</AlertTitle>
          <AlertDescription className="text-foreground">
            Something went wrong on our side. Please try again; if it keeps happening, contact your administrator
            {digest ? " and quote the reference below" : ""}.
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
