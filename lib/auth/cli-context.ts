import { userInfo } from "node:os";
import { newRequestId } from "@/lib/audit/request-id";
import type { AuthContext } from "@/lib/auth/assert";
import type { Role } from "@/lib/auth/roles";

// The command line's caller. Its authority is shell access to the database, so each command runs the same domain
// functions as the web app, with the role whose work it does (an administrator's for accounts and keys, a
// compliance officer's for the chain check): the same permission checks pass, and the same audit rows are written,
// under the operating-system user who ran it.

/** The audit trail's username column is wide enough; this keeps a strange account name readable. */
const MAX_OPERATOR_LENGTH = 64;

function osUser(): string {
  try {
    const name = userInfo().username.replace(/[^\w.@-]/g, "_");
    if (name) return name;
  } catch {
    // A uid without a passwd entry (containers often run as one): userInfo() throws, the uid still names it.
  }
  return process.getuid ? `uid-${process.getuid()}` : "unnamed";
}

/** `cli:<operating-system user>`, e.g. `cli:root`. */
export function cliOperatorName(): string {
  return `cli:${osUser()}`.slice(0, MAX_OPERATOR_LENGTH);
}

/** The AuthContext of one CLI command; `command` becomes the audited request path (`cli user create`). */
export function cliContext(command: string, role: Role): AuthContext {
  const name = cliOperatorName();
  return {
    actor: { kind: "cli", id: name, name, role },
    role,
    request: { requestId: newRequestId(), ipAddress: null, userAgent: "meridian-cli", method: null, path: `cli ${command}`, startedAt: performance.now() },
  };
}
