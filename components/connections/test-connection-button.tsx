"use client";

import { CircleCheck, CircleX, LoaderCircle, PlugZap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import type { ConnectionTestView } from "@/lib/connections/schema";

interface TestConnectionButtonProps {
  connectionId: string;
  test: (input: { id: string }) => Promise<ActionResult<ConnectionTestView>>;
}

/** Runs a test now and says how it went; the page's history and status refresh with it. */
export function TestConnectionButton({ connectionId, test }: TestConnectionButtonProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<ConnectionTestView> | null>(null);

  function run() {
    startTransition(async () => {
      setResult(await test({ id: connectionId }));
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col items-start gap-3">
      <Button type="button" onClick={run} disabled={pending}>
        {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <PlugZap aria-hidden="true" />}
        {pending ? "Testing…" : "Test connection"}
      </Button>
      <div aria-live="polite" className="w-full">
        {result?.ok && (
          <Alert variant={result.data.success ? "info" : "error"} aria-label="Test result">
            {result.data.success ? <CircleCheck aria-hidden="true" /> : <CircleX aria-hidden="true" />}
            <AlertDescription>
              <strong>{result.data.success ? "Connected" : "Failed"}</strong>
              {": "}
              {result.data.message}
              {result.data.latencyMs !== null && ` (${result.data.latencyMs} ms)`}
            </AlertDescription>
          </Alert>
        )}
        {result && !result.ok && (
          <Alert variant="error" aria-label="Test result">
            <CircleX aria-hidden="true" />
            <AlertDescription>{result.message}</AlertDescription>
          </Alert>
        )}
      </div>
    </div>
  );
}
