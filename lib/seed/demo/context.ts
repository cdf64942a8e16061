import { base, en, en_US, Faker } from "@faker-js/faker";
import type { Weighted } from "@/lib/seed/catalog/demographics";

/**
 * Every date in the demo data is relative to this instant, never to the clock, so two runs produce identical
 * rows. "The last two years" means the two years before it.
 */
export const DEMO_ANCHOR = new Date("2026-11-01T15:00:00.000Z");

export const DAY_MS = 86_400_000;

/** One seeded faker per run: its sequence of calls is the only source of randomness in the demo data. */
export class DemoRandom {
  readonly faker: Faker;

  constructor(seed: number) {
    this.faker = new Faker({ locale: [en_US, en, base] });
    this.faker.seed(seed);
    this.faker.setDefaultRefDate(DEMO_ANCHOR);
  }

  /** Uniform in [0, 1) (faker's float excludes its upper bound). */
  readonly next = (): number => this.faker.number.float();

  uuid(): string {
    return this.faker.string.uuid();
  }

  int(min: number, max: number): number {
    return this.faker.number.int({ min, max });
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return this.faker.helpers.arrayElement(items);
  }

  weighted<T>(items: readonly Weighted<T>[]): T {
    return this.faker.helpers.weightedArrayElement(items.map((item) => ({ weight: item.weight, value: item.value })));
  }

  /** Up to `count` distinct items. */
  some<T>(items: readonly T[], count: number): T[] {
    return this.faker.helpers.arrayElements(items, Math.min(count, items.length));
  }

  /** An instant `minDays`–`maxDays` before the anchor, at a clinic-hours time of day (UTC). */
  daysAgo(minDays: number, maxDays: number): Date {
    const day = this.int(minDays, maxDays);
    const minutes = this.int(13 * 60, 23 * 60);
    const midnight = Date.UTC(DEMO_ANCHOR.getUTCFullYear(), DEMO_ANCHOR.getUTCMonth(), DEMO_ANCHOR.getUTCDate());
    return new Date(midnight - day * DAY_MS + minutes * 60_000);
  }
}

/** A calendar date (UTC midnight) for @db.Date columns. */
export function dateOnly(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}
