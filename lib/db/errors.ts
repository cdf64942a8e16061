/**
 * A write refused by a unique constraint (Prisma's P2002). The constraint decides, so two concurrent writes cannot
 * both pass a check made in code; callers turn this into a CONFLICT that names the field.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
