import { describe, expect, it } from "vitest";
import { buildAck } from "@/lib/hl7/ack";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { readHeader } from "@/lib/hl7/er7/header";
import { parseMessage, valueAt } from "@/lib/hl7/er7/message";

const self = { application: "MERIDIAN", facility: "HUB" };
const now = new Date("2026-12-04T10:20:30.456Z");

function ackOf(text: string, outcome: "accepted" | "error" | "rejected", error?: Hl7Error) {
  const message = parseMessage(text);
  return parseMessage(buildAck({ header: readHeader(message), delimiters: message.delimiters, outcome, error, controlId: "ACK1", now, self }));
}

describe("buildAck", () => {
  const adt = "MSH|^~\\&|EPIC|GENHOSP|MERIDIAN|HUB|20261204||ADT^A01|CTRL-42|P|2.5.1\rPID|1||1^^^H^MR";

  it("answers AA, swapping sender and receiver, with its own control id and MSA-2 = MSH-10", () => {
    const ack = ackOf(adt, "accepted");
    const msh = ack.header;
    expect([3, 4, 5, 6].map((field) => valueAt(msh, field))).toEqual(["MERIDIAN", "HUB", "EPIC", "GENHOSP"]);
    expect(valueAt(msh, 7)).toBe("20261204102030+0000");
    expect([valueAt(msh, 9, 1), valueAt(msh, 9, 2), valueAt(msh, 9, 3)]).toEqual(["ACK", "A01", "ACK"]);
    expect(valueAt(msh, 10)).toBe("ACK1");
    expect(valueAt(msh, 12)).toBe("2.5.1");
    expect([valueAt(ack.segment("MSA"), 1), valueAt(ack.segment("MSA"), 2)]).toEqual(["AA", "CTRL-42"]);
    expect(ack.segment("ERR")).toBeUndefined();
  });

  it("answers AE with ERR-2 location, ERR-3 table 0357 code and ERR-4 severity (v2.5+)", () => {
    const error = new Hl7Error(102, "PID-7 is not a date", { location: { segment: "PID", sequence: 1, field: 7 } });
    const ack = ackOf(adt, "error", error);
    const err = ack.segment("ERR");
    expect(valueAt(ack.segment("MSA"), 1)).toBe("AE");
    expect([1, 2, 3, 4].map((component) => valueAt(err, 2, component))).toEqual(["PID", "1", "7", "1"]);
    expect([valueAt(err, 3, 1), valueAt(err, 3, 2), valueAt(err, 3, 3)]).toEqual(["102", "Data type error", "HL70357"]);
    expect(valueAt(err, 4)).toBe("E");
    expect(valueAt(err, 8)).toBe("PID-7 is not a date");
  });

  it("uses ERR-1 and MSA-3 for v2.3 senders", () => {
    const error = new Hl7Error(101, "PID-3 is required", { location: { segment: "PID", sequence: 1, field: 3 } });
    const ack = ackOf("MSH|^~\\&|A|B|C|D|20260101||ADT^A04|V23|P|2.3\rPID|1", "error", error);
    const err = ack.segment("ERR");
    expect([valueAt(err, 1, 1), valueAt(err, 1, 3), valueAt(err, 1, 4, 1), valueAt(err, 1, 4, 3)]).toEqual(["PID", "3", "101", "HL70357"]);
    expect(valueAt(ack.segment("MSA"), 3)).toBe("PID-3 is required");
  });

  it("answers CA/CE/CR in enhanced mode (MSH-15/16 present)", () => {
    const enhanced = "MSH|^~\\&|A|B|C|D|20260101||ORU^R01|E1|P|2.5|||AL|NE\rPID|1";
    expect(valueAt(ackOf(enhanced, "accepted").segment("MSA"), 1)).toBe("CA");
    expect(valueAt(ackOf(enhanced, "rejected", new Hl7Error(200, "nope")).segment("MSA"), 1)).toBe("CR");
  });

  it("answers input that is not HL7 with AR from Meridian's own names", () => {
    const text = buildAck({ header: null, outcome: "rejected", error: new Hl7Error(100, "Not HL7", { reject: true }), controlId: "X", now, self });
    const ack = parseMessage(text);
    expect(valueAt(ack.header, 3)).toBe("MERIDIAN");
    expect(valueAt(ack.segment("MSA"), 1)).toBe("AR");
    expect(valueAt(ack.segment("MSA"), 2)).toBe("");
  });

  it("keeps the sender's delimiters and escapes values", () => {
    const ack = ackOf("MSH#$*!@#A|pp#B#C#D#20260101##ADT$A01#C|1#P#2.5\rPID#1", "accepted");
    expect(ack.delimiters.field).toBe("#");
    expect(valueAt(ack.segment("MSA"), 2)).toBe("C|1");
    expect(valueAt(ack.header, 5)).toBe("A|pp");
  });
});
