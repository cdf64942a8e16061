"use client";

import { Check, Copy, TriangleAlert } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

interface NewApiKeyProps {
  name: string;
  apiKey: string;
  onDone: () => void;
}

/** The only time a key is shown: selected for copying, with a plain warning that it cannot be shown again. */
export function NewApiKey({ name, apiKey, onDone }: NewApiKeyProps) {
  const fieldRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  useEffect(() => {
    fieldRef.current?.focus();
    fieldRef.current?.select();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied("yes");
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): the field stays selectable by hand.
      fieldRef.current?.select();
      setCopied("failed");
    }
  }

  return (
    <section aria-labelledby="new-api-key-heading" className="flex flex-col gap-3 rounded-lg border border-warning/40 bg-card p-4">
      <h3 id="new-api-key-heading" className="font-semibold">
        New API key: {name}
      </h3>
      <Alert variant="warning">
        <TriangleAlert aria-hidden="true" />
        <div className="flex flex-col gap-1">
          <AlertTitle>Copy this key now: you will not see it again.</AlertTitle>
          <AlertDescription>Meridian keeps only a hash of it. If it is lost, revoke it and create a new one.</AlertDescription>
        </div>
      </Alert>
      <div className="flex flex-col gap-2">
        <Label htmlFor="new-api-key">API key</Label>
        <div className="flex gap-2">
          <Input ref={fieldRef} id="new-api-key" readOnly value={apiKey} spellCheck={false} className="font-mono" onFocus={(event) => event.currentTarget.select()} />
          <Button variant="outline" onClick={copy}>
            {copied === "yes" ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
            Copy
          </Button>
        </div>
        <p role="status" className="min-h-4 text-xs text-muted-foreground">
          {copied === "yes" && "Copied to the clipboard."}
          {copied === "failed" && "Copying was refused by the browser: the key is selected, copy it with Ctrl+C."}
        </p>
      </div>
      <div>
        <Button onClick={onDone}>I have stored the key</Button>
      </div>
    </section>
  );
}
