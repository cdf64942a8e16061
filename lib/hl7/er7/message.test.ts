import { describe, expect, it } from "vitest";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { readHeader } from "@/lib/hl7/er7/header";
import { HL7_NULL, parseMessage, repetitionsOf, valueAt, componentOf } from "@/lib/hl7/er7/message";

const ADT = [
  "MSH|^~\\&|EPIC|GENHOSP|MERIDIAN|HUB|20261204120000-0500||ADT^A01^ADT_A01|MSG00001|P|2.5.1|||AL|NE||UNICODE UTF-8",
  "PID|1||12345^^^GENHOSP^MR~999-00-1234^^^SSA^SS||O\\T\\Brien^Mary^Ann||19800215|F|||12 Main St^^Springfield^IL^62701||",
  "ZPI|custom|data",
].join("\r");

describe("parseMessage", () => {
  it("reads header fields, components and repetitions", () => {
    const message = parseMessage(ADT);
    const header = readHeader(message);
    expect(header).toMatchObject({
      sendingApplication: "EPIC",
      sendingFacility: "GENHOSP",
      messageType: "ADT",
      triggerEvent: "A01",
      messageStructure: "ADT_A01",
      controlId: "MSG00001",
      version: "2.5.1",
      acceptAckType: "AL",
      applicationAckType: "NE",
      characterSet: "UNICODE UTF-8",
    });
    const pid = message.segment("PID");
    expect(valueAt(pid, 5, 1)).toBe("O&Brien");
    const identifiers = repetitionsOf(pid, 3);
    expect(identifiers.map((id) => [componentOf(id, 1), componentOf(id, 4), componentOf(id, 5)])).toEqual([
      ["12345", "GENHOSP", "MR"],
      ["999-00-1234", "SSA", "SS"],
    ]);
    expect(valueAt(pid, 11, 3)).toBe("Springfield");
    expect(message.segment("ZPI")).toBeDefined();
  });

  it("keeps MSH-1 and MSH-2 as the separator characters", () => {
    const msh = parseMessage(ADT).header;
    expect(valueAt(msh, 1)).toBe("|");
    expect(valueAt(msh, 2)).toBe("^~\\&");
  });

  it("accepts any field separator and encoding characters declared in MSH", () => {
    const message = parseMessage("MSH#$*!@#A#B#C#D#20260101##ORU$R01#X1#P#2.4\rPID#1##77$$$AUTH$MR*88$$$SSA$SS##Doe$Jo!T!x");
    expect(message.delimiters).toMatchObject({ field: "#", component: "$", repetition: "*", escape: "!", subComponent: "@" });
    expect(readHeader(message).triggerEvent).toBe("R01");
    expect(repetitionsOf(message.segment("PID"), 3)).toHaveLength(2);
    expect(valueAt(message.segment("PID"), 5, 2)).toBe("Jo@x");
  });

  it("reads the v2.7 truncation character as the fifth encoding character", () => {
    const message = parseMessage("MSH|^~\\&#|A|B|C|D|20260101||ADT^A08|T1|P|2.7\rPID|1||5^^^H^MR||Long\\P\\Name#");
    expect(message.delimiters.truncation).toBe("#");
    expect(valueAt(message.segment("PID"), 5)).toBe("Long#Name#");
  });

  it.each([
    ["\\r", "\r"],
    ["\\n", "\n"],
    ["\\r\\n", "\r\n"],
  ])("splits segments on %s and ignores trailing terminators", (_label, terminator) => {
    const text = ["MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.3", "PID|1||9", "PV1|1|I"].join(terminator) + terminator + terminator;
    expect(parseMessage(text).segments.map((segment) => segment.name)).toEqual(["MSH", "PID", "PV1"]);
  });

  it("keeps trailing empty fields and components as empty values", () => {
    const pid = parseMessage("MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|1||9^^^||||||").segment("PID");
    expect(pid?.fields).toHaveLength(10);
    expect(valueAt(pid, 3, 4)).toBe("");
    expect(valueAt(pid, 30)).toBe("");
  });

  it("tells the explicit HL7 null from an absent value", () => {
    const pid = parseMessage('MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rPID|1||9||""||').segment("PID");
    expect(valueAt(pid, 5)).toBe(HL7_NULL);
    expect(valueAt(pid, 6)).toBe("");
  });

  it.each([
    ["", "empty input"],
    ["   \r\n", "blank input"],
    ["PID|1||9", "no MSH"],
    ["\u0000\u0001binary\u00ff", "binary"],
    ["MSHX^~\\&|A", "alphanumeric field separator"],
    ["MSH|||A|B", "no encoding characters"],
    ["MSH|^^\\&|A", "repeated encoding characters"],
  ])("rejects %j (%s) with an AR error", (text) => {
    expect(() => parseMessage(text)).toThrow(Hl7Error);
    try {
      parseMessage(text);
    } catch (error) {
      expect(error).toBeInstanceOf(Hl7Error);
      expect((error as Hl7Error).reject).toBe(true);
    }
  });

  it("rejects a malformed segment with its location", () => {
    try {
      parseMessage("MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|1\rbad segment");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Hl7Error);
      expect((error as Hl7Error).code).toBe(100);
    }
  });

  it("refuses a message over the size limit", () => {
    const text = `MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5\rOBX|1|TX|||${"x".repeat(2000)}`;
    expect(() => parseMessage(text, { maxLength: 1000 })).toThrow(/limit is 1000/);
    expect(parseMessage(text, { maxLength: 5000 }).segments).toHaveLength(2);
  });
});
