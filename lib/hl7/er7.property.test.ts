import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DELIMITERS } from "@/lib/hl7/er7/delimiters";
import { decodeMessageBytes } from "@/lib/hl7/er7/charset";
import { encodeSegment, joinSegments } from "@/lib/hl7/er7/encode";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { escapeValue, unescapeValue } from "@/lib/hl7/er7/escape";
import { parseMessage, valueAt } from "@/lib/hl7/er7/message";
import { encodeFrame, MllpDecoder } from "@/lib/hl7/mllp/framing";
import { mutate, mutation } from "@/lib/hl7/testing/mutations";

const SAMPLE = "MSH|^~\\&|EPIC|GENHOSP|MERIDIAN|HUB|20261204||ORU^R01|C1|P|2.5\rPID|1||1^^^H^MR||Doe^Jane\rOBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-5.5|N|||F";

/** Runs `work`; anything thrown must be our typed error. */
function onlyTypedErrors(work: () => unknown): void {
  try {
    work();
  } catch (error) {
    if (!(error instanceof Hl7Error)) throw error;
  }
}


describe("parser properties", () => {
  it("random text never makes the parser throw anything but Hl7Error", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => onlyTypedErrors(() => parseMessage(text))), { numRuns: 2000 });
  });

  it("random text after an MSH prefix never makes the parser throw anything but Hl7Error", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => onlyTypedErrors(() => parseMessage(`MSH${text}`))), { numRuns: 2000 });
  });

  it("mutated real messages never make the parser throw anything but Hl7Error", () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (changes) => onlyTypedErrors(() => parseMessage(mutate(SAMPLE, changes)))), { numRuns: 3000 });
  });

  it("random bytes never make the decoder throw anything but Hl7Error", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => onlyTypedErrors(() => decodeMessageBytes(bytes))), { numRuns: 2000 });
  });

  // A quadratic scan of these 350,000 characters would run far past the timeout: the test guards against a hang.
  it("a huge escape-heavy value does not hang the parser", { timeout: 10_000 }, () => {
    const message = parseMessage(`MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\rNTE|1||${"\\".repeat(200_000)}${"\\X4".repeat(50_000)}`);
    expect(message.segments).toHaveLength(2);
  });

  it("any value survives escape → encode → parse unchanged", () => {
    const value = fc.string({ unit: "grapheme", maxLength: 40 }).map((text) => text.replace(/\r\n?/g, "\n"));
    fc.assert(
      fc.property(value, value, (first, second) => {
        const text = joinSegments([
          encodeSegment("MSH", ["A", "B", "C", "D", "20260101", "", ["ORU", "R01"], "X", "P", "2.5"], DEFAULT_DELIMITERS),
          encodeSegment("NTE", ["1", "", [first, second]], DEFAULT_DELIMITERS),
        ]);
        const nte = parseMessage(text).segment("NTE");
        expect(valueAt(nte, 3, 1)).toBe(first);
        expect(valueAt(nte, 3, 2)).toBe(second);
      }),
      { numRuns: 1000 },
    );
  });

  it("unescape(escape(value)) is the value for text without carriage returns", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }).filter((text) => !text.includes("\r")), (text) => unescapeValue(escapeValue(text, DEFAULT_DELIMITERS), DEFAULT_DELIMITERS) === text), { numRuns: 2000 });
  });
});

describe("framer properties", () => {
  const payload = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes.map((byte) => (byte === 0x0b || byte === 0x1c ? 0x41 : byte))));

  it("frames split at arbitrary points come out whole and in order", () => {
    fc.assert(
      fc.property(fc.array(payload, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((bytes) => encodeFrame(bytes)));
        const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
        const decoder = new MllpDecoder(10_000);
        const received: Buffer[] = [];
        let previous = 0;
        for (const point of [...points, stream.length]) {
          for (const event of decoder.push(stream.subarray(previous, point))) if (event.kind === "frame") received.push(event.payload);
          previous = point;
        }
        expect(received.map((bytes) => bytes.toString("hex"))).toEqual(payloads.map((bytes) => bytes.toString("hex")));
      }),
      { numRuns: 1000 },
    );
  });

  it("random bytes never throw and never hold more than the frame limit", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 500 }), { maxLength: 20 }), (chunks) => {
        const decoder = new MllpDecoder(256);
        for (const chunk of chunks) {
          for (const event of decoder.push(Buffer.from(chunk))) if (event.kind === "frame") expect(event.payload.length).toBeLessThanOrEqual(256);
          expect(decoder.pendingBytes).toBeLessThanOrEqual(256);
        }
        decoder.end();
      }),
      { numRuns: 2000 },
    );
  });
});
