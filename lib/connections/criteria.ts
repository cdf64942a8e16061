import { z } from "zod";
import { EMRTypeEnum } from "@/lib/shared-schema/enums";
import { singleLine } from "@/lib/shared-schema/fields";
import { paginationShape, prepareQuery, queryParam, sortShape } from "@/lib/shared-schema/query";

const CONNECTION_SORT_FIELDS = ["name", "emrType", "kind", "lastTestAt", "messagesLastHour"] as const;

export const ConnectionStatusFilter = z.enum(["active", "inactive", "connected", "down", "untested"]).describe(
  "active or inactive (deactivated); of the active ones: connected or down by their last test, or untested",
);

/** The connections list (/connections and GET /api/v1/connections): filters, order and page. */
export const ConnectionListCriteria = z.preprocess(
  prepareQuery,
  z.object({
    q: queryParam(singleLine(100)).describe("Part of the name or connection id"),
    status: queryParam(ConnectionStatusFilter),
    kind: queryParam(z.enum(["fhir_rest", "mllp_inbound", "mllp_outbound"])).describe("Endpoint kind"),
    emrType: queryParam(EMRTypeEnum),
    ...sortShape(CONNECTION_SORT_FIELDS),
    ...paginationShape,
  }),
);
export type ConnectionListCriteria = z.infer<typeof ConnectionListCriteria>;
export type ConnectionSortField = (typeof CONNECTION_SORT_FIELDS)[number];
