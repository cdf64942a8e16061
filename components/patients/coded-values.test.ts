import { describe, expect, it } from "vitest";
import { languageText, maritalStatusText } from "@/components/patients/coded-values";

describe("maritalStatusText", () => {
  it("reads HL7 v2 table 0002 codes as words, in any case", () => {
    expect(maritalStatusText("M")).toBe("Married");
    expect(maritalStatusText("s")).toBe("Single");
    expect(maritalStatusText("A")).toBe("Separated");
    expect(maritalStatusText("W")).toBe("Widowed");
  });

  it("keeps words and unknown codes as sent, and nothing as nothing", () => {
    expect(maritalStatusText("Married")).toBe("Married");
    expect(maritalStatusText("ZZ")).toBe("ZZ");
    expect(maritalStatusText(null)).toBeNull();
    expect(maritalStatusText("")).toBeNull();
  });
});

describe("languageText", () => {
  it("names BCP 47 languages in English, with the region", () => {
    expect(languageText("en")).toBe("English");
    expect(languageText("es")).toBe("Spanish");
    expect(languageText("es-MX")).toBe("Spanish (Mexico)");
    expect(languageText("zh")).toBe("Chinese");
  });

  it("keeps free text and malformed tags as sent", () => {
    expect(languageText("Spanish")).toBe("Spanish");
    expect(languageText("not a tag!")).toBe("not a tag!");
    expect(languageText(undefined)).toBeNull();
  });
});
