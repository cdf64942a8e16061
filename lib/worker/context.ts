import { hostname } from "node:os";
import { newRequestId } from "@/lib/audit/request-id";
import type { AuthContext } from "@/lib/auth/assert";

/**
 * The worker's caller for one job: the system acting with an administrator's permissions (it tests connections),
 * audited as `worker:<host>:<pid>` with the job's name as the request path.
 */
export function workerContext(job: string): AuthContext {
  const name = `worker:${hostname()}:${process.pid}`;
  return {
    actor: { kind: "worker", id: name, name, role: "admin" },
    role: "admin",
    request: { requestId: newRequestId(), ipAddress: null, userAgent: "meridian-worker", method: "JOB", path: `job ${job}`, startedAt: performance.now() },
  };
}
