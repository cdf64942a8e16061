"use client";

import { LoaderCircle, Save } from "lucide-react";
import { FieldError, fieldA11y } from "@/components/forms/field-error";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { ActionResult } from "@/lib/actions/result";
import type { ThresholdField } from "@/lib/alerts/rule-form";
import { ALERT_SEVERITIES, type AlertSeverity } from "@/lib/alerts/rules";

export type UpdateRuleAction = (form: FormData) => Promise<ActionResult<{ key: string; changed: string[] }>>;

export interface RuleSettings {
  key: string;
  title: string;
  enabled: boolean;
  severity: AlertSeverity;
  thresholds: ThresholdField[];
  notifyEmail: string[];
  notifyWebhook: boolean;
  digest: boolean;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

function ThresholdInput({ field, formId, errors }: { field: ThresholdField; formId: string; errors: string[] | undefined }) {
  const id = `${formId}-${field.name}`;
  const name = `thresholds.${field.name}`;
  if (field.kind === "weekdays") {
    const days = Array.isArray(field.value) ? field.value : [];
    return (
      <fieldset className="flex flex-col gap-2" {...fieldA11y(id, errors)}>
        <legend className="mb-2 text-sm font-medium">{field.label}</legend>
        <div className="flex flex-wrap gap-3">
          {WEEKDAYS.map((day, index) => (
            <label key={day} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name={name} value={index + 1} defaultChecked={days.includes(index + 1)} className="size-4 accent-primary" />
              {day}
            </label>
          ))}
        </div>
        <FieldError id={id} errors={errors} />
      </fieldset>
    );
  }
  const numeric = field.kind === "integer" || field.kind === "decimal";
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{field.label}</Label>
      <Input
        id={id}
        name={name}
        type={numeric ? "number" : "text"}
        step={field.kind === "decimal" ? "any" : numeric ? 1 : undefined}
        inputMode={numeric ? (field.kind === "decimal" ? "decimal" : "numeric") : undefined}
        defaultValue={String(field.value)}
        className="w-48"
        {...fieldA11y(id, errors)}
      />
      <FieldError id={id} errors={errors} />
    </div>
  );
}

/** One rule's settings: on/off, severity, thresholds (checked by the rule's own schema on the server) and routing. */
export function RuleSettingsForm({ rule, update }: { rule: RuleSettings; update: UpdateRuleAction }) {
  const formId = `rule-${rule.key.replace(/\W/g, "-")}`;
  const { state, formAction, pending, formRef, messageRef, fieldErrors } = useActionForm(update);
  return (
    <form ref={formRef} action={formAction} noValidate aria-label={`Settings of ${rule.title}`} className="flex flex-col gap-4">
      <input type="hidden" name="key" value={rule.key} />
      <div className="flex flex-wrap items-end gap-6">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="enabled" defaultChecked={rule.enabled} className="size-4 accent-primary" />
          Enabled
        </label>
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${formId}-severity`}>Severity</Label>
          <NativeSelect id={`${formId}-severity`} name="severity" defaultValue={rule.severity} className="w-36" {...fieldA11y(`${formId}-severity`, fieldErrors.severity)}>
            {ALERT_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity.charAt(0).toUpperCase() + severity.slice(1)}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      {rule.thresholds.length > 0 && (
        <div className="grid gap-4 sm:grid-cols-2">
          {rule.thresholds.map((field) => (
            <ThresholdInput key={field.name} field={field} formId={formId} errors={fieldErrors[`thresholds.${field.name}`] ?? fieldErrors[`thresholds.${field.name}.0`]} />
          ))}
        </div>
      )}
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${formId}-email`}>E-mail these addresses</Label>
        <Input
          id={`${formId}-email`}
          name="notifyEmail"
          type="text"
          autoComplete="off"
          defaultValue={rule.notifyEmail.join(", ")}
          placeholder="security@hospital.example, privacy@hospital.example"
          {...fieldA11y(`${formId}-email`, fieldErrors.notifyEmail ?? fieldErrors["notifyEmail.0"], `${formId}-email-hint`)}
        />
        <p id={`${formId}-email-hint`} className="text-xs text-muted-foreground">
          Separated by commas. Messages name the rule, severity and count and link back here; never a patient.
        </p>
        <FieldError id={`${formId}-email`} errors={fieldErrors.notifyEmail ?? fieldErrors["notifyEmail.0"]} />
      </div>
      <div className="flex flex-wrap gap-6">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="notifyWebhook" defaultChecked={rule.notifyWebhook} className="size-4 accent-primary" />
          Post to the alert webhook
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="digest" defaultChecked={rule.digest} className="size-4 accent-primary" />
          Daily digest instead of one e-mail per alert
        </label>
      </div>
      <FormMessage
        ref={messageRef}
        result={state.result}
        success={state.result?.ok && state.result.data.changed.length === 0 ? "Nothing changed." : "Rule saved; the next detection run uses it."}
        errorLabel={`${rule.title} error`}
      />
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <Save aria-hidden="true" />}
          Save<span className="sr-only"> {rule.title}</span>
        </Button>
      </div>
    </form>
  );
}
