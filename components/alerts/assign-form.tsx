"use client";

import { LoaderCircle, UserRoundCheck } from "lucide-react";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import type { AlertChangeAction } from "@/components/alerts/note-dialog";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

interface AssignFormProps {
  alertId: string;
  assigneeId: string | null;
  assignees: { id: string; name: string }[];
  assign: AlertChangeAction;
}

/** Who works on the alert: anyone who may manage alerts, or no one. */
export function AssignForm({ alertId, assigneeId, assignees, assign }: AssignFormProps) {
  const { state, formAction, pending, formRef, messageRef, fieldErrors } = useActionForm(assign);
  return (
    <form ref={formRef} action={formAction} noValidate aria-label="Assign alert" className="flex flex-col gap-2">
      <input type="hidden" name="alertId" value={alertId} />
      <Label htmlFor="alert-assignee">Assigned to</Label>
      <div className="flex flex-wrap items-center gap-2">
        <NativeSelect id="alert-assignee" name="assigneeId" defaultValue={assigneeId ?? ""} className="w-56" {...fieldA11y("alert-assignee", fieldErrors.assigneeId)}>
          <option value="">No one</option>
          {assignees.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </NativeSelect>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <UserRoundCheck aria-hidden="true" />}
          Assign
        </Button>
      </div>
      <FieldError id="alert-assignee" errors={fieldErrors.assigneeId} />
      <FormMessage ref={messageRef} result={state.result} success="Assignment saved." errorLabel="Assign error" />
    </form>
  );
}
