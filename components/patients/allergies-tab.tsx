"use client";

import { Pencil, Plus } from "lucide-react";
import { Fragment, useRef, useState } from "react";
import { reactionSummary } from "@/components/patients/allergies";
import { AllergyForm, type AllergyAction } from "@/components/patients/allergy-form";
import { formatDate, humanize } from "@/components/ui/format";
import { EmptyNote } from "@/components/patients/observation-parts";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AllergyResponse } from "@/lib/allergies/schema";

interface AllergiesTabProps {
  patientId: string;
  allergies: readonly AllergyResponse[];
  /** Given to users with patients:write. */
  create?: AllergyAction;
  update?: AllergyAction;
}

const COLUMNS = ["Allergen", "Category", "Criticality", "Reactions", "Clinical status", "Verification", "Onset"] as const;

/** Every allergy on record (current and past); clinicians edit one in place or add a new one below. */
export function AllergiesTab({ patientId, allergies, create, update }: AllergiesTabProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const addButton = useRef<HTMLButtonElement>(null);

  function finishEdit(allergy: AllergyResponse, saved: boolean) {
    setEditing(null);
    if (saved) setAnnouncement(`${allergy.allergen} saved.`);
    requestAnimationFrame(() => document.getElementById(`edit-allergy-${allergy.id}`)?.focus());
  }

  function finishAdd(saved: boolean) {
    setAdding(false);
    if (saved) setAnnouncement("Allergy added.");
    requestAnimationFrame(() => addButton.current?.focus());
  }

  return (
    <section aria-labelledby="allergies-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="allergies-heading" className="text-base font-semibold">
          Allergies and intolerances <span className="text-sm font-normal text-muted-foreground">({allergies.length})</span>
        </h2>
        {create && !adding && (
          <Button ref={addButton} size="sm" onClick={() => setAdding(true)}>
            <Plus aria-hidden="true" />
            Add allergy
          </Button>
        )}
      </div>
      <p role="status" className="text-sm text-success empty:hidden">
        {announcement}
      </p>
      {create && adding && <AllergyForm patientId={patientId} save={create} onSaved={() => finishAdd(true)} onCancel={() => finishAdd(false)} />}
      {allergies.length === 0 ? (
        <EmptyNote>No known allergies.</EmptyNote>
      ) : (
        <div className="rounded-lg border bg-card shadow-xs">
          <Table aria-labelledby="allergies-heading">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                {COLUMNS.map((column) => (
                  <TableHead key={column}>{column}</TableHead>
                ))}
                {update && <TableHead>Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {allergies.map((allergy) => (
                <Fragment key={allergy.id}>
                  <TableRow>
                    <TableCell className="font-medium">
                      {allergy.allergen}
                      {allergy.allergyType === "intolerance" && <span className="block text-xs font-normal text-muted-foreground">Intolerance</span>}
                    </TableCell>
                    <TableCell>{humanize(allergy.category)}</TableCell>
                    <TableCell>
                      {allergy.criticality === "high" ? (
                        <Badge variant="destructive">High</Badge>
                      ) : (
                        <span className={allergy.criticality ? undefined : "text-muted-foreground"}>{allergy.criticality ? humanize(allergy.criticality) : "Not recorded"}</span>
                      )}
                    </TableCell>
                    <TableCell>{reactionSummary(allergy)}</TableCell>
                    <TableCell>{humanize(allergy.clinicalStatus)}</TableCell>
                    <TableCell>{humanize(allergy.verificationStatus)}</TableCell>
                    <TableCell className="whitespace-nowrap">{formatDate(allergy.onsetDate)}</TableCell>
                    {update && (
                      <TableCell>
                        <Button
                          id={`edit-allergy-${allergy.id}`}
                          variant="outline"
                          size="sm"
                          aria-expanded={editing === allergy.id}
                          onClick={() => setEditing(editing === allergy.id ? null : allergy.id)}
                        >
                          <Pencil aria-hidden="true" />
                          Edit<span className="sr-only"> {allergy.allergen}</span>
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                  {update && editing === allergy.id && (
                    <TableRow className="hover:bg-transparent">
                      <TableCell colSpan={COLUMNS.length + 1} className="bg-muted/40">
                        <AllergyForm
                          patientId={patientId}
                          allergy={allergy}
                          save={update}
                          onSaved={() => finishEdit(allergy, true)}
                          onCancel={() => finishEdit(allergy, false)}
                        />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
