import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { mutate, mutation } from "@/lib/hl7/testing/mutations";
import { fileQuery } from "@/lib/testing/sql";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";

isolateCache();

const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.9.8.7", port: 40000 }, 2575) };
const query = fileQuery();

function msaOf(response: Buffer, encoding: BufferEncoding = "utf8"): string[] {
  return response.toString(encoding).split("\r").filter((segment) => segment.startsWith("MSA"));
}

const msh = (controlId: string, type: string, extra = "") => `MSH|^~\\&|EDGE|EDGEHOSP|MERIDIAN|HUB|20261201083000||${type}|${controlId}|P|2.5.1${extra}`;

describe("HL7 ingest edge cases", () => {
  it("stores names with quotes, SQL and HTML byte for byte", async () => {
    const family = `O'Neil"; DROP TABLE patients;--`;
    const given = "<script>alert(1)</script>";
    const [msa] = msaOf((await ingestHl7(Buffer.from([msh("E-1", "ADT^A04"), `PID|1||E-100^^^EDGEHOSP^MR||${family}^${given}||19700101|F`].join("\r")), source)).response);
    expect(msa).toBe("MSA|AA|E-1");
    expect(await query("SELECT last_name, first_name FROM patients WHERE mrn = 'E-100'")).toEqual([{ last_name: family, first_name: given }]);
  });

  it("leaves a value alone when the field is absent and clears it on \"\"", async () => {
    await ingestHl7(Buffer.from([msh("E-2", "ADT^A08"), "PID|1||E-100^^^EDGEHOSP^MR||||||||||555-0100"].join("\r")), source);
    expect(await query("SELECT phone, last_name FROM patients WHERE mrn = 'E-100'")).toEqual([{ phone: "555-0100", last_name: `O'Neil"; DROP TABLE patients;--` }]);
    await ingestHl7(Buffer.from([msh("E-3", "ADT^A08"), 'PID|1||E-100^^^EDGEHOSP^MR||||||||||""'].join("\r")), source);
    expect(await query("SELECT phone FROM patients WHERE mrn = 'E-100'")).toEqual([{ phone: null }]);
  });

  it("applies nothing clinical from an A03 discharge", async () => {
    await ingestHl7(Buffer.from([msh("E-4", "ADT^A03"), "PID|1||E-100^^^EDGEHOSP^MR", "AL1|1|DA|70618^Penicillin^RXNORM|SV|Rash"].join("\r")), source);
    expect(await query("SELECT count(*)::int AS n FROM allergies a JOIN patients p ON p.id = a.patient_id WHERE p.mrn = 'E-100'")).toEqual([{ n: 0 }]);
  });

  it("acknowledges each message of an FHS/BHS batch, in a batch", async () => {
    const batch = [
      "FHS|^~\\&|EDGE|EDGEHOSP",
      "BHS|^~\\&|EDGE|EDGEHOSP",
      msh("B-1", "ADT^A08"),
      "PID|1||E-100^^^EDGEHOSP^MR",
      msh("B-2", "QRY^A19"),
      msh("B-3", "ADT^A08"),
      "PID|1||E-100^^^EDGEHOSP^MR",
      "BTS|3",
      "FTS|1",
    ].join("\r");
    const result = await ingestHl7(Buffer.from(batch), source);
    const text = result.response.toString();
    expect(text.startsWith("BHS|")).toBe(true);
    expect(text.trimEnd().endsWith("BTS|3")).toBe(true);
    expect(msaOf(result.response).map((msa) => msa.split("|").slice(0, 3).join("|"))).toEqual(["MSA|AA|B-1", "MSA|AR|B-2", "MSA|AA|B-3"]);
  });

  it("reads Latin-1 (MSH-18 8859/1) and answers in it", async () => {
    const text = [msh("L-1", "ADT^A04", "||||||8859/1"), "PID|1||E-200^^^EDGEHOSP^MR||Müller^Jürgen||19500101|M"].join("\r");
    const result = await ingestHl7(Buffer.from(text, "latin1"), source);
    expect(msaOf(result.response, "latin1")).toEqual(["MSA|AA|L-1"]);
    expect(await query("SELECT last_name FROM patients WHERE mrn = 'E-200'")).toEqual([{ last_name: "Müller" }]);
  });

  it("answers CA in enhanced acknowledgement mode", async () => {
    const result = await ingestHl7(Buffer.from([msh("C-1", "ADT^A08", "|||AL|NE"), "PID|1||E-100^^^EDGEHOSP^MR"].join("\r")), source);
    expect(msaOf(result.response)).toEqual(["MSA|CA|C-1"]);
  });

  it("applies the same message sent twice at the same moment exactly once", async () => {
    const text = [msh("RACE-1", "ORU^R01"), "PID|1||RACE-100^^^EDGEHOSP^MR||Race^Runner||19900101|F", "OBR|1|RP|RF|X", "OBX|1|NM|1234-5^X^LN||1||||||F"].join("\r");
    const results = await Promise.all([1, 2, 3, 4].map(() => ingestHl7(Buffer.from(text), source)));
    expect(new Set(results.map((result) => result.response.toString()))).toHaveProperty("size", 1);
    expect(results.filter((result) => !result.outcomes[0]?.duplicate)).toHaveLength(1);
    expect(await query("SELECT count(*)::int AS n FROM observations WHERE source_observation_id LIKE 'RF|%'")).toEqual([{ n: 1 }]);
    expect(await query("SELECT count(*)::int AS n FROM patients WHERE mrn = 'RACE-100'")).toEqual([{ n: 1 }]);
  });

  it("registers a new patient once when two messages for it race", async () => {
    const texts = [1, 2, 3].map((n) => [msh(`NEWRACE-${n}`, "ORU^R01"), "PID|1||RACE-200^^^EDGEHOSP^MR||Race^Two||19900101|F", `OBR|1|P${n}|F${n}|X`, "OBX|1|NM|1234-5^X^LN||1||||||F"].join("\r"));
    const results = await Promise.all(texts.map((text) => ingestHl7(Buffer.from(text), source)));
    expect(results.map((result) => result.outcomes[0]?.ackCode)).toEqual(["AA", "AA", "AA"]);
    expect(await query("SELECT count(*)::int AS n FROM patients WHERE mrn = 'RACE-200'")).toEqual([{ n: 1 }]);
  });

  it("answers every mutated message with an ACK and never half-applies one", { timeout: 120_000 }, async () => {
    const samples = [
      [msh("M-1", "ADT^A01"), "PID|1||M-100^^^EDGEHOSP^MR~77^^^EDGEHOSP^PI||Doe^Jane^Q||19800101|F|||1 Main^^Town^ST^12345^US", "AL1|1|DA|1191^Aspirin^RXNORM|SV|Hives"].join("\r"),
      [msh("M-2", "ORU^R01"), "PID|1||M-100^^^EDGEHOSP^MR", "OBR|1|MP|MF|X|||20261201", "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-5.5|N|||F", "OBX|2|SN|2160-0^Creat^LN||<^50|umol/L"].join("\r"),
      [msh("M-3", "RDE^O11"), "PID|1||M-100^^^EDGEHOSP^MR", "ORC|NW|MO-1", "RXE|^^^20261201|197361^Amlodipine^RXNORM|5||mg", "RXR|PO"].join("\r"),
    ];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (sample, mutations) => {
        run += 1;
        const text = mutate(sample.replace(/\|M-(\d)\|P\|/, `|MUT-${run}|P|`), mutations);
        const result = await ingestHl7(Buffer.from(text, "latin1"), source);
        const codes = result.outcomes.map((outcome) => outcome.ackCode);
        expect(codes.length).toBeGreaterThan(0);
        for (const code of codes) expect(["AA", "AE", "AR", "CA", "CE", "CR"]).toContain(code);
        for (const outcome of result.outcomes) {
          if (outcome.ackCode === "AA" || outcome.ackCode === "CA" || !outcome.messageId) continue;
          const changes = await query("SELECT count(*)::int AS n FROM hl7_message_changes WHERE message_id = $1", [outcome.messageId]);
          expect(changes).toEqual([{ n: 0 }]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
