import { InvalidArgumentError } from "commander";

/** A commander argument parser for whole numbers of at least `min`. */
export function integer(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`Expected a whole number of at least ${min}.`);
    }
    return parsed;
  };
}

/** A commander argument parser for a date or date-time in ISO 8601 (2033-01-01, 2033-01-01T12:00Z). */
export function isoDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value.trim()) || Number.isNaN(date.getTime())) throw new InvalidArgumentError("Expected a date in ISO 8601, e.g. 2033-01-01.");
  return date;
}
