"use server";

import { action } from "@/lib/actions/action";
import { VerifyChainInput } from "@/lib/audit/criteria";
import { verifyAuditTrail } from "@/lib/audit/verification";

export const verifyAuditChainAction = action("audit:verify", "verifyAuditChainAction", VerifyChainInput, async (ctx) => verifyAuditTrail(ctx));
