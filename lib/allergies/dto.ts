import type { Prisma } from "@/lib/generated/prisma/client";
import { AllergyReaction, type AllergyResponse } from "@/lib/allergies/schema";
import { utcToCalendarDate } from "@/lib/shared-schema/dates";

export const allergyResponseSelect = {
  id: true,
  patientId: true,
  allergen: true,
  allergenCode: true,
  allergenCodeSystem: true,
  allergyType: true,
  category: true,
  clinicalStatus: true,
  verificationStatus: true,
  criticality: true,
  reactions: true,
  onsetDate: true,
  recordedDate: true,
  sourceEmr: true,
  sourceAllergyId: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.AllergySelect;

export type AllergyRow = Prisma.AllergyGetPayload<{ select: typeof allergyResponseSelect }>;

const UNREADABLE_REACTION: AllergyReaction = { manifestation: "Unrecognised reaction entry (see source record)" };

/** A stored reaction may carry more than a client can send (other writers' keys): read what we know, skip the rest. */
const StoredReaction = AllergyReaction.strip();

/**
 * `reactions` is a JSON column that other writers (HL7 ingest, tools) fill too. An entry that does not parse is
 * shown as unrecognised rather than dropped: hiding a reaction from a clinician is worse than showing a stub.
 */
function readReactions(stored: Prisma.JsonValue): AllergyReaction[] {
  if (!Array.isArray(stored)) return stored === null ? [] : [UNREADABLE_REACTION];
  return stored.map((entry) => StoredReaction.safeParse(entry).data ?? UNREADABLE_REACTION);
}

export function toAllergyResponse(row: AllergyRow): AllergyResponse {
  return {
    ...row,
    reactions: readReactions(row.reactions),
    onsetDate: row.onsetDate && utcToCalendarDate(row.onsetDate),
    recordedDate: row.recordedDate && utcToCalendarDate(row.recordedDate),
  };
}
