import type { Faker } from "@faker-js/faker";
import { MIN_FUZZY_WORD_LENGTH } from "@/lib/patients/search-sql";

// Misspellings as people make them, for measuring and testing name search's typo tolerance (the benchmark's recall
// table and search-recall.int.test.ts make theirs the same way).

/** The one-letter slips a misspelt name is made with (each a single edit; a swap is one edit in Damerau's sense). */
export const TYPO_KINDS = ["transposition", "deletion", "insertion", "substitution"] as const;
export type TypoKind = (typeof TYPO_KINDS)[number];

const isLetter = (character: string | undefined): character is string => character !== undefined && /\p{L}/u.test(character);

/** Positions after the first letter (people rarely get the first one wrong) where `fits` holds. */
function positions(word: string, fits: (index: number) => boolean): number[] {
  return Array.from({ length: Math.max(0, word.length - 1) }, (_, offset) => offset + 1).filter(fits);
}

const lowercase = "abcdefghijklmnopqrstuvwxyz";

function typoOf(kind: TypoKind, word: string, faker: Faker): string | null {
  const pick = (candidates: number[]) => (candidates.length > 0 ? faker.helpers.arrayElement(candidates) : null);
  switch (kind) {
    case "transposition": {
      // Two different neighbouring letters swapped: "John" → "Jonh".
      const at = pick(positions(word, (index) => isLetter(word[index]) && isLetter(word[index + 1]) && word[index] !== word[index + 1]));
      return at === null ? null : `${word.slice(0, at)}${word[at + 1] ?? ""}${word[at] ?? ""}${word.slice(at + 2)}`;
    }
    case "deletion": {
      // One letter left out: "Smith" → "Smth". The result must still be long enough to match by typo.
      if (word.length <= MIN_FUZZY_WORD_LENGTH) return null;
      const at = pick(positions(word, (index) => isLetter(word[index])));
      return at === null ? null : `${word.slice(0, at)}${word.slice(at + 1)}`;
    }
    case "insertion": {
      // A letter typed too many: "Smith" → "Smiqth".
      const at = faker.number.int({ min: 1, max: word.length });
      return `${word.slice(0, at)}${faker.helpers.arrayElement([...lowercase])}${word.slice(at)}`;
    }
    case "substitution": {
      // One letter wrong: "Smith" → "Smoth".
      const at = pick(positions(word, (index) => isLetter(word[index])));
      if (at === null) return null;
      const replacement = faker.helpers.arrayElement([...lowercase].filter((letter) => letter !== word[at]?.toLowerCase()));
      return `${word.slice(0, at)}${replacement}${word.slice(at + 1)}`;
    }
  }
}

/**
 * `word` with one slip of the given kind, the first letter kept. Null when the word or its misspelling is too short
 * to be matched by typo (shorter words match as prefixes only), or the word has no place for that slip.
 */
export function misspell(kind: TypoKind, word: string, faker: Faker): string | null {
  return word.length < MIN_FUZZY_WORD_LENGTH ? null : typoOf(kind, word, faker);
}
