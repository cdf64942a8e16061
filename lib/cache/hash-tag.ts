// Redis Cluster places a key by a hash of its "hash tag": the text between the first "{" and the next "}" when that
// text is not empty, otherwise the whole key (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
// Keys with the same hashed part are always in the same slot, so one multi-key command may take them together.

/** The part of a key Redis Cluster hashes to choose its slot. */
export function hashedPart(key: string): string {
  const open = key.indexOf("{");
  if (open === -1) return key;
  const close = key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Keys grouped so each group shares one slot (without computing slots: equal hashed parts are enough). */
export function groupBySlot(keys: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const part = hashedPart(key);
    const group = groups.get(part);
    if (group) group.push(key);
    else groups.set(part, [key]);
  }
  return [...groups.values()];
}
