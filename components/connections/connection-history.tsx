import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ConnectionDetail } from "@/lib/connections/queries";

const dash = <span className="text-muted-foreground">—</span>;

/** The last 20 tests, newest first. */
export function TestHistoryTable({ tests }: { tests: ConnectionDetail["tests"] }) {
  if (tests.length === 0) return <p className="text-sm text-muted-foreground">Not tested yet.</p>;
  return (
    <Table aria-label="Test history">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Result</TableHead>
          <TableHead>Message</TableHead>
          <TableHead className="text-right">Latency</TableHead>
          <TableHead>By</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tests.map((test) => (
          <TableRow key={test.id}>
            <TableCell className="whitespace-nowrap tabular-nums">{formatDateTime(test.testedAt)}</TableCell>
            <TableCell>{test.success ? "Passed" : `Failed (${test.outcome.replaceAll("_", " ")})`}</TableCell>
            <TableCell className="max-w-md break-words">{test.message}</TableCell>
            <TableCell className="text-right tabular-nums">{test.latencyMs === null ? dash : `${formatNumber(test.latencyMs)} ms`}</TableCell>
            <TableCell className="text-muted-foreground">{test.testedBy}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Requests per hour (the specification's ConnectionStatistics), newest hour first. An inbound feed's "requests" are the
 * messages it delivered, their time the time to their ACK.
 */
export function HourlyStatisticsTable({ hourly, noun }: { hourly: ConnectionDetail["hourly"]; noun: "requests" | "messages" }) {
  if (hourly.length === 0) return <p className="text-sm text-muted-foreground">{`No ${noun} in the last 24 hours.`}</p>;
  return (
    <Table aria-label={`${noun === "messages" ? "Messages" : "Requests"} per hour`}>
      <TableHeader>
        <TableRow>
          <TableHead>Hour</TableHead>
          <TableHead className="text-right">Total</TableHead>
          <TableHead className="text-right">Successful</TableHead>
          <TableHead className="text-right">Failed</TableHead>
          <TableHead className="text-right">Average</TableHead>
          <TableHead className="text-right">p95 (≤)</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {hourly.toReversed().map((hour) => (
          <TableRow key={hour.hour.toISOString()}>
            <TableCell className="whitespace-nowrap tabular-nums">{formatDateTime(hour.hour)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatNumber(hour.total)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatNumber(hour.successful)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatNumber(hour.failed)}</TableCell>
            <TableCell className="text-right tabular-nums">{hour.avgMs === null ? dash : `${Math.round(hour.avgMs)} ms`}</TableCell>
            <TableCell className="text-right tabular-nums">{hour.p95Ms === null ? dash : `${formatNumber(hour.p95Ms)} ms`}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
