import { DemographicsList } from "@/components/patients/demographics-list";
import { byCriticality, currentAllergies, reactionSummary } from "@/components/patients/allergies";
import { formatDate, formatDateTime, humanize } from "@/components/ui/format";
import { currentMedications, doseText } from "@/components/patients/medications";
import { EmptyNote, FlagBadge } from "@/components/patients/observation-parts";
import { latestByCode, recentAbnormal, resultRows } from "@/components/patients/observations";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AggregatedPatientData } from "@/lib/patients/schema";

const RECENT_ABNORMAL_LIMIT = 8;

/** The chart at a glance: latest vitals, what the patient takes, what they react to, what is out of range, and who they are. */
export function SummaryTab({ chart }: { chart: AggregatedPatientData }) {
  const vitals = resultRows(latestByCode(chart.observations, "vital_signs"));
  const medications = currentMedications(chart.medications).filter((medication) => medication.status === "active");
  const allergies = byCriticality(currentAllergies(chart.allergies));
  const abnormal = resultRows(recentAbnormal(chart.observations, RECENT_ABNORMAL_LIMIT));

  return (
    <div className="grid items-start gap-4 lg:grid-cols-2">
      <Card aria-labelledby="summary-vitals">
        <CardHeader>
          <CardTitle id="summary-vitals">Latest vitals</CardTitle>
        </CardHeader>
        <CardContent>
          {vitals.length === 0 ? (
            <EmptyNote>No vital signs recorded.</EmptyNote>
          ) : (
            <dl className="grid grid-cols-2 gap-3 text-sm">
              {vitals.map((vital) => (
                <div key={vital.id} className="flex flex-col gap-0.5 rounded-md border p-2.5">
                  <dt className="text-xs text-muted-foreground">{vital.name}</dt>
                  <dd className="flex flex-wrap items-center gap-2 font-semibold tabular-nums">
                    <span title={vital.unitCode ? `UCUM ${vital.unitCode}` : undefined}>{vital.value}</span>
                    <FlagBadge flag={vital.flag} />
                  </dd>
                  <dd className="text-xs text-muted-foreground">{formatDate(vital.at)}</dd>
                </div>
              ))}
            </dl>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby="summary-medications">
        <CardHeader>
          <CardTitle id="summary-medications">Active medications</CardTitle>
        </CardHeader>
        <CardContent>
          {medications.length === 0 ? (
            <EmptyNote>No active medications.</EmptyNote>
          ) : (
            <ul className="divide-y text-sm">
              {medications.map((medication) => (
                <li key={medication.id} className="flex flex-col gap-0.5 py-2 first:pt-0 last:pb-0">
                  <span className="font-medium">{medication.medicationName}</span>
                  <span className="text-muted-foreground">
                    {[doseText(medication), medication.route, medication.frequency].filter((part) => part && part !== "—").join(" · ") || "No dosing recorded"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby="summary-allergies">
        <CardHeader>
          <CardTitle id="summary-allergies">Current allergies</CardTitle>
        </CardHeader>
        <CardContent>
          {allergies.length === 0 ? (
            <EmptyNote>No known allergies.</EmptyNote>
          ) : (
            <ul className="divide-y text-sm">
              {allergies.map((allergy) => (
                <li key={allergy.id} className="flex flex-col gap-0.5 py-2 first:pt-0 last:pb-0">
                  <span className="font-medium">
                    {allergy.allergen}{" "}
                    <span className={allergy.criticality === "high" ? "text-destructive" : "text-muted-foreground"}>
                      ({allergy.criticality ? `${humanize(allergy.criticality)} criticality` : "criticality not recorded"})
                    </span>
                  </span>
                  <span className="text-muted-foreground">{reactionSummary(allergy)}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby="summary-abnormal">
        <CardHeader>
          <CardTitle id="summary-abnormal">Recent abnormal results</CardTitle>
        </CardHeader>
        <CardContent>
          {abnormal.length === 0 ? (
            <EmptyNote>No abnormal results.</EmptyNote>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Test</TableHead>
                  <TableHead>Result</TableHead>
                  <TableHead>Range</TableHead>
                  <TableHead>Date</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {abnormal.map((result) => (
                  <TableRow key={result.id}>
                    <TableCell className="font-medium">{result.name}</TableCell>
                    <TableCell>
                      <span className="flex flex-wrap items-center gap-2 tabular-nums">
                        <span title={result.unitCode ? `UCUM ${result.unitCode}` : undefined}>{result.value}</span>
                        <FlagBadge flag={result.flag} />
                      </span>
                    </TableCell>
                    <TableCell className="text-muted-foreground">{result.range}</TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground" title={formatDateTime(result.at)}>
                      {formatDate(result.at)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card className="lg:col-span-2" aria-labelledby="summary-demographics">
        <CardHeader>
          <CardTitle id="summary-demographics">Demographics</CardTitle>
        </CardHeader>
        <CardContent>
          <DemographicsList patient={chart.patient} />
        </CardContent>
      </Card>
    </div>
  );
}
