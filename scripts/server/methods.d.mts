import type { IncomingMessage } from "node:http";

export const REFUSED_METHOD_HEADER: string;
export function markUnrepresentableMethod(req: Pick<IncomingMessage, "method" | "headers">): void;
