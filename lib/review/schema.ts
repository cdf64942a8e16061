import { z } from "zod";
import { requiredText, Uuid } from "@/lib/shared-schema/fields";

/** A compliance officer's review of one emergency access: which grant, and what they found. */
export const EmergencyAccessReview = z.object({
  grantId: Uuid,
  note: requiredText(500).describe("What the review found, e.g. who confirmed the emergency"),
});
export type EmergencyAccessReview = z.infer<typeof EmergencyAccessReview>;
