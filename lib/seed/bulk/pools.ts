import { base, en, en_US, Faker } from "@faker-js/faker";
import { ETHNICITIES, LANGUAGES, MARITAL_STATUSES, RACES, type Weighted } from "@/lib/seed/catalog/demographics";
import { copyEscape } from "@/lib/seed/bulk/copy-text";
import { cumulativeWeights } from "@/lib/seed/random";

/** Values picked by index: pre-escaped for COPY, with running weight totals where the choice is weighted. */
export interface WeightedPool {
  values: string[];
  cumulative: number[];
}

export interface BulkPools {
  femaleFirst: string[];
  maleFirst: string[];
  last: string[];
  /** Lower-case ASCII versions of the names, aligned by index, for e-mail addresses. */
  femaleFirstEmail: string[];
  maleFirstEmail: string[];
  lastEmail: string[];
  streets: string[];
  /** "city\tstate\tzip", already joined so one pick fills three columns consistently. */
  places: string[];
  races: WeightedPool;
  ethnicities: WeightedPool;
  languages: WeightedPool;
  maritalStatuses: WeightedPool;
}

function weighted(items: readonly Weighted<string>[]): WeightedPool {
  return { values: items.map((item) => copyEscape(item.value)), cumulative: cumulativeWeights(items.map((item) => item.weight)) };
}

function emailPart(name: string): string {
  return name.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]/g, "") || "patient";
}

/**
 * Faker is far too slow to call per row for a million patients (~50 µs per name), so it fills these pools once
 * from the seed; rows then combine pool entries by PRNG index in well under a microsecond each.
 */
export function buildPools(seed: number): BulkPools {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(seed);
  const many = (count: number, make: () => string) => Array.from({ length: count }, make);
  const femaleFirst = many(1_000, () => faker.person.firstName("female"));
  const maleFirst = many(1_000, () => faker.person.firstName("male"));
  const last = many(2_000, () => faker.person.lastName());
  const places = many(500, () => {
    const state = faker.location.state({ abbreviated: true });
    return [faker.location.city(), state, faker.location.zipCode({ state })].map(copyEscape).join("\t");
  });
  return {
    femaleFirst: femaleFirst.map(copyEscape),
    maleFirst: maleFirst.map(copyEscape),
    last: last.map(copyEscape),
    femaleFirstEmail: femaleFirst.map(emailPart),
    maleFirstEmail: maleFirst.map(emailPart),
    lastEmail: last.map(emailPart),
    streets: many(1_000, () => copyEscape(faker.location.street())),
    places,
    races: weighted(RACES),
    ethnicities: weighted(ETHNICITIES),
    languages: weighted(LANGUAGES),
    maritalStatuses: weighted(MARITAL_STATUSES),
  };
}
