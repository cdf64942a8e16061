/** "1 session ended", for the messages after a change that signs a user out. */
export function sessionsText(count: number): string {
  if (count === 0) return "no sessions were open";
  return count === 1 ? "1 session ended" : `${count} sessions ended`;
}

/** A user agent cut to what fits a table cell; the full text goes in the cell's title. */
export function shortUserAgent(userAgent: string | null): string {
  if (!userAgent) return "—";
  return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
}
