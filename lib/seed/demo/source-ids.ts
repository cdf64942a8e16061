import type { DemoConnection } from "@/lib/seed/demo/connections";

type Kind = "PAT" | "OBS" | "MED" | "ALG" | "ORD" | "MSG";

/**
 * Sequential ids per (connection, kind), as an EMR hands them out: unique per source, which the
 * (source_emr, source_*_id) and (sending_facility, message_control_id) constraints require.
 */
export class SourceIds {
  private readonly counts = new Map<string, number>();

  nextNumber(connection: DemoConnection, kind: Kind): number {
    const key = `${connection.slug}:${kind}`;
    const next = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, next);
    return next;
  }

  next(connection: DemoConnection, kind: Exclude<Kind, "PAT">): string {
    return `${connection.controlIdPrefix}${kind}${String(this.nextNumber(connection, kind)).padStart(8, "0")}`;
  }
}
