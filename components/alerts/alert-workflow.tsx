"use client";

import { ConfirmAction } from "@/components/admin/confirm-action";
import { AssignForm } from "@/components/alerts/assign-form";
import { NoteDialog, type AlertChangeAction } from "@/components/alerts/note-dialog";
import type { AlertStatus } from "@/lib/alerts/schema";

export interface AlertWorkflowActions {
  acknowledge: AlertChangeAction;
  assign: AlertChangeAction;
  resolve: AlertChangeAction;
  reopen: AlertChangeAction;
}

interface AlertWorkflowProps {
  alertId: string;
  status: AlertStatus;
  assigneeId: string | null;
  assignees: { id: string; name: string }[];
  actions: AlertWorkflowActions;
}

/** What can be done with the alert in its state: open → acknowledged → resolved (with a note), and reopened. */
export function AlertWorkflow({ alertId, status, assigneeId, assignees, actions }: AlertWorkflowProps) {
  if (status === "resolved") {
    return (
      <NoteDialog
        alertId={alertId}
        action={actions.reopen}
        label="Reopen"
        title="Reopen this alert"
        description="The alert goes back to open. Its resolution stays in the audit trail."
        field="reason"
        fieldLabel="Why it needs another look"
        hint="Recorded in the audit trail."
        maxLength={500}
        variant="outline"
      />
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start gap-3">
        {status === "open" && (
          <ConfirmAction
            action={actions.acknowledge}
            fields={{ alertId }}
            label="Acknowledge"
            pendingLabel="Acknowledging…"
            success="Acknowledged."
            errorLabel="Acknowledge error"
          />
        )}
        <NoteDialog
          alertId={alertId}
          action={actions.resolve}
          label="Resolve"
          title="Resolve this alert"
          description="Say what the investigation found and what was done. The note is kept with the alert and in the audit trail; no patient details, please."
          field="note"
          fieldLabel="Resolution note"
          hint="Required. For example: “Confirmed with the user's manager: covering for a colleague on the ward.”"
          maxLength={2000}
        />
      </div>
      <AssignForm alertId={alertId} assigneeId={assigneeId} assignees={assignees} assign={actions.assign} />
    </div>
  );
}
