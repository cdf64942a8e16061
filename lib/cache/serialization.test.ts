import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "@/lib/cache/serialization";

const roundTrip = (value: unknown) => decodeValue(encodeValue(value));

describe("encodeValue / decodeValue", () => {
  it("keeps Dates as Dates at any depth", () => {
    const value = {
      at: new Date("2024-01-02T03:04:05.006Z"),
      nested: { list: [new Date(0), { deeper: new Date("1999-12-31T23:59:59.999Z") }] },
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.nested.list[0]).toBeInstanceOf(Date);
  });

  it("keeps a top-level Date", () => {
    const back = roundTrip(new Date("2020-02-02T00:00:00.000Z"));
    expect(back).toBeInstanceOf(Date);
    expect((back as Date).toISOString()).toBe("2020-02-02T00:00:00.000Z");
  });

  it("writes dates as {$date: iso}", () => {
    expect(encodeValue({ d: new Date("2020-01-01T00:00:00.000Z") })).toBe('{"d":{"$date":"2020-01-01T00:00:00.000Z"}}');
  });

  it("writes an invalid Date as null, like JSON.stringify", () => {
    expect(roundTrip({ d: new Date("not a date") })).toEqual({ d: null });
  });

  it("leaves ordinary JSON alone, including strings that look like dates", () => {
    const value = { s: "2020-01-01T00:00:00.000Z", n: 1.5, b: false, z: null, a: [1, "x"], o: { $date: 5, other: 1 } };
    expect(roundTrip(value)).toEqual(value);
    expect(roundTrip("plain")).toBe("plain");
    expect(roundTrip(0)).toBe(0);
  });

  it("refuses values JSON cannot hold", () => {
    expect(() => encodeValue(undefined)).toThrow(TypeError);
    expect(() => encodeValue(() => 1)).toThrow(TypeError);
    expect(() => encodeValue(1n)).toThrow(TypeError);
  });

  it("throws SyntaxError for text that is not JSON", () => {
    expect(() => decodeValue("{broken")).toThrow(SyntaxError);
  });
});
