import "server-only";
import type { AuditAction, DataCategory } from "@/lib/audit/events";
import { recordAudit } from "@/lib/audit/writer";
import type { AuthContext } from "@/lib/auth/assert";
import { AppError } from "@/lib/errors";
import { openChartForWrite, type PatientHeader } from "@/lib/patients/access";
import { Uuid } from "@/lib/shared-schema/fields";

/**
 * A clinical record written under its source system's id: `created` when it was new (HTTP 201), false when a
 * resend of the same source record updated it in place (200). The tables' unique (source_emr, source_…_id)
 * constraints decide which, so two concurrent sends can never make two rows.
 */
export interface Recorded<T> {
  record: T;
  created: boolean;
}

/** A resend names a source record already on another patient's chart: moving it is not what a resend means. */
export function sourceRecordElsewhere(sourceIdField: string): AppError {
  return new AppError("CONFLICT", "This source record is already on another patient's chart.", {
    [sourceIdField]: ["Already recorded for another patient"],
  });
}

export interface RecordTarget {
  /** The record's id as the caller gave it (URL segment or form field). */
  recordId: string;
  /** The chart the caller addressed (the API path); absent when only the record id is known (the chart's forms). */
  chartId?: string;
  resourceType: "allergy" | "medication";
  attempted: AuditAction;
  dataCategory: DataCategory;
  /** The record's patient, or null when there is no record with this id. */
  findOwner: (id: string) => Promise<{ patientId: string } | null>;
}

/**
 * A record to edit and its chart, once the caller may write to that chart (restriction and unknown patient handled
 * by openChartForWrite). A record that does not exist, or is on another chart than the one addressed, is audited
 * as a failed attempt and thrown as NOT_FOUND.
 */
export async function openRecordForWrite(ctx: AuthContext, target: RecordTarget): Promise<{ id: string; patient: PatientHeader }> {
  const id = Uuid.safeParse(target.recordId).data;
  const owner = id ? await target.findOwner(id) : null;
  const patient =
    target.chartId !== undefined
      ? await openChartForWrite(ctx, target.chartId, target.attempted, target.dataCategory)
      : owner && (await openChartForWrite(ctx, owner.patientId, target.attempted, target.dataCategory));
  if (id && owner && patient && owner.patientId === patient.id) return { id, patient };
  await recordAudit({
    action: target.attempted,
    actor: ctx.actor,
    request: ctx.request,
    outcome: "failure",
    statusCode: 404,
    resourceType: target.resourceType,
    resourceId: target.recordId,
    ...(patient ? { patient: { id: patient.id, mrn: patient.mrn } } : {}),
    dataCategory: target.dataCategory,
    details: { reason: "not_found" },
  });
  throw new AppError("NOT_FOUND", `No ${target.resourceType} with this id${target.chartId !== undefined ? " on this chart" : ""}.`);
}
