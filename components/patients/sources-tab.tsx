import { formatDate } from "@/components/ui/format";
import { observationName } from "@/components/patients/observations";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AggregatedPatientData } from "@/lib/patients/schema";

/** Records entered in Meridian itself have no source EMR. */
const LOCAL = "Entered in Meridian";

interface SourceTotals {
  source: string;
  demographics: string | null;
  observations: number;
  medications: number;
  allergies: number;
}

function totalsBySource(chart: AggregatedPatientData): SourceTotals[] {
  const totals = new Map<string, SourceTotals>();
  const entry = (source: string | null) => {
    const key = source ?? LOCAL;
    let found = totals.get(key);
    if (!found) {
      found = { source: key, demographics: null, observations: 0, medications: 0, allergies: 0 };
      totals.set(key, found);
    }
    return found;
  };
  entry(chart.patient.sourceEmr).demographics = chart.patient.sourcePatientId ?? "Yes";
  // Counted in PostgreSQL over every result: the chart itself holds only the latest of each test.
  for (const { sourceEmr, count } of chart.observationCounts.bySource) entry(sourceEmr).observations += count;
  for (const medication of chart.medications) entry(medication.sourceEmr).medications += 1;
  for (const allergy of chart.allergies) entry(allergy.sourceEmr).allergies += 1;
  return [...totals.values()].sort((a, b) => a.source.localeCompare(b.source));
}

interface ProvenanceRow {
  id: string;
  record: string;
  /** An instant or a calendar date ("YYYY-MM-DD"); shown as its day. */
  date: Date | string | null;
  sourceEmr: string | null;
  sourceId: string | null;
}

function ProvenanceTable({ title, rows }: { title: string; rows: ProvenanceRow[] }) {
  return (
    <details className="rounded-lg border bg-card shadow-xs">
      <summary className="cursor-pointer rounded-lg px-4 py-3 text-sm font-medium">
        {title} ({rows.length})
      </summary>
      {rows.length > 0 && (
        <Table aria-label={`${title} by source`}>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Record</TableHead>
              <TableHead>Date</TableHead>
              <TableHead>Source EMR</TableHead>
              <TableHead>Id in source</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id}>
                <TableCell>{row.record}</TableCell>
                <TableCell className="whitespace-nowrap">{formatDate(row.date)}</TableCell>
                <TableCell>{row.sourceEmr ?? LOCAL}</TableCell>
                <TableCell className="font-mono text-xs">{row.sourceId ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </details>
  );
}

/** Where each part of the chart came from: totals per EMR, then every record with its id in that EMR. */
export function SourcesTab({ chart }: { chart: AggregatedPatientData }) {
  const totals = totalsBySource(chart);
  return (
    <>
      <section aria-labelledby="sources-heading" className="flex flex-col gap-3">
        <h2 id="sources-heading" className="text-base font-semibold">
          Records by source
        </h2>
        <div className="rounded-lg border bg-card shadow-xs">
          <Table aria-labelledby="sources-heading">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Source EMR</TableHead>
                <TableHead>Patient record (id in source)</TableHead>
                <TableHead>Observations</TableHead>
                <TableHead>Medications</TableHead>
                <TableHead>Allergies</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {totals.map((row) => (
                <TableRow key={row.source}>
                  <TableHead scope="row" className="font-medium text-foreground">
                    {row.source}
                  </TableHead>
                  <TableCell className="font-mono text-xs">{row.demographics ?? "—"}</TableCell>
                  <TableCell className="tabular-nums">{row.observations}</TableCell>
                  <TableCell className="tabular-nums">{row.medications}</TableCell>
                  <TableCell className="tabular-nums">{row.allergies}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </section>
      <section aria-labelledby="provenance-heading" className="flex flex-col gap-3">
        <h2 id="provenance-heading" className="text-base font-semibold">
          Record provenance
        </h2>
        <ProvenanceTable
          title="Latest observations"
          rows={chart.observations.map((observation) => ({
            id: observation.id,
            record: observationName(observation),
            date: observation.effectiveDatetime,
            sourceEmr: observation.sourceEmr,
            sourceId: observation.sourceObservationId,
          }))}
        />
        <ProvenanceTable
          title="Medications"
          rows={chart.medications.map((medication) => ({
            id: medication.id,
            record: medication.medicationName,
            date: medication.startDate,
            sourceEmr: medication.sourceEmr,
            sourceId: medication.sourceMedicationId,
          }))}
        />
        <ProvenanceTable
          title="Allergies"
          rows={chart.allergies.map((allergy) => ({
            id: allergy.id,
            record: allergy.allergen,
            date: allergy.recordedDate ?? allergy.onsetDate,
            sourceEmr: allergy.sourceEmr,
            sourceId: allergy.sourceAllergyId,
          }))}
        />
      </section>
    </>
  );
}
