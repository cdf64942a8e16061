import "server-only";
import { headers } from "next/headers";
import { requestInfoFrom, type RequestInfo } from "@/lib/audit/context";
import { REQUEST_METHOD_HEADER, REQUEST_PATH_HEADER } from "@/lib/auth/request-headers";

/** The current request's audit facts, for pages and server actions (route handlers build theirs from the Request). */
export async function currentRequestInfo(): Promise<RequestInfo> {
  const h = await headers();
  return requestInfoFrom(h, h.get(REQUEST_METHOD_HEADER), h.get(REQUEST_PATH_HEADER));
}
