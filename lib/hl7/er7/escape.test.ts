import { describe, expect, it } from "vitest";
import { DEFAULT_DELIMITERS } from "@/lib/hl7/er7/delimiters";
import { escapeValue, unescapeValue } from "@/lib/hl7/er7/escape";

const d = DEFAULT_DELIMITERS;

describe("unescapeValue", () => {
  it.each([
    ["a\\F\\b", "a|b"],
    ["a\\S\\b", "a^b"],
    ["a\\T\\b", "a&b"],
    ["a\\R\\b", "a~b"],
    ["a\\E\\b", "a\\b"],
    ["a\\P\\b", "a#b"],
    ["\\X41\\\\X42\\", "AB"],
    ["\\XC3A9\\", "é"],
    ["\\XE9\\", "é"],
    ["line one\\.br\\line two", "line one\nline two"],
    ["a\\.sp\\b", "a\nb"],
    ["a\\.sp 2\\b", "a\n\nb"],
    ["\\H\\bold\\N\\ text", "bold text"],
    ["\\.ce\\centred\\.fi\\", "centred"],
    ["\\C2842\\kanji", "kanji"],
    ["unknown \\Q\\ stays", "unknown \\Q\\ stays"],
    ["unterminated \\F", "unterminated \\F"],
    ["'; DROP TABLE patients; --<script>", "'; DROP TABLE patients; --<script>"],
  ])("%j → %j", (input, expected) => {
    expect(unescapeValue(input, d)).toBe(expected);
  });

  it("uses the message's own escape character", () => {
    expect(unescapeValue("a!F!b!.br!c", { ...d, escape: "!", field: "#" })).toBe("a#b\nc");
  });
});

describe("escapeValue", () => {
  it("escapes every delimiter and line breaks, and round-trips", () => {
    const value = "O'Brien | Smith ^ & ~ \\ done\r\nnext\tline";
    const escaped = escapeValue(value, d);
    expect(escaped).toBe("O'Brien \\F\\ Smith \\S\\ \\T\\ \\R\\ \\E\\ done\\.br\\next\\X09\\line");
    expect(unescapeValue(escaped, d)).toBe("O'Brien | Smith ^ & ~ \\ done\nnext\tline");
  });

  it("escapes the truncation character only when the message declares one", () => {
    expect(escapeValue("#1", d)).toBe("#1");
    expect(escapeValue("#1", { ...d, truncation: "#" })).toBe("\\P\\1");
  });
});
