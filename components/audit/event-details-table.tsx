import { humanize } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Prisma } from "@/lib/generated/prisma/client";

interface DetailRow {
  field: string;
  value: string;
}

/** "rowsChecked" or "brokenAt_id" → "Rows checked", "Broken at id". */
function fieldName(key: string): string {
  return humanize(key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase());
}

function shown(value: string | number | boolean | null): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

const isPrimitive = (value: Prisma.JsonValue): value is string | number | boolean | null => value === null || typeof value !== "object";

/** The details as field/value rows: nested objects as "Filter › Event type", lists of plain values joined. */
function rowsOf(value: Prisma.JsonValue, path: string[] = []): DetailRow[] {
  const field = path.join(" › ") || "Value";
  if (isPrimitive(value)) return [{ field, value: shown(value) }];
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ field, value: "none" }];
    if (value.every(isPrimitive)) return [{ field, value: value.map(shown).join(", ") }];
    return value.flatMap((item, index) => rowsOf(item, [...path, `${index + 1}`]));
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return [{ field, value: "none" }];
  return entries.flatMap(([key, item]) => (item === undefined ? [] : rowsOf(item, [...path, fieldName(key)])));
}

/** An event's details as a readable table, with the stored JSON one click away for exact comparison. */
export function EventDetailsTable({ details }: { details: Prisma.JsonValue }) {
  const rows = rowsOf(details);
  return (
    <div className="flex flex-col gap-3">
      <Table aria-label="Event details">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-1/3">Field</TableHead>
            <TableHead>Value</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.field}>
              <TableCell className="align-top text-muted-foreground">{row.field}</TableCell>
              <TableCell className="break-all">{row.value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <details className="text-sm">
        <summary className="cursor-pointer text-muted-foreground">Stored JSON</summary>
        <pre className="mt-2 overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs" tabIndex={0} aria-label="Details as stored (JSON)">
          {JSON.stringify(details, null, 2)}
        </pre>
      </details>
    </div>
  );
}
