/** Names of the fields a write set, for the audit trail (never their values). */
export function fieldNames(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name)
    .sort();
}
