/** Parses the text of Redis INFO ("# Section" headers and "field:value" lines) into one flat record. */
export function parseRedisInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** A numeric INFO field, or 0 when the server does not report it (fields differ between versions). */
export function infoNumber(fields: Record<string, string>, name: string): number {
  const value = Number(fields[name]);
  return Number.isFinite(value) ? value : 0;
}
