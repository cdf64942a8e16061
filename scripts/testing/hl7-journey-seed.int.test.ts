import { describe, expect, it } from "vitest";
import pg from "pg";
import { JOURNEY_BAD_RESULT, JOURNEY_MERGES } from "@/e2e/hl7-journey";
import { seedHl7Journey } from "@/scripts/testing/hl7-journey-seed";

describe("the message-store journeys' fixture", () => {
  it("leaves the two merges failed at MRG-1 with their cause fixed, and the result failed at OBX-2", async () => {
    await seedHl7Journey();
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ message_control_id: string; status: string; ack_code: string; error_code: number; error_location: string }>(
        "SELECT message_control_id, status, ack_code, error_code, error_location FROM hl7_messages WHERE status = 'error' ORDER BY message_control_id",
      );
      expect(rows).toEqual([
        ...JOURNEY_MERGES.map(({ controlId }) => ({ message_control_id: controlId, status: "error", ack_code: "AE", error_code: 204, error_location: "MRG-1" })),
        { message_control_id: JOURNEY_BAD_RESULT.controlId, status: "error", ack_code: "AE", error_code: 102, error_location: "OBX-2" },
      ]);
      const priors = await client.query("SELECT mrn FROM patients WHERE mrn = ANY($1) ORDER BY mrn", [JOURNEY_MERGES.map((merge) => merge.prior)]);
      expect(priors.rows).toHaveLength(2);
    } finally {
      await client.end();
    }
  });
});
