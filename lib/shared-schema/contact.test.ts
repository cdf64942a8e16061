import { describe, expect, it } from "vitest";
import {
  CountryCode,
  EmailAddress,
  isPhoneNumber,
  PhoneNumber,
  PostalCode,
  StateCode,
  US_ZIP,
} from "@/lib/shared-schema/contact";
import { ISO_3166_ALPHA2 } from "@/lib/shared-schema/iso3166";

describe("isPhoneNumber / PhoneNumber", () => {
  const valid = [
    "+14155552671",
    "+1 415 555 2671",
    "+44 20 7946 0958",
    "(415) 555-2671",
    "415.555.2671",
    "1-415-555-2671",
    "4155552671",
    "415-555-2671 x123",
    "415-555-2671 ext. 12",
  ];
  const invalid = [
    "555-1234",
    "123-456-7890",
    "415-155-2671",
    "+0 415 555 2671",
    "+1234",
    "phone",
    "415-555-2671 call me",
    "+1234567890123456",
  ];

  it.each(valid)("accepts %s", (value) => {
    expect(isPhoneNumber(value)).toBe(true);
    expect(PhoneNumber.parse(` ${value} `)).toBe(value);
  });

  it.each(invalid)("rejects %s", (value) => {
    expect(isPhoneNumber(value)).toBe(false);
    expect(PhoneNumber.safeParse(value).success).toBe(false);
  });
});

describe("EmailAddress", () => {
  it("accepts and trims an address", () => {
    expect(EmailAddress.parse(" john.smith@example.com ")).toBe("john.smith@example.com");
  });
  it("rejects malformed addresses", () => {
    expect(EmailAddress.safeParse("john.smith").success).toBe(false);
    expect(EmailAddress.safeParse("john@").success).toBe(false);
    expect(EmailAddress.safeParse("john smith@example.com").success).toBe(false);
  });
});

describe("StateCode", () => {
  it("accepts two letters, uppercased", () => {
    expect(StateCode.parse("ca")).toBe("CA");
  });
  it("rejects other lengths and digits", () => {
    expect(StateCode.safeParse("California").success).toBe(false);
    expect(StateCode.safeParse("C1").success).toBe(false);
    expect(StateCode.safeParse("").success).toBe(false);
  });
});

describe("CountryCode", () => {
  it("accepts assigned ISO 3166-1 alpha-2 codes, uppercased", () => {
    expect(CountryCode.parse("us")).toBe("US");
    expect(CountryCode.parse("GB")).toBe("GB");
  });
  it("rejects unassigned codes, alpha-3 and names", () => {
    expect(CountryCode.safeParse("XX").success).toBe(false);
    expect(CountryCode.safeParse("UK").success).toBe(false);
    expect(CountryCode.safeParse("USA").success).toBe(false);
    expect(CountryCode.safeParse("United States").success).toBe(false);
  });
  it("lists 249 codes, each a region known to ICU", () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    for (const code of ISO_3166_ALPHA2) expect(names.of(code), code).toBeTruthy();
  });
});

describe("PostalCode", () => {
  it("accepts common formats, uppercased", () => {
    expect(PostalCode.parse("62701")).toBe("62701");
    expect(PostalCode.parse("62701-1234")).toBe("62701-1234");
    expect(PostalCode.parse("sw1a 1aa")).toBe("SW1A 1AA");
    expect(PostalCode.parse("K1A 0B1")).toBe("K1A 0B1");
  });
  it("rejects punctuation, leading separators and overlong values", () => {
    expect(PostalCode.safeParse("627#01").success).toBe(false);
    expect(PostalCode.safeParse("-62701").success).toBe(false);
    expect(PostalCode.safeParse("1234567890123").success).toBe(false);
  });
  it("US_ZIP matches ZIP and ZIP+4 only", () => {
    expect(US_ZIP.test("62701")).toBe(true);
    expect(US_ZIP.test("62701-1234")).toBe(true);
    expect(US_ZIP.test("6270")).toBe(false);
    expect(US_ZIP.test("SW1A 1AA")).toBe(false);
  });
});
