"use client";

import { KeySquare, LoaderCircle } from "lucide-react";
import { useState } from "react";
import { NewApiKey } from "@/components/admin/new-api-key";
import { RoleSelect } from "@/components/admin/role-select";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/result";
import type { IssuedApiKey } from "@/lib/api-keys/provisioning";

export type CreateApiKeyAction = (form: FormData) => Promise<ActionResult<IssuedApiKey>>;

interface IssuedKey {
  name: string;
  key: string;
}

export function CreateApiKeyForm({ createApiKey }: { createApiKey: CreateApiKeyAction }) {
  // Held only in this component's memory until the administrator confirms they have stored it.
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf } = useActionForm(
    createApiKey,
    (created) => setIssued({ name: created.name, key: created.key }),
  );
  const succeeded = state.result?.ok === true;
  const keep = (name: string, initial = "") => (succeeded ? initial : valueOf(name, initial));

  if (issued) return <NewApiKey name={issued.name} apiKey={issued.key} onDone={() => setIssued(null)} />;

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-4" aria-busy={pending} noValidate>
      {!succeeded && <FormMessage ref={messageRef} result={state.result} errorLabel="Create API key error" success="" />}
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="flex flex-col gap-2">
          <Label htmlFor="api-key-name">Name</Label>
          <Input id="api-key-name" name="name" autoComplete="off" required defaultValue={keep("name")} {...fieldA11y("api-key-name", fieldErrors.name, "api-key-name-hint")} />
          <p id="api-key-name-hint" className="text-xs text-muted-foreground">
            The system that will use it, e.g. Lab feed.
          </p>
          <FieldError id="api-key-name" errors={fieldErrors.name} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="api-key-role">Role</Label>
          <RoleSelect id="api-key-role" name="role" defaultValue={keep("role", "integration")} {...fieldA11y("api-key-role", fieldErrors.role)} />
          <FieldError id="api-key-role" errors={fieldErrors.role} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="api-key-expiry">Expires on (optional)</Label>
          <Input id="api-key-expiry" name="expiresAt" type="date" defaultValue={keep("expiresAt")} {...fieldA11y("api-key-expiry", fieldErrors.expiresAt, "api-key-expiry-hint")} />
          <p id="api-key-expiry-hint" className="text-xs text-muted-foreground">
            Works until the end of that day (UTC). Leave empty for no expiry.
          </p>
          <FieldError id="api-key-expiry" errors={fieldErrors.expiresAt} />
        </div>
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <KeySquare aria-hidden="true" />}
          {pending ? "Creating…" : "Create API key"}
        </Button>
      </div>
    </form>
  );
}
