"use client";

import { LoaderCircle, Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { SelectField, TextField } from "@/components/patients/form-fields";
import { allergyInput } from "@/components/patients/form-input";
import { humanize, isoDay } from "@/components/ui/format";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import { ReactionSeverityEnum, type AllergyResponse } from "@/lib/allergies/schema";
import {
  AllergyCategoryEnum,
  AllergyClinicalStatusEnum,
  AllergyCriticalityEnum,
  AllergyTypeEnum,
  AllergyVerificationStatusEnum,
} from "@/lib/shared-schema/enums";

export type AllergyAction = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

const optionsOf = (values: readonly string[]) => values.map((value) => ({ value, label: humanize(value) }));

interface AllergyFormProps {
  patientId: string;
  /** The allergy being edited; a new one when absent. */
  allergy?: AllergyResponse;
  save: AllergyAction;
  onSaved: () => void;
  onCancel: () => void;
}

/**
 * Add or edit an allergy. Reactions are rows of manifestation and severity; a blank row is ignored, and
 * "Add reaction" appends one.
 */
export function AllergyForm({ patientId, allergy, save, onSaved, onCancel }: AllergyFormProps) {
  const id = useId();
  const [reactionRows, setReactionRows] = useState(() => Math.max(1, allergy?.reactions.length ?? 0));
  const { state, formAction, pending, formRef, messageRef, fieldErrors: errors, valueOf } = useActionForm(
    (data: FormData) => save({ ...allergyInput(data), patientId, ...(allergy ? { allergyId: allergy.id } : {}) }),
    onSaved,
  );
  const field = (name: string) => `${id}-${name}`;
  const verb = allergy ? "Save allergy" : "Add allergy";

  return (
    <form
      ref={formRef}
      action={formAction}
      noValidate
      aria-label={allergy ? `Edit allergy ${allergy.allergen}` : "New allergy"}
      className="flex flex-col gap-4 rounded-lg border bg-card p-4 shadow-xs"
    >
      <FormMessage ref={messageRef} result={state.result} success="Allergy saved." errorLabel="Allergy error" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <TextField id={field("allergen")} name="allergen" label="Allergen" required autoComplete="off" defaultValue={valueOf("allergen", allergy?.allergen)} errors={errors.allergen} />
        <SelectField
          id={field("category")}
          name="category"
          label="Category"
          required
          placeholder="Choose…"
          options={optionsOf(AllergyCategoryEnum.options)}
          defaultValue={valueOf("category", allergy?.category)}
          errors={errors.category}
        />
        <SelectField
          id={field("criticality")}
          name="criticality"
          label="Criticality"
          placeholder="Not recorded"
          options={optionsOf(AllergyCriticalityEnum.options)}
          defaultValue={valueOf("criticality", allergy?.criticality)}
          errors={errors.criticality}
        />
        <SelectField
          id={field("type")}
          name="allergyType"
          label="Type"
          options={optionsOf(AllergyTypeEnum.options)}
          defaultValue={valueOf("allergyType", allergy?.allergyType ?? "allergy")}
          errors={errors.allergyType}
        />
        <SelectField
          id={field("clinical")}
          name="clinicalStatus"
          label="Clinical status"
          options={optionsOf(AllergyClinicalStatusEnum.options)}
          defaultValue={valueOf("clinicalStatus", allergy?.clinicalStatus ?? "active")}
          errors={errors.clinicalStatus}
        />
        <SelectField
          id={field("verification")}
          name="verificationStatus"
          label="Verification status"
          options={optionsOf(AllergyVerificationStatusEnum.options)}
          defaultValue={valueOf("verificationStatus", allergy?.verificationStatus ?? "unconfirmed")}
          errors={errors.verificationStatus}
        />
        <TextField id={field("onset")} name="onsetDate" label="Onset date" type="date" defaultValue={valueOf("onsetDate", isoDay(allergy?.onsetDate))} errors={errors.onsetDate} />
      </div>
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium">Reactions</legend>
        {Array.from({ length: reactionRows }, (_, row) => {
          const existing = allergy?.reactions[row];
          return (
            <div key={row} className="grid items-end gap-3 sm:grid-cols-[1fr_12rem_auto]">
              <TextField
                id={field(`reaction-${row}`)}
                name={`reactions.${row}.manifestation`}
                label={`Reaction ${row + 1}`}
                autoComplete="off"
                placeholder="e.g. Hives"
                defaultValue={valueOf(`reactions.${row}.manifestation`, existing?.manifestation)}
                errors={errors[`reactions.${row}.manifestation`]}
              />
              <SelectField
                id={field(`severity-${row}`)}
                name={`reactions.${row}.severity`}
                label={`Severity of reaction ${row + 1}`}
                placeholder="Not recorded"
                options={optionsOf(ReactionSeverityEnum.options)}
                defaultValue={valueOf(`reactions.${row}.severity`, existing?.severity)}
                errors={errors[`reactions.${row}.severity`]}
              />
              {row === reactionRows - 1 && reactionRows > 1 ? (
                <Button variant="ghost" size="icon" onClick={() => setReactionRows(reactionRows - 1)}>
                  <X aria-hidden="true" />
                  <span className="sr-only">Remove reaction {row + 1}</span>
                </Button>
              ) : (
                <span aria-hidden="true" className="hidden size-10 sm:block" />
              )}
            </div>
          );
        })}
        <div>
          <Button variant="outline" size="sm" onClick={() => setReactionRows(reactionRows + 1)}>
            <Plus aria-hidden="true" />
            Add reaction
          </Button>
        </div>
        {errors.reactions && <p className="text-xs font-medium text-destructive">{errors.reactions.join(" ")}</p>}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {verb}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
