import type { AlertListItem } from "@/lib/alerts/schema";

/** Who or what an alert is about, in words: the user, key, address or connection, and the patient by id. */
export function alertSubject(alert: Pick<AlertListItem, "username" | "userId" | "apiKeyId" | "ipAddress" | "connectionId" | "patientId">): string {
  const who = alert.username ?? (alert.userId ? `user ${alert.userId}` : null);
  const parts = [
    who,
    alert.apiKeyId ? `API key ${alert.apiKeyId}` : null,
    alert.connectionId ? `connection ${alert.connectionId}` : null,
    alert.ipAddress && !who ? `address ${alert.ipAddress}` : null,
    alert.patientId ? `patient ${alert.patientId.slice(0, 8)}…` : null,
  ];
  return parts.filter((part) => part !== null).join(" · ") || "—";
}
