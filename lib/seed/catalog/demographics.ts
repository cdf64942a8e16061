// Coded demographics with rough US frequencies (Census / CDC race and ethnicity categories, HL7 v2 table 0002
// marital status, BCP 47 language tags), so filters and charts show a realistic mix.

export interface Weighted<T> {
  value: T;
  weight: number;
}

export const RACES: readonly Weighted<string>[] = [
  { value: "White", weight: 60 },
  { value: "Black or African American", weight: 13 },
  { value: "Asian", weight: 6 },
  { value: "American Indian or Alaska Native", weight: 1 },
  { value: "Native Hawaiian or Other Pacific Islander", weight: 0.5 },
  { value: "Other Race", weight: 7 },
  { value: "Unknown", weight: 3 },
];

export const ETHNICITIES: readonly Weighted<string>[] = [
  { value: "Not Hispanic or Latino", weight: 79 },
  { value: "Hispanic or Latino", weight: 19 },
  { value: "Unknown", weight: 2 },
];

export const LANGUAGES: readonly Weighted<string>[] = [
  { value: "en", weight: 78 },
  { value: "es", weight: 13 },
  { value: "zh", weight: 1.5 },
  { value: "vi", weight: 1 },
  { value: "tl", weight: 1 },
  { value: "ar", weight: 0.8 },
  { value: "ko", weight: 0.6 },
  { value: "ru", weight: 0.6 },
  { value: "fr", weight: 0.5 },
];

/** HL7 v2 table 0002: M married, S single, D divorced, W widowed, A separated. */
export const MARITAL_STATUSES: readonly Weighted<string>[] = [
  { value: "M", weight: 50 },
  { value: "S", weight: 30 },
  { value: "D", weight: 11 },
  { value: "W", weight: 6 },
  { value: "A", weight: 3 },
];

/** Reserved for documentation (RFC 2606), so seeded addresses can never reach a real inbox. */
export const EMAIL_DOMAINS = ["example.com", "example.org", "example.net"] as const;
