import "server-only";
import type { Tx } from "@/lib/db/transaction";
import { HL7AckCodeEnum } from "@/lib/hl7/schema";
import type { PatientMessageSummary } from "@/lib/patients/messages-schema";

/** The chart shows the latest messages; the HL7 feed pages through all of them. */
export const PATIENT_MESSAGE_LIMIT = 100;

export async function loadPatientMessages(tx: Tx, patientId: string): Promise<PatientMessageSummary[]> {
  const rows = await tx.hL7Message.findMany({
    where: { patientId },
    orderBy: [{ messageDatetime: "desc" }, { id: "asc" }],
    take: PATIENT_MESSAGE_LIMIT,
    select: {
      id: true,
      messageType: true,
      triggerEvent: true,
      messageControlId: true,
      direction: true,
      sendingApplication: true,
      sendingFacility: true,
      messageDatetime: true,
      status: true,
      ackCode: true,
      processedAt: true,
      createdAt: true,
    },
  });
  return rows.map((row) => ({ ...row, ackCode: HL7AckCodeEnum.safeParse(row.ackCode).data ?? null }));
}
