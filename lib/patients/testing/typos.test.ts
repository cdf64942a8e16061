import { Faker, en } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import { TYPO_KINDS, misspell, type TypoKind } from "@/lib/patients/testing/typos";

// The recall figures are only as good as their misspellings: each must be exactly one slip of its kind, never in
// the first letter, and never a word too short to be matched by typo.

const WORDS = ["Lukas", "Smith", "Jenkins", "Anna", "Balistreri", "O'Keefe", "Schmeler-Swaniawski", "Abby"];

/** The positions where two equally long words differ. */
const differences = (a: string, b: string) => [...a].flatMap((letter, index) => (letter === b[index] ? [] : [index]));

/** Whether `shorter` is `longer` with exactly one character left out. */
const isOneDeletion = (longer: string, shorter: string) =>
  longer.length === shorter.length + 1 && [...longer].some((_, index) => longer.slice(0, index) + longer.slice(index + 1) === shorter);

const isSlip: Record<TypoKind, (word: string, typo: string) => boolean> = {
  transposition: (word, typo) => {
    const changed = differences(word, typo);
    const at = changed[0];
    if (typo.length !== word.length || changed.length !== 2 || at === undefined || changed[1] !== at + 1) return false;
    return word[at] === typo[at + 1] && word[at + 1] === typo[at];
  },
  deletion: (word, typo) => isOneDeletion(word, typo),
  insertion: (word, typo) => isOneDeletion(typo, word),
  substitution: (word, typo) => typo.length === word.length && differences(word, typo).length === 1,
};

describe("misspell", () => {
  it.each(TYPO_KINDS)("makes exactly one %s, keeps the first letter and leaves 4+ letters", (kind) => {
    const faker = new Faker({ locale: [en] });
    faker.seed(7);
    for (let round = 0; round < 20; round += 1) {
      for (const word of WORDS) {
        const typo = misspell(kind, word, faker);
        if (typo === null) continue;
        expect(isSlip[kind](word, typo), `${word} → ${typo}`).toBe(true);
        expect(typo[0]).toBe(word[0]);
        expect(typo.length).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it("refuses words too short to be matched by typo, and deletions that would leave one", () => {
    const faker = new Faker({ locale: [en] });
    for (const kind of TYPO_KINDS) expect(misspell(kind, "Ana", faker)).toBeNull();
    expect(misspell("deletion", "Abby", faker)).toBeNull();
    expect(misspell("transposition", "Baaa", faker)).toBeNull();
  });

  it("repeats itself for the same seed", () => {
    const run = () => {
      const faker = new Faker({ locale: [en] });
      faker.seed(11);
      return TYPO_KINDS.map((kind) => misspell(kind, "Balistreri", faker));
    };
    expect(run()).toEqual(run());
  });
});
