/** Rows as aligned, plain-text columns with a header line: readable in a terminal, splittable with `awk`. */
export function printTable<Row>(rows: readonly Row[], columns: Record<string, (row: Row) => string>): void {
  const headers = Object.keys(columns);
  const cells = rows.map((row) => Object.values(columns).map((cell) => cell(row).replace(/\s+/g, " ")));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const format = (line: readonly string[]) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  console.log(format(headers));
  for (const line of cells) console.log(format(line));
}

/** Dates as UTC minutes, `2026-11-01 15:04Z`; "-" for none. */
export function when(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")}Z` : "-";
}
