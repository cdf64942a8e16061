"use server";

import { action } from "@/lib/actions/action";
import { EmergencyAccessReview } from "@/lib/review/schema";
import { reviewEmergencyAccess as recordReview } from "@/lib/review/service";

// The home page's actions. The compliance home refreshes itself after a review (EmergencyReviewQueue).
export const reviewEmergencyAccess = action("emergency_access:review", "reviewEmergencyAccess", EmergencyAccessReview, (ctx, input) =>
  recordReview(ctx, input),
);
