import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/hl7/route";
import { fileQuery } from "@/lib/testing/sql";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { createApiKey } from "@/lib/seed/accounts";

isolateCache();

const query = fileQuery();

let integrationKey = "";
let clinicianKey = "";

beforeAll(async () => {
  integrationKey = (await createApiKey({ name: "hl7 http sender", role: "integration" })).key;
  clinicianKey = (await createApiKey({ name: "hl7 http clinician", role: "clinician" })).key;
});

async function post(body: string | Buffer, init: { key?: string; contentType?: string } = {}) {
  const headers = { "content-type": init.contentType ?? "x-application/hl7-v2+er7", authorization: `Bearer ${init.key ?? integrationKey}` };
  const request = new NextRequest(new URL("/api/v1/hl7", "http://localhost"), { method: "POST", headers, body: new Uint8Array(Buffer.from(body)) });
  const response = await POST(request, { params: Promise.resolve({}) });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

const adt = (controlId: string, birth = "19800101") =>
  [`MSH|^~\\&|HTTPLAB|HTTPHOSP|MERIDIAN|HUB|20261201083000||ADT^A01|${controlId}|P|2.5.1`, `PID|1||H-1^^^HTTPHOSP^MR||Http^Patient||${birth}|F`].join("\r");

describe("POST /api/v1/hl7", () => {
  it("answers AA with the ACK as the body after the patient is committed, and audits the sender", async () => {
    const response = await post(adt("HTTP-1"));
    expect(response.status).toBe(200);
    expect(response.type).toBe("x-application/hl7-v2+er7; charset=utf-8");
    expect(response.text.split("\r")[1]).toBe("MSA|AA|HTTP-1");
    expect(await query("SELECT mrn_authority FROM patients WHERE mrn = 'H-1'")).toEqual([{ mrn_authority: "HTTPHOSP" }]);
    const [audit] = await query<{ user_role: string; action: string }>(
      "SELECT a.user_role, a.action FROM audit_logs a JOIN hl7_messages m ON a.resource_id = m.id::text WHERE m.message_control_id = 'HTTP-1' AND m.direction = 'inbound'",
    );
    expect(audit).toEqual({ user_role: "integration", action: "hl7.received" });
  });

  it("returns the stored ACK for a resend, AE for a bad date, AR for input that is not HL7", async () => {
    const first = await post(adt("HTTP-2"));
    expect((await post(adt("HTTP-2"))).text).toBe(first.text);
    const bad = await post(adt("HTTP-3", "19801340"), { contentType: "text/plain; charset=utf-8" });
    expect(bad.text).toMatch(/\rMSA\|AE\|HTTP-3\r/);
    expect(bad.text).toMatch(/\rERR\|\|PID\^1\^7/);
    expect((await post("hello, world")).text).toMatch(/\rMSA\|AR\r/);
  });

  it("reads each HL7 media type, with parameters and in any letter case", async () => {
    const types = ["application/hl7-v2", "text/plain", "Text/Plain; charset=ISO-8859-1", "X-Application/HL7-v2+ER7;charset=utf-8"];
    for (const [index, contentType] of types.entries()) {
      const response = await post(adt(`HTTP-TYPE-${index}`), { contentType });
      expect(response.status, contentType).toBe(200);
      expect(response.text, contentType).toContain(`\rMSA|AA|HTTP-TYPE-${index}\r`);
    }
  });

  it("answers AR (200, nothing applied) for an empty body, binary bytes and a body that only looks like HL7", async () => {
    const before = await query("SELECT count(*)::int AS n FROM patients");
    for (const body of [Buffer.alloc(0), Buffer.from([0x00, 0xff, 0x0b, 0x1c, 0x0d, 0x89, 0x50, 0x4e, 0x47]), "MSH|", "PID|1||X-1^^^H^MR||Doe^Jane"]) {
      const response = await post(body);
      expect(response.status).toBe(200);
      expect(response.type).toMatch(/^x-application\/hl7-v2\+er7; charset=/);
      expect(response.text).toMatch(/\rMSA\|AR[|\r]/);
    }
    expect(await query("SELECT count(*)::int AS n FROM patients")).toEqual(before);
    const stored = await query<{ status: string; ack_code: string }>(
      "SELECT status::text, ack_code FROM hl7_messages WHERE direction = 'inbound' AND ack_code = 'AR' AND message_control_id IS NULL",
    );
    expect(stored.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses other media types (415), oversize bodies (413), an unknown key (401) and a role without hl7:ingest (403), storing nothing", async () => {
    expect((await post(adt("HTTP-4"), { contentType: "application/json" })).status).toBe(415);
    expect((await post("M".repeat(6_000_000))).status).toBe(413);
    expect((await post(adt("HTTP-5"), { key: "mk_not_a_real_key" })).status).toBe(401);
    expect((await post(adt("HTTP-6"), { key: clinicianKey })).status).toBe(403);
    expect(await query("SELECT message_control_id FROM hl7_messages WHERE message_control_id IN ('HTTP-4', 'HTTP-5', 'HTTP-6')")).toEqual([]);
    expect(await query("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'access.denied' AND details->>'permission' = 'hl7:ingest'")).toEqual([{ n: 1 }]);
  });
});
