/** "1 session ended", for the messages after a change that signs a user out. */
export function sessionsText(count: number): string {
  if (count === 0) return "no sessions were open";
  return count === 1 ? "1 session ended" : `${count} sessions ended`;
}
