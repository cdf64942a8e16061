import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/page-guard";

/**
 * Any path no page matches, inside the signed-in shell: a signed-out visitor goes to the sign-in page first; a
 * signed-in user gets the 404 page (status 404) with the navigation still there.
 */
export default async function MissingPage(): Promise<never> {
  await requirePagePermission(null);
  notFound();
}
