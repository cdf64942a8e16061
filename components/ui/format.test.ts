import { describe, expect, it } from "vitest";
import { humanize, maskedSsn } from "@/components/ui/format";

describe("maskedSsn", () => {
  it("shows only the last four digits", () => {
    expect(maskedSsn("1234")).toBe("•••-••-1234");
  });

  it("returns null when no SSN is on file and masks anything but four digits entirely", () => {
    expect(maskedSsn(null)).toBeNull();
    expect(maskedSsn(undefined)).toBeNull();
    expect(maskedSsn("123456789")).toBe("•••-••-••••");
    expect(maskedSsn("12a4")).toBe("•••-••-••••");
  });
});

describe("humanize", () => {
  it("writes enum values as words, and a dash for none", () => {
    expect(humanize("vital_signs")).toBe("Vital signs");
    expect(humanize("data_access")).toBe("Data access");
    expect(humanize(null)).toBe("—");
  });
});
