import { describe, expect, it } from "vitest";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { findReprocessable, reprocessMessages } from "@/lib/hl7/ingest/reprocess";
import { fileQuery } from "@/lib/testing/sql";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { currentKeyId, openSecret } from "@/lib/secrets/keyring";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.9.8.7", port: 40000 }, 2575) };

async function send(...segments: string[]) {
  const result = await ingestHl7(Buffer.from(segments.join("\r")), source);
  const ack = result.response.toString("utf8");
  return { ...result, ack, msa: ack.split("\r").find((segment) => segment.startsWith("MSA")) ?? "", err: ack.split("\r").find((segment) => segment.startsWith("ERR")) ?? "" };
}

const query = fileQuery();

const msh = (controlId: string, type: string, facility = "GENHOSP", version = "2.5.1") =>
  `MSH|^~\\&|LAB|${facility}|MERIDIAN|HUB|20261201083000-0500||${type}|${controlId}|P|${version}`;

describe("HL7 ingest", () => {
  it("registers a patient from ADT^A01 with identifiers, aliases and allergies, and answers AA after commit", async () => {
    const result = await send(
      msh("ADT-1", "ADT^A01^ADT_A01"),
      "EVN|A01|20261201083000",
      "PID|1||A-100^^^GENHOSP^MR~998877^^^GENHOSP^PI~123-45-6789^^^SSA^SS||O'Brien^Mary^J^^^^L~Smith^Mary^^^^^M||19800101|F|||1 Main St^^Springfield^IL^62701^US||^PRN^PH^^1^217^5551234~^NET^Internet^mary@example.org|||||123-45-6789",
      "AL1|1|DA|1191^Aspirin^RXNORM|SV|Hives~Wheezing",
      "ZPI|custom|segment",
    );
    expect(result.msa).toBe("MSA|AA|ADT-1");
    const [patient] = await query<{ id: string; mrn: string; mrn_authority: string; last_name: string; aliases: unknown; ssn_last4: string; email: string }>(
      "SELECT id, mrn, mrn_authority, last_name, aliases, ssn_last4, email FROM patients WHERE mrn = 'A-100'",
    );
    expect(patient).toMatchObject({ mrn: "A-100", mrn_authority: "GENHOSP", last_name: "O'Brien", ssn_last4: "6789", email: "mary@example.org" });
    expect(patient?.aliases).toEqual([{ family: "Smith", given: "Mary", middle: null, type: "M" }]);
    const identifiers = await query<{ value: string; identifier_type: string }>("SELECT value, identifier_type FROM patient_identifiers WHERE patient_id = $1 ORDER BY identifier_type", [patient?.id]);
    expect(identifiers).toEqual([{ value: "A-100", identifier_type: "MR" }, { value: "998877", identifier_type: "PI" }]);
    const allergies = await query("SELECT allergen, criticality FROM allergies WHERE patient_id = $1", [patient?.id]);
    expect(allergies).toEqual([{ allergen: "Aspirin", criticality: "high" }]);
    const [stored] = await query<{ status: string; ack_code: string; raw_message: string }>("SELECT status, ack_code, raw_message FROM hl7_messages WHERE message_control_id = 'ADT-1'");
    expect(stored).toMatchObject({ status: "processed", ack_code: "AA" });
    expect(stored?.raw_message).toContain("ZPI|custom|segment");
    const audit = await query("SELECT action, patient_id FROM audit_logs WHERE action = 'hl7.received' AND resource_id = $1", [result.outcomes[0]?.messageId]);
    expect(audit).toEqual([{ action: "hl7.received", patient_id: patient?.id }]);
  });

  it("keeps the same MRN from two facilities as two patients, and finds a patient by any identifier", async () => {
    await send(msh("ADT-2", "ADT^A04", "OTHERHOSP"), "PID|1||A-100^^^OTHERHOSP^MR||Other^Person||19700101|M");
    const rows = await query<{ mrn_authority: string }>("SELECT mrn_authority FROM patients WHERE mrn = 'A-100' ORDER BY mrn_authority");
    expect(rows.map((row) => row.mrn_authority)).toEqual(["GENHOSP", "OTHERHOSP"]);
    const byPi = await send(msh("ADT-3", "ADT^A08"), "PID|1||998877^^^GENHOSP^PI||O'Brien^Mary||19800101|F");
    expect(byPi.msa).toBe("MSA|AA|ADT-3");
    expect((await query("SELECT count(*)::int AS n FROM patients WHERE last_name = 'O''Brien'"))[0]).toEqual({ n: 1 });
  });

  it("applies a result once: a duplicate gets the stored ACK, a final result replaces the preliminary one", async () => {
    const oru = (controlId: string, status: string, value: string) => [
      msh(controlId, "ORU^R01"),
      "PID|1||A-100^^^GENHOSP^MR",
      "OBR|1|PLC-9|FIL-9|80048^BMP|||20261201070000-0500",
      `OBX|1|NM|2345-7^Glucose^LN||${value}|mmol/L|3.9-5.5|N|||${status}`,
    ];
    const first = await send(...oru("ORU-1", "P", "5.1"));
    expect(first.msa).toBe("MSA|AA|ORU-1");
    const again = await send(...oru("ORU-1", "P", "5.1"));
    expect(again.ack).toBe(first.ack);
    expect(again.outcomes[0]?.duplicate).toBe(true);
    await send(...oru("ORU-2", "F", "5.4"));
    const results = await query("SELECT value_quantity, status FROM observations WHERE code = '2345-7'");
    expect(results).toEqual([{ value_quantity: 5.4, status: "final" }]);
    expect((await query("SELECT count(*)::int AS n FROM hl7_messages WHERE message_control_id = 'ORU-1' AND direction = 'inbound'"))[0]).toEqual({ n: 1 });
  });

  it("answers AE with an ERR naming the field for a bad date, and changes nothing", async () => {
    const before = await query("SELECT count(*)::int AS n FROM observations");
    const result = await send(msh("ORU-BAD", "ORU^R01"), "PID|1||A-100^^^GENHOSP^MR", "OBR|1|P2|F2|X", "OBX|1|NM|1234-5^X^LN||1||||||F|||2026-13-45");
    expect(result.msa).toBe("MSA|AE|ORU-BAD");
    expect(result.err).toContain("OBX^1^14");
    expect(result.err).toContain("102");
    expect(await query("SELECT count(*)::int AS n FROM observations")).toEqual(before);
    const [stored] = await query("SELECT status, error_code, error_location FROM hl7_messages WHERE message_control_id = 'ORU-BAD'");
    expect(stored).toEqual({ status: "error", error_code: 102, error_location: "OBX-14" });
  });

  it("rolls back a half-applied message when a later part fails (no observations of an ORU with one bad patient group)", async () => {
    const before = await query("SELECT count(*)::int AS n FROM patients");
    const result = await send(
      msh("ORU-HALF", "ORU^R01"),
      "PID|1||NEW-1^^^GENHOSP^MR||New^One||19900101|F",
      "OBR|1|P3|F3|X",
      "OBX|1|NM|1234-5^X^LN||1||||||F",
      "PID|2||NEW-2^^^GENHOSP^MR||New^Two",
      "OBR|1|P4|F4|X",
      "OBX|1|NM|1234-5^X^LN||1||||||F",
    );
    expect(result.msa).toBe("MSA|AE|ORU-HALF");
    expect(result.err).toContain("PID");
    expect(await query("SELECT count(*)::int AS n FROM patients")).toEqual(before);
  });

  it("answers AR for input that is not HL7, and for an unsupported type or version", async () => {
    const garbage = await ingestHl7(Buffer.from([0, 1, 2, 255, 254]), source);
    expect(garbage.response.toString()).toMatch(/^MSH\|[^\r]*\rMSA\|AR\r/);
    expect((await send(msh("X-1", "QRY^A19"))).msa).toBe("MSA|AR|X-1");
    expect((await send(msh("X-2", "ADT^A01", "GENHOSP", "2.1"))).msa).toMatch(/^MSA\|AR\|X-2\|HL7 version 2.1/);
    const empty = await ingestHl7(Buffer.alloc(0), source);
    expect(empty.outcomes[0]?.ackCode).toBe("AR");
  });

  it("seals a changed SSN with the newest key and records that key's id; an unchanged SSN is left as stored", async () => {
    const pid = (ssn: string) => `PID|1||SSN-1^^^GENHOSP^MR||Sealed^Sam||19750505|M|||||||||||${ssn}`;
    const stored = async () => (await query<{ sealed: string; key_id: string | null }>("SELECT ssn_encrypted AS sealed, ssn_key_id AS key_id FROM patients WHERE mrn = 'SSN-1'"))[0];
    await send(msh("SSN-A04", "ADT^A04"), pid("111-22-3333"));
    expect(await stored()).toMatchObject({ key_id: currentKeyId() });
    // As written before keys had ids.
    await query("UPDATE patients SET ssn_key_id = NULL WHERE mrn = 'SSN-1'");
    await send(msh("SSN-A08", "ADT^A08"), pid("444-55-6666"));
    const changed = await stored();
    expect(changed?.key_id).toBe(currentKeyId());
    expect(openSecret(changed?.sealed ?? "")).toBe("444556666");
    await send(msh("SSN-A08-SAME", "ADT^A08"), pid("444-55-6666"));
    expect((await stored())?.sealed).toBe(changed?.sealed);
  });

  it("merges the prior patient into the survivor on ADT^A40", async () => {
    await send(msh("ADT-P", "ADT^A04"), "PID|1||OLD-1^^^GENHOSP^MR||Prior^Pat||19600101|F");
    await send(msh("ORU-P", "ORU^R01"), "PID|1||OLD-1^^^GENHOSP^MR", "OBR|1|P5|F5|X", "OBX|1|NM|1234-5^X^LN||7||||||F");
    const merge = await send(msh("ADT-M", "ADT^A40"), "PID|1||A-100^^^GENHOSP^MR", "MRG|OLD-1^^^GENHOSP^MR");
    expect(merge.msa).toBe("MSA|AA|ADT-M");
    const [prior] = await query<{ merged_into_id: string }>("SELECT merged_into_id FROM patients WHERE mrn = 'OLD-1'");
    const [survivor] = await query<{ id: string }>("SELECT id FROM patients WHERE mrn = 'A-100' AND mrn_authority = 'GENHOSP'");
    expect(prior?.merged_into_id).toBe(survivor?.id);
    expect(await query("SELECT patient_id FROM observations WHERE source_observation_id LIKE 'F5|%'")).toEqual([{ patient_id: survivor?.id }]);
    const afterMerge = await send(msh("ORU-P2", "ORU^R01"), "PID|1||OLD-1^^^GENHOSP^MR", "OBR|1|P6|F6|X", "OBX|1|NM|1234-5^X^LN||8||||||F");
    expect(afterMerge.outcomes[0]?.patientIds).toEqual([survivor?.id]);
  });

  it("stops only the order's medication on a DC", async () => {
    const order = (controlId: string, control: string, placer: string) => [
      msh(controlId, "RDE^O11"),
      "PID|1||A-100^^^GENHOSP^MR",
      `ORC|${control}|${placer}`,
      "RXE|^^^20261201|197361^Amlodipine 5 MG^RXNORM|5||mg",
      "RXR|PO",
    ];
    await send(...order("RDE-1", "NW", "ORD-1"));
    await send(...order("RDE-2", "NW", "ORD-2"));
    const stop = await send(...order("RDE-3", "DC", "ORD-1"));
    expect(stop.msa).toBe("MSA|AA|RDE-3");
    const rows = await query("SELECT source_medication_id, status FROM medications ORDER BY source_medication_id");
    expect(rows).toEqual([
      { source_medication_id: "ORDER:ORD-1", status: "stopped" },
      { source_medication_id: "ORDER:ORD-2", status: "active" },
    ]);
  });

  it("reprocesses a failed message once its cause is fixed, raising the retry count", async () => {
    const stopFirst = await send(msh("RDE-EARLY", "RDE^O11"), "PID|1||A-100^^^GENHOSP^MR", "ORC|DC|ORD-9", "RXE|^^^20261201|197361^Amlodipine 5 MG^RXNORM|5||mg");
    expect(stopFirst.msa).toBe("MSA|AE|RDE-EARLY");
    expect(stopFirst.err).toContain("204");
    const id = stopFirst.outcomes[0]?.messageId ?? "";
    const admin = contextFor("admin");
    expect(await findReprocessable(admin, { limit: 100 })).toContain(id);
    await send(msh("RDE-NEW", "RDE^O11"), "PID|1||A-100^^^GENHOSP^MR", "ORC|NW|ORD-9", "RXE|^^^20261201|197361^Amlodipine 5 MG^RXNORM|5||mg");
    const [outcome] = await reprocessMessages(admin, [id]);
    expect(outcome).toMatchObject({ id, result: "processed", status: "processed", ackCode: "AA", retryCount: 1 });
    expect(await query("SELECT status FROM medications WHERE source_medication_id = 'ORDER:ORD-9'")).toEqual([{ status: "stopped" }]);
    const [again] = await reprocessMessages(admin, [id]);
    expect(again?.result).toBe("not_failed");
    const resent = await send(msh("RDE-EARLY", "RDE^O11"), "PID|1||A-100^^^GENHOSP^MR", "ORC|DC|ORD-9", "RXE|^^^20261201|197361^Amlodipine 5 MG^RXNORM|5||mg");
    expect(resent.msa).toBe("MSA|AA|RDE-EARLY");
    await expect(reprocessMessages(contextFor("clinician"), [id])).rejects.toThrow();
  });

  it("refuses a caller without hl7:ingest", async () => {
    await expect(ingestHl7(Buffer.from(msh("NO-1", "ADT^A01")), { transport: "http", ctx: contextFor("clinician") })).rejects.toThrow();
    expect(await query("SELECT count(*)::int AS n FROM hl7_messages WHERE message_control_id = 'NO-1'")).toEqual([{ n: 0 }]);
  });
});
