// Small, fast, deterministic helpers shared by the demo and bulk seeds.

/** mulberry32: a 32-bit PRNG good enough for test data and ~10x cheaper than faker per draw. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** murmur3's 32-bit finalizer: a bijection on 32-bit integers that scatters nearby inputs. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Mixes two 32-bit values into one, so row n's stream does not depend on rows before it. */
export function mix32(a: number, b: number): number {
  return fmix32(Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0));
}

// Byte-to-hex table: toString(16) + padStart per word was the bulk seed's hottest line.
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function hex8(value: number): string {
  const byte = (shift: number) => HEX[(value >>> shift) & 255] ?? "";
  return byte(24) + byte(16) + byte(8) + byte(0);
}

/**
 * A version-4-shaped UUID for (seed, key, part), for key and part below 2^32. Distinct (key, part) pairs never
 * collide: the first word is a bijection of the key and the last a bijection of the part given the key, so both
 * can be recovered. (Deriving all four words from one 32-bit hash would collide after ~65,000 ids.)
 */
export function deterministicUuid(seed: number, key: number, part: number): string {
  const w0 = fmix32((key ^ mix32(seed, 0x51ed27)) >>> 0);
  const w3 = fmix32((part ^ mix32(seed, key)) >>> 0);
  const noise = mix32(mix32(seed, key), part + 1);
  const w1 = ((mix32(noise, 1) & 0xffff0fff) | 0x00004000) >>> 0;
  const w2 = ((mix32(noise, 2) & 0x3fffffff) | 0x80000000) >>> 0;
  const h1 = hex8(w1);
  const h2 = hex8(w2);
  return `${hex8(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex8(w3)}`;
}

/** Luhn (mod 10) check digit of a digit string: LOINC codes and NPIs both use it. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid-looking NPI: 9 digits plus the Luhn check digit computed over the "80840" prefix (CMS rule). */
export function npiFrom(nineDigits: string): string {
  return `${nineDigits}${luhnCheckDigit(`80840${nineDigits}`)}`;
}

/** An SSN the SSA could issue (area not 000, 666 or 9xx; group and serial not zero), as 9 digits. */
export function ssnFrom(random: () => number): string {
  let area = 1 + Math.floor(random() * 898);
  if (area === 666) area = 667;
  const group = 1 + Math.floor(random() * 99);
  const serial = 1 + Math.floor(random() * 9999);
  return `${String(area).padStart(3, "0")}${String(group).padStart(2, "0")}${String(serial).padStart(4, "0")}`;
}

/** Index of a weighted choice; `cumulative` holds running totals of the weights. */
export function weightedIndex(cumulative: readonly number[], random: () => number): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const target = random() * total;
  for (let i = 0; i < cumulative.length; i += 1) {
    if (target < (cumulative[i] ?? 0)) return i;
  }
  return cumulative.length - 1;
}

export function cumulativeWeights(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((weight) => (total += weight));
}

/** Standard normal variate (Box–Muller) from a uniform source. */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
