import type { PropertyRow } from "@/components/api-docs/schema-type";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** Fields of a schema or parameters of an operation: name, type, required, what it means. */
export function PropertyTable({ caption, rows }: { caption: string; rows: PropertyRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Table aria-label={caption}>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Description</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.name}>
            <TableCell className="align-top font-mono text-xs">
              {row.name}
              {row.required && (
                <Badge variant="outline" className="ml-2">
                  required
                </Badge>
              )}
            </TableCell>
            <TableCell className="max-w-64 align-top font-mono text-xs break-words whitespace-normal">{row.type}</TableCell>
            <TableCell className="align-top text-sm whitespace-normal">
              {row.description}
              {row.constraints.length > 0 && <span className="block text-xs text-muted-foreground">{row.constraints.join(", ")}</span>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
