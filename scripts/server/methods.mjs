// fetch's Request refuses TRACE outright, so Next.js would fail with a 500 building one. The server entry hands such a
// request on as OPTIONS (safe: it changes nothing wherever it lands) marked with the method asked, and the proxy
// answers 405 with the path's Allow header (lib/http/methods.ts). A client cannot send the mark itself. (TRACK and
// CONNECT, fetch's other forbidden methods, never get here: Node's parser answers TRACK 400, CONNECT is no request.)

/** The request header carrying the refused method from the server entry to the proxy. */
export const REFUSED_METHOD_HEADER = "x-meridian-refused-method";

const UNREPRESENTABLE = new Set(["TRACE"]);

/** Drops any mark a client sent; marks a TRACE request and turns it into OPTIONS. */
export function markUnrepresentableMethod(req) {
  delete req.headers[REFUSED_METHOD_HEADER];
  if (!req.method || !UNREPRESENTABLE.has(req.method.toUpperCase())) return;
  req.headers[REFUSED_METHOD_HEADER] = req.method.toUpperCase();
  req.method = "OPTIONS";
}
