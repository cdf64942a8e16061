type Acceptor = (cached: unknown) => boolean;

interface MemoEntry {
  raw: string;
  value: unknown;
  /** The callers' shape checks this value passed already (CacheManager's `accepts`). */
  accepted: WeakSet<Acceptor>;
}

/** Entries longer than this are decoded every time: the memo is for hot charts, not for holding large values. */
const MAX_MEMO_TEXT_LENGTH = 64 * 1024;

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/**
 * The decoded value of recently read keys, with the exact text it came from: an entry read again unchanged (the
 * same bytes from the store) is neither parsed nor shape-checked again — on a cached chart read those two cost
 * more CPU than the Redis round trip. Comparing the text is what keeps it correct: an entry rewritten anywhere
 * (another instance included) comes back with other bytes and is decoded afresh, so nothing needs invalidating.
 * Values are frozen, since every reader of a key shares one, as concurrent callers of one load already do.
 */
export class DecodedMemo {
  private readonly entries = new Map<string, MemoEntry>();

  constructor(private readonly capacity: number) {}

  /** The decoded value of `raw` under `key`: the memoised one when the text is unchanged, else `decode(raw)`. */
  decode(key: string, raw: string, decode: (raw: string) => unknown): MemoEntry {
    const known = this.entries.get(key);
    if (known && known.raw === raw) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const entry: MemoEntry = { raw, value: decode(raw), accepted: new WeakSet() };
    this.entries.delete(key);
    if (raw.length > MAX_MEMO_TEXT_LENGTH || typeof entry.value !== "object" || entry.value === null) return entry;
    deepFreeze(entry.value);
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  /** Whether `accepts` takes the value: asked once per memoised value and shape check. */
  static accepts(entry: MemoEntry, accepts: Acceptor | undefined): boolean {
    if (!accepts || entry.accepted.has(accepts)) return true;
    const accepted = accepts(entry.value);
    if (accepted) entry.accepted.add(accepts);
    return accepted;
  }

  forget(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
