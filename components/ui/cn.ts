import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names; later Tailwind classes win over earlier conflicting ones (callers can override variants). */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
