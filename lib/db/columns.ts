/** The PostgreSQL column of a Prisma field: the schema maps every camelCase field to its snake_case name. */
export const columnOf = (field: string): string => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
