import { notFound } from "next/navigation";

/**
 * An API path no route handler has stays a plain 404 for API callers. Without this page, the signed-in shell's
 * catch-all (app/(app)/[...missing]) would answer it and send a caller without a session to the sign-in page.
 */
export default function UnknownApiPath(): never {
  notFound();
}
