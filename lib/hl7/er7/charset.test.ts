import { describe, expect, it } from "vitest";
import { declaredCharacterSet, decodeMessageBytes, encodeMessageText } from "@/lib/hl7/er7/charset";
import { Hl7Error } from "@/lib/hl7/er7/errors";

const header = (charset: string) => `MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5||||||${charset}\rPID|1||9||`;

describe("character sets", () => {
  it("reads MSH-18", () => {
    expect(declaredCharacterSet(Buffer.from(header("8859/1")))).toBe("8859/1");
    expect(declaredCharacterSet(Buffer.from(header("UNICODE UTF-8~8859/1")))).toBe("UNICODE UTF-8");
    expect(declaredCharacterSet(Buffer.from("MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\r"))).toBe("");
  });

  it("decodes UTF-8 declared as UNICODE UTF-8", () => {
    expect(decodeMessageBytes(Buffer.from(`${header("UNICODE UTF-8")}Müller^José`, "utf8"))).toContain("Müller^José");
  });

  it("decodes Latin-1 declared as 8859/1", () => {
    expect(decodeMessageBytes(Buffer.from(`${header("8859/1")}Müller^José`, "latin1"))).toContain("Müller^José");
  });

  it("reads undeclared bytes as UTF-8 when valid, else as Latin-1", () => {
    expect(decodeMessageBytes(Buffer.from(`${header("")}Müller`, "utf8"))).toContain("Müller");
    expect(decodeMessageBytes(Buffer.from(`${header("")}Müller`, "latin1"))).toContain("Müller");
  });

  it("rejects a character set it cannot decode", () => {
    expect(() => decodeMessageBytes(Buffer.from(header("ISO IR87")))).toThrow(Hl7Error);
  });

  it("answers in the sender's character set", () => {
    expect(encodeMessageText("é", "8859/1")).toEqual(Buffer.from([0xe9]));
    expect(encodeMessageText("é", "UNICODE UTF-8")).toEqual(Buffer.from([0xc3, 0xa9]));
  });
});
