// Cached values are JSON. Plain JSON turns a Date into a string, so a cached patient's birthDate would come back
// as a string while the database path returns a Date; tagging dates keeps both paths returning the same shape.

const DATE_TAG = "$date";

interface TaggedDate {
  [DATE_TAG]: string;
}

function isTaggedDate(value: unknown): value is TaggedDate {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === DATE_TAG && typeof (value as Record<string, unknown>)[DATE_TAG] === "string";
}

/** JSON with Dates written as {"$date": iso}. Throws TypeError for values JSON cannot hold (undefined, functions, bigint). */
export function encodeValue(value: unknown): string {
  // A replacer sees a Date only after Date#toJSON has run, so look the original up on the holder (`this`).
  const json = JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, current: unknown) {
    const original = this[key];
    if (original instanceof Date) {
      // An invalid Date becomes null, exactly as plain JSON.stringify would write it.
      return Number.isNaN(original.getTime()) ? null : { [DATE_TAG]: original.toISOString() };
    }
    return current;
  });
  if (json === undefined) throw new TypeError(`cannot cache a value of type ${typeof value}`);
  return json;
}

/** Inverse of encodeValue. Throws SyntaxError for text that is not JSON. */
export function decodeValue(text: string): unknown {
  return JSON.parse(text, (_key: string, value: unknown) => (isTaggedDate(value) ? new Date(value[DATE_TAG]) : value));
}
