/** Headers the proxy sets on every request so pages and actions know their own method and path. */
export const REQUEST_METHOD_HEADER = "x-meridian-method";
export const REQUEST_PATH_HEADER = "x-meridian-path";
/** The request id the proxy generated (whatever the client sent under this name is overwritten). */
export const SERVER_REQUEST_ID_HEADER = "x-meridian-request-id";
/** Where a client may send its own id for a request; it is audited as the correlation id, never as the request id. */
export const CORRELATION_ID_HEADERS = ["x-request-id", "x-correlation-id"] as const;
/**
 * The client's id as the proxy found it. Next.js copies the proxy's response headers onto the request, so past the
 * proxy `x-request-id` is the server's id and the client's own has to travel under another name.
 */
export const CLIENT_CORRELATION_ID_HEADER = "x-meridian-correlation-id";
/** The response header that tells the client the server's request id (quoted in error messages and audit rows). */
export const RESPONSE_REQUEST_ID_HEADER = "x-request-id";
