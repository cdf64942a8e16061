import { describe, expect, it } from "vitest";
import { hotStatement } from "@/lib/db/hot-statement";

const direct = { DATABASE_URL: "postgresql://db:5432/meridian", DIRECT_DATABASE_URL: "postgresql://db:5432/meridian" };

describe("hot statements", () => {
  it("are prepared by name on a connection to PostgreSQL itself", () => {
    expect(hotStatement("patient_header", "SELECT 1 WHERE $1", [true], direct)).toEqual({ name: "patient_header", text: "SELECT 1 WHERE $1", values: [true] });
  });

  it("go unnamed through a transaction pooler, whose next transaction may land on another server connection", () => {
    const pooled = { ...direct, DATABASE_URL: "postgresql://pgbouncer:6432/meridian" };
    expect(hotStatement("patient_header", "SELECT 1 WHERE $1", [true], pooled)).toEqual({ text: "SELECT 1 WHERE $1", values: [true] });
  });
});
