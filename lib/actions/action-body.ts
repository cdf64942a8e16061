// Whether Next.js can decode a server action call. React's reply format has references ("$Q1" a Map, "$h1" a server
// reference, "$1" an outlined model …) that fail to decode — a 500 — when the parts they point at are missing or
// malformed. This app's actions take a FormData or plain JSON values (lib/actions/action.ts), so a call may use only
// the references those produce; anything else is refused before Next.js sees it.

/** References React's encodeReply writes for plain values, strings that begin with "$", and FormData. */
const PLAIN_REFERENCE = /^\$(?:\$.*|undefined|NaN|Infinity|-Infinity|-0|D.*|n-?\d+|K[0-9a-f]+)$/s;

function onlyPlainReferences(value: unknown): boolean {
  if (typeof value === "string") return !value.startsWith("$") || PLAIN_REFERENCE.test(value);
  if (Array.isArray(value)) return value.every(onlyPlainReferences);
  if (value !== null && typeof value === "object") return Object.values(value).every(onlyPlainReferences);
  return true;
}

function parsed(text: unknown): unknown {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An argument list: a JSON array of plain values. */
function isArgumentList(text: unknown): boolean {
  const value = parsed(text);
  return Array.isArray(value) && onlyPlainReferences(value);
}

/** A fetch call (Next-Action header): the argument list as the body, or as form field "0" beside FormData fields. */
export function isDecodableFetchCall(body: string | FormData): boolean {
  return isArgumentList(typeof body === "string" ? body : body.get("0"));
}

const ACTION_REFERENCE = /^\$ACTION_REF_(.+)$/;
const BOUND_ARGUMENTS = /^\$@([0-9a-f]+)$/;

/**
 * A form post before hydration: "$ACTION_ID_<id>" fields need nothing more (Next.js checks the id), while each
 * "$ACTION_REF_<n>" needs "$ACTION_<n>:0" = {"id": "…", "bound": null | "$@<k>"} and, when bound, an argument list
 * in "$ACTION_<n>:<k>".
 */
export function isDecodableFormPost(form: FormData): boolean {
  for (const name of form.keys()) {
    const reference = ACTION_REFERENCE.exec(name)?.[1];
    if (reference === undefined) continue;
    const prefix = `$ACTION_${reference}:`;
    const meta = parsed(form.get(`${prefix}0`));
    if (meta === null || typeof meta !== "object" || Array.isArray(meta)) return false;
    const { id, bound } = meta as { id?: unknown; bound?: unknown };
    // Action ids are hex; a "$…" id would itself be read as a reference.
    if (typeof id !== "string" || id.startsWith("$")) return false;
    if (bound === null) continue;
    const part = typeof bound === "string" ? BOUND_ARGUMENTS.exec(bound)?.[1] : undefined;
    if (part === undefined || !isArgumentList(form.get(`${prefix}${part}`))) return false;
  }
  return true;
}
