import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** NULL in PostgreSQL's COPY text format. */
export const NULL = "\\N";

/** Escapes a value for COPY text format: backslash, tab, newline and carriage return are the special bytes. */
export function copyEscape(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : value;
}

/**
 * Streams text chunks into `COPY table (columns) FROM STDIN`. The pipeline pulls a chunk only when the socket
 * has room, so row generation in Node overlaps with parsing and index maintenance in the server.
 */
export async function copyInto(client: pg.ClientBase, table: string, columns: readonly string[], chunks: Iterable<string>): Promise<number> {
  const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}
