import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "@/lib/db/errors";
import { Prisma } from "@/lib/generated/prisma/client";

describe("isUniqueViolation", () => {
  it("is true for Prisma's unique-constraint error and nothing else", () => {
    const unique = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", { code: "P2002", clientVersion: "7" });
    const missing = new Prisma.PrismaClientKnownRequestError("Record not found", { code: "P2025", clientVersion: "7" });
    expect(isUniqueViolation(unique)).toBe(true);
    expect(isUniqueViolation(missing)).toBe(false);
    expect(isUniqueViolation(new Error("P2002"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
