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

const UNITS = ["K", "M", "G", "T", "P"] as const;

/** Bytes the way INFO's *_human fields show them ("1023B", "1.50K", "2.00M"), for figures added up over servers. */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(2)}${UNITS[unit]}`;
}
