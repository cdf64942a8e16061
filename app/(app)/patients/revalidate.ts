import "server-only";
import { revalidatePath } from "next/cache";

/**
 * Waits for a write to a patient's chart, then marks the chart's pages stale, so the action's response carries
 * the re-rendered page (banner, tabs, edit form) instead of the one the user submitted from.
 */
export async function revalidatingChart<T>(write: Promise<T>, patientIdOf: (result: T) => string): Promise<T> {
  const result = await write;
  revalidatePath(`/patients/${patientIdOf(result)}`, "layout");
  return result;
}
