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
