import { describe, expect, it } from "vitest";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { reprocessMessages } from "@/lib/hl7/ingest/reprocess";
import { Hl7MessageSearchCriteria } from "@/lib/hl7/store/criteria";
import { getHl7Message } from "@/lib/hl7/store/detail";
import { hl7LiveCounts, listHl7Messages } from "@/lib/hl7/store/listing";
import { fileQuery } from "@/lib/testing/sql";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.1.2.3", port: 40000 }, 2575) };

async function send(...segments: string[]) {
  return ingestHl7(Buffer.from(segments.join("\r")), source);
}

const query = fileQuery();

const msh = (controlId: string, type: string, app = "LAB", facility = "GENHOSP") =>
  `MSH|^~\\&|${app}|${facility}|MERIDIAN|HUB|20261201083000-0500||${type}|${controlId}|P|2.5.1`;

const criteria = (params: Record<string, string>) => Hl7MessageSearchCriteria.parse(new URLSearchParams(params));
const admin = contextFor("admin");

// Three patients registered, one result, one merge sent before its prior patient was known (it fails: MRG-1 names
// nobody), one message that is not HL7 at all, and one from another sender.
await send(msh("S-1", "ADT^A04"), "PID|1||M-1^^^GENHOSP^MR||Alpha^Ann||19800101|F");
await send(msh("S-2", "ADT^A04"), "PID|1||M-2^^^GENHOSP^MR~PI-2^^^GENHOSP^PI||Beta^Bob||19700101|M");
await send(msh("S-3", "ORU^R01"), "PID|1||M-1^^^GENHOSP^MR", "OBR|1|P-1|F-1|2345-7^Glucose^LN|||20261201080000", "OBX|1|NM|2345-7^Glucose^LN||95|mg/dL|70-99||||F");
const merge = await send(msh("S-4", "ADT^A40"), "PID|1||M-1^^^GENHOSP^MR||Alpha^Ann||19800101|F", "MRG|M-9^^^GENHOSP^MR");
await send(msh("X-1", "ADT^A04", "REG", "NORTH"), "PID|1||N-1^^^NORTH^MR||Gamma^Gil||19900101|M");
await ingestHl7(Buffer.from("this is not HL7"), source);
const failedId = merge.outcomes[0]?.messageId ?? "";

describe("message store list", () => {
  it("lists inbound messages and their ACKs newest first, each filter exact", async () => {
    const all = await listHl7Messages(admin, criteria({}));
    expect(all.total).toBe(12);
    expect(all.data.map((row) => row.createdAt.getTime())).toEqual([...all.data.map((row) => row.createdAt.getTime())].sort((a, b) => b - a));

    const failed = await listHl7Messages(admin, criteria({ status: "error" }));
    // Newest first: the input that was not HL7 (rejected, no control id), then the merge.
    expect(failed.data.map((row) => row.controlId)).toEqual([null, "S-4"]);
    expect(failed.data[0]).toMatchObject({ messageType: "", ackCode: "AR", errorCode: 100 });
    expect(failed.data[1]).toMatchObject({ errorCode: 204, errorLocation: "MRG-1", messageType: "ADT", triggerEvent: "A40", retryCount: 0 });

    const types = await listHl7Messages(admin, criteria({ messageType: "oru", event: "R01" }));
    expect(types.data.map((row) => row.controlId)).toEqual(["S-3"]);
    const events = await listHl7Messages(admin, criteria({ event: "A04", direction: "inbound" }));
    expect(events.data.map((row) => row.controlId).sort()).toEqual(["S-1", "S-2", "X-1"]);
    const acks = await listHl7Messages(admin, criteria({ direction: "outbound" }));
    expect(acks.total).toBe(6);
    expect(acks.data.every((row) => row.messageType === "ACK")).toBe(true);
    const sender = await listHl7Messages(admin, criteria({ sendingApplication: "REG", sendingFacility: "NORTH" }));
    expect(sender.data.map((row) => row.controlId)).toEqual(["X-1"]);
    const facility = await listHl7Messages(admin, criteria({ sendingFacility: "NORTH" }));
    expect(facility.data.map((row) => row.controlId)).toEqual(["X-1"]);
    const control = await listHl7Messages(admin, criteria({ controlId: "S-2" }));
    expect(control.data).toHaveLength(1);
    const future = await listHl7Messages(admin, criteria({ from: "2999-01-01" }));
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listHl7Messages(admin, criteria({ from: today, to: today }))).total).toBe(12);
  });

  it("finds a patient's messages by MRN or any other identifier, with the MRN shown on each row", async () => {
    const byMrn = await listHl7Messages(admin, criteria({ mrn: "M-2", direction: "inbound" }));
    expect(byMrn.data.map((row) => [row.controlId, row.patientMrn, row.patientMrnAuthority])).toEqual([["S-2", "M-2", "GENHOSP"]]);
    const byOther = await listHl7Messages(admin, criteria({ mrn: "PI-2", direction: "inbound" }));
    expect(byOther.data.map((row) => row.controlId)).toEqual(["S-2"]);
    const m1 = await listHl7Messages(admin, criteria({ mrn: "M-1", direction: "inbound" }));
    expect(m1.data.map((row) => row.controlId).sort()).toEqual(["S-1", "S-3"]);
    expect((await listHl7Messages(admin, criteria({ mrn: "NOBODY" }))).total).toBe(0);
  });

  it("pages by cursor forwards and back, in both orders", async () => {
    for (const dir of ["desc", "asc"]) {
      const seen: string[] = [];
      let page = await listHl7Messages(admin, criteria({ pageSize: "5", dir }));
      const first = page.data.map((row) => row.id);
      seen.push(...first);
      while (page.next) {
        page = await listHl7Messages(admin, criteria({ pageSize: "5", dir, after: page.next }));
        seen.push(...page.data.map((row) => row.id));
      }
      expect(seen).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
      const second = await listHl7Messages(admin, criteria({ pageSize: "5", dir, after: (await listHl7Messages(admin, criteria({ pageSize: "5", dir }))).next ?? "" }));
      const back = await listHl7Messages(admin, criteria({ pageSize: "5", dir, before: second.previous ?? "" }));
      expect(back.data.map((row) => row.id)).toEqual(first);
      expect(back.previous).toBeNull();
    }
    expect(Hl7MessageSearchCriteria.safeParse(new URLSearchParams({ after: "not-a-cursor!" })).success).toBe(false);
    const desc = await listHl7Messages(admin, criteria({ pageSize: "5" }));
    // A cursor written for one order is refused for the other.
    expect(Hl7MessageSearchCriteria.safeParse(new URLSearchParams({ dir: "asc", after: desc.next ?? "" })).success).toBe(false);
  });

  it("audits each list view, refuses a role without hl7:read (audited), and lets a clinician read", async () => {
    const ctx = contextFor("clinician");
    await listHl7Messages(ctx, criteria({ status: "error" }));
    const rows = await query<{ action: string; details: { view: string; filter: Record<string, string> } }>(
      "SELECT action, details FROM audit_logs WHERE request_id = $1",
      [ctx.request.requestId],
    );
    expect(rows).toEqual([{ action: "hl7.viewed", details: expect.objectContaining({ view: "list", filter: { status: "error" } }) }]);
    const compliance = contextFor("compliance");
    await expect(listHl7Messages(compliance, criteria({}))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getHl7Message(compliance, failedId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const denied = await query("SELECT action, status FROM audit_logs WHERE request_id = $1", [compliance.request.requestId]);
    expect(denied).toEqual([{ action: "access.denied", status: "denied" }, { action: "access.denied", status: "denied" }]);
  });

  it("counts the last hour's inbound messages: received, processed, failed", async () => {
    expect(await hl7LiveCounts(admin)).toEqual({ received: 6, processed: 4, failed: 2 });
  });
});

describe("message detail", () => {
  it("shows the raw message, its error and its ACK; audited as a read of the patient's messages", async () => {
    const ctx = contextFor("admin");
    const message = await getHl7Message(ctx, failedId);
    expect(message).toMatchObject({ status: "error", errorCode: 204, errorLocation: "MRG-1", transport: "mllp", peerAddress: "10.1.2.3", changes: [] });
    expect(message.rawMessage).toContain("MRG|M-9^^^GENHOSP^MR");
    expect(message.ack?.text).toContain("MSA|AE|S-4");
    expect(message.ack?.id).toEqual(expect.any(String));
    const audit = await query("SELECT action, status, resource_id, data_category FROM audit_logs WHERE request_id = $1", [ctx.request.requestId]);
    expect(audit).toEqual([{ action: "hl7.viewed", status: "success", resource_id: failedId, data_category: null }]);

    const ack = await getHl7Message(admin, message.ack?.id ?? "");
    expect(ack).toMatchObject({ direction: "outbound", messageType: "ACK", inReplyTo: { id: failedId, controlId: "S-4" }, ack: null });
  });

  it("links a processed message to the records it changed and audits the patient", async () => {
    const [row] = await query<{ id: string; patient_id: string }>("SELECT id, patient_id FROM hl7_messages WHERE message_control_id = 'S-3'");
    const ctx = contextFor("clinician");
    const message = await getHl7Message(ctx, row?.id ?? "");
    expect(message.patientMrn).toBe("M-1");
    expect(message.changes).toEqual([expect.objectContaining({ resourceType: "observation", change: "created", patientId: row?.patient_id, patientMrn: "M-1" })]);
    const audit = await query("SELECT action, patient_id, patient_mrn, data_category FROM audit_logs WHERE request_id = $1", [ctx.request.requestId]);
    expect(audit).toEqual([{ action: "hl7.viewed", patient_id: row?.patient_id, patient_mrn: "M-1", data_category: "messages" }]);
  });

  it("is NOT_FOUND for an unknown or malformed id, audited as a failed view", async () => {
    const ctx = contextFor("admin");
    await expect(getHl7Message(ctx, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getHl7Message(ctx, "'; DROP TABLE hl7_messages; --")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await query("SELECT status, status_code FROM audit_logs WHERE request_id = $1", [ctx.request.requestId]);
    expect(audit).toEqual([{ status: "failure", status_code: 404 }, { status: "failure", status_code: 404 }]);
  });

  it("shows the new outcome after the cause is fixed and the message reprocessed", async () => {
    await send(msh("S-5", "ADT^A04"), "PID|1||M-9^^^GENHOSP^MR||Alpha^Ann||19800101|F");
    const [outcome] = await reprocessMessages(contextFor("admin"), [failedId]);
    expect(outcome).toMatchObject({ result: "processed", ackCode: "AA", retryCount: 1 });
    const message = await getHl7Message(admin, failedId);
    expect(message).toMatchObject({ status: "processed", ackCode: "AA", retryCount: 1, patientMrn: "M-1" });
    expect(message.ack?.text).toContain("MSA|AA|S-4");
    expect(message.changes.map((change) => change.change)).toContain("merged");
    expect((await listHl7Messages(admin, criteria({ status: "error" }))).data.map((row) => row.controlId)).not.toContain("S-4");
  });
});
