import { newRequestId } from "@/lib/audit/request-id";
import type { AuthContext } from "@/lib/auth/assert";

// MLLP carries no credentials: who may connect is the network's decision (firewall, VPN, the listener's address),
// plus, over TLS, a feed's pinned client certificate (sender-check.ts).
// What arrives is ingested with the integration role's permission, and audited under the peer's address, so every
// message a sender delivers can be traced to the connection it came on.

/** The caller of one MLLP connection, e.g. `mllp:10.1.2.3`. */
export function mllpContext(peer: { address: string | null; port: number | null }, listenerPort: number): AuthContext {
  const name = `mllp:${peer.address ?? "unknown"}`;
  return {
    actor: { kind: "mllp", id: name, name, role: "integration" },
    role: "integration",
    request: {
      requestId: newRequestId(),
      ipAddress: peer.address,
      userAgent: null,
      method: "MLLP",
      path: `mllp :${listenerPort}`,
      startedAt: performance.now(),
    },
  };
}
