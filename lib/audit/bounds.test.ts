import { describe, expect, it } from "vitest";
import { AUDIT_TEXT_COLUMNS, fitColumn, fitDetails, fitText, fitUuid } from "@/lib/audit/bounds";

describe("fitText", () => {
  it("keeps short values and cuts long ones to the length, marking the cut", () => {
    expect(fitText("short", 10)).toBe("short");
    const cut = fitText("x".repeat(100), 64);
    expect(cut).toHaveLength(64);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("counts characters as PostgreSQL does and never splits a surrogate pair", () => {
    const emoji = "😀".repeat(70);
    const cut = fitText(emoji, 64);
    expect(Array.from(cut)).toHaveLength(64);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("removes what PostgreSQL refuses: NUL and unpaired surrogates", () => {
    expect(fitText("a\u0000b", 10)).toBe("ab");
    expect(fitText("a\uD800b\uDC00", 10)).toBe("a\uFFFDb\uFFFD");
  });
});

describe("fitColumn", () => {
  it("fits every audited column to its length and keeps null", () => {
    for (const [column, length] of Object.entries(AUDIT_TEXT_COLUMNS)) {
      expect(Array.from(fitColumn(column as keyof typeof AUDIT_TEXT_COLUMNS, "é".repeat(length + 5)) ?? "")).toHaveLength(length);
    }
    expect(fitColumn("ip_address", null)).toBeNull();
    expect(fitColumn("ip_address", undefined)).toBeNull();
  });
});

describe("fitDetails", () => {
  it("fits strings at any depth, keys included, and leaves other values alone", () => {
    const fitted = fitDetails({ ["k".repeat(2000)]: ["v\u0000".repeat(2000), 3, true, null, { nested: "n".repeat(5000) }] }) as Record<string, unknown[]>;
    const [key] = Object.keys(fitted);
    expect(key).toHaveLength(1024);
    const [text, three, yes, nothing, nested] = fitted[key ?? ""] ?? [];
    expect(text).toHaveLength(1024);
    expect(text).not.toContain("\u0000");
    expect([three, yes, nothing]).toEqual([3, true, null]);
    expect((nested as { nested: string }).nested).toHaveLength(1024);
  });
});

describe("fitUuid", () => {
  it("keeps a uuid and drops anything else", () => {
    expect(fitUuid("0b6c5d4e-3f2a-4b1c-8d9e-7f6a5b4c3d2e")).toBe("0b6c5d4e-3f2a-4b1c-8d9e-7f6a5b4c3d2e");
    expect(fitUuid("not-a-uuid")).toBeNull();
    expect(fitUuid(undefined)).toBeNull();
  });
});
