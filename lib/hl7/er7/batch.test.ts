import { describe, expect, it } from "vitest";
import { isBatch, splitBatch } from "@/lib/hl7/er7/batch";
import { readHeader } from "@/lib/hl7/er7/header";
import { parseMessage } from "@/lib/hl7/er7/message";

describe("splitBatch", () => {
  it("splits an FHS/BHS batch into its messages", () => {
    const batch = [
      "FHS|^~\\&|LAB|H|MERIDIAN|HUB|20260101",
      "BHS|^~\\&|LAB|H|MERIDIAN|HUB|20260101",
      "MSH|^~\\&|LAB|H|MERIDIAN|HUB|20260101||ORU^R01|B1|P|2.5",
      "PID|1||1^^^H^MR",
      "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L",
      "MSH|^~\\&|LAB|H|MERIDIAN|HUB|20260101||ORU^R01|B2|P|2.5",
      "PID|1||2^^^H^MR",
      "BTS|2",
      "FTS|1",
    ].join("\r");
    expect(isBatch(batch)).toBe(true);
    const messages = splitBatch(batch);
    expect(messages.map((text) => readHeader(parseMessage(text)).controlId)).toEqual(["B1", "B2"]);
    expect(parseMessage(messages[0] ?? "").segments.map((segment) => segment.name)).toEqual(["MSH", "PID", "OBX"]);
  });

  it("returns a single message as it is", () => {
    const text = "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|1";
    expect(isBatch(text)).toBe(false);
    expect(splitBatch(text)).toEqual([text]);
  });
});
