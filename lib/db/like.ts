// LIKE and ILIKE read % and _ as wildcards and \ as their escape (PostgreSQL's default ESCAPE): text a user typed
// is escaped first, so "50%" or "a_b" match themselves.

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A pattern matching values that contain `text`. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A pattern matching values that start with `text`. */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}
