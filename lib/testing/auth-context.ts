import { randomUUID } from "node:crypto";
import { requestInfoFrom } from "@/lib/audit/context";
import type { AuthContext } from "@/lib/auth/assert";
import type { Role } from "@/lib/auth/roles";

/** A caller for integration tests of domain functions: a role, a fresh id and a request with its own request id. */
export function contextFor(role: Role, path = "/test"): AuthContext {
  const id = randomUUID();
  const headers = new Headers({ "x-request-id": randomUUID(), "user-agent": "vitest", "x-forwarded-for": "10.0.0.9" });
  return {
    actor: { kind: "user", id, name: `${role}-${id.slice(0, 8)}@test.example`, role },
    role,
    request: requestInfoFrom(headers, "GET", path),
  };
}
