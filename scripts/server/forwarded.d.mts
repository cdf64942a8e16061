import type { IncomingHttpHeaders } from "node:http";

export function parseTrustedHops(value: string | undefined): number;
export function normalizeAddress(value: string | undefined): string | null;
export function clientAddress(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, trustedHops: number): string | null;
export function trustForwardedHeaders(headers: IncomingHttpHeaders, socketAddress: string | undefined, trustedHops: number): void;
