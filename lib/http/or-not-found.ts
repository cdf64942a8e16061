import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/**
 * A page's read of one record: a domain NOT_FOUND (an unknown or malformed id, already audited by the read)
 * becomes the 404 page with a 404 status; every other error goes on to the error boundary.
 */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
