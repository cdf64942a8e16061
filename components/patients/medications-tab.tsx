import { formatDate, humanize } from "@/components/ui/format";
import { MedicationStatusForm, type ChangeMedicationStatusAction } from "@/components/patients/medication-status-form";
import { currentMedications, doseText, pastMedications } from "@/components/patients/medications";
import { EmptyNote } from "@/components/patients/observation-parts";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { MedicationResponse } from "@/lib/medications/schema";

interface MedicationsTabProps {
  medications: readonly MedicationResponse[];
  /** Given to users with patients:write. */
  changeStatus?: ChangeMedicationStatusAction;
}

function MedicationTable({ id, title, medications, changeStatus }: { id: string; title: string } & Omit<MedicationsTabProps, "medications"> & { medications: MedicationResponse[] }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <h2 id={id} className="text-base font-semibold">
        {title} <span className="text-sm font-normal text-muted-foreground">({medications.length})</span>
      </h2>
      {medications.length === 0 ? (
        <EmptyNote>{`No ${title.toLowerCase()}.`}</EmptyNote>
      ) : (
        <div className="rounded-lg border bg-card shadow-xs">
          <Table aria-labelledby={id}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Medication</TableHead>
                <TableHead>Dose</TableHead>
                <TableHead>Route</TableHead>
                <TableHead>Frequency</TableHead>
                <TableHead>Prescriber</TableHead>
                <TableHead>Start</TableHead>
                <TableHead>End</TableHead>
                <TableHead>Status</TableHead>
                {changeStatus && <TableHead>Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {medications.map((medication) => (
                <TableRow key={medication.id} className="align-top">
                  <TableCell>
                    <span className="flex flex-col">
                      <span className="font-medium">{medication.medicationName}</span>
                      {medication.genericName && <span className="text-xs text-muted-foreground">{medication.genericName}</span>}
                      {medication.instructions && <span className="text-xs text-muted-foreground">{medication.instructions}</span>}
                    </span>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{doseText(medication)}</TableCell>
                  <TableCell>{medication.route ?? "—"}</TableCell>
                  <TableCell>{medication.frequency ?? "—"}</TableCell>
                  <TableCell>{medication.prescriberName ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDate(medication.startDate)}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDate(medication.endDate)}</TableCell>
                  <TableCell>
                    <Badge variant={medication.status === "active" ? "success" : "muted"}>{humanize(medication.status)}</Badge>
                  </TableCell>
                  {changeStatus && (
                    <TableCell>
                      <MedicationStatusForm
                        medicationId={medication.id}
                        medicationName={medication.medicationName}
                        status={medication.status}
                        change={changeStatus}
                      />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

export function MedicationsTab({ medications, changeStatus }: MedicationsTabProps) {
  return (
    <>
      <MedicationTable id="medications-current" title="Current medications" medications={currentMedications(medications)} changeStatus={changeStatus} />
      <MedicationTable id="medications-past" title="Past medications" medications={pastMedications(medications)} changeStatus={changeStatus} />
    </>
  );
}
