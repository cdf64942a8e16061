// The connection form's fields → the input the actions parse with EMRConnectionCreate / EMRConnectionUpdate.
// Only the chosen kind's (and auth type's) fields are sent; a secret field left empty is not sent, which on an edit
// keeps the stored secret.

const SECRET_FIELDS = ["password", "clientSecret", "privateKeyPem"] as const;
const CONFIG_FIELDS = ["timeoutMs", "tenantId", "contact"] as const;

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function scopes(form: FormData): string[] {
  return text(form, "scopes").split(/[\s,]+/).filter(Boolean);
}

function fhirAuth(form: FormData): Record<string, unknown> {
  const type = text(form, "authType") || "none";
  if (type === "basic") return { type, username: text(form, "username") };
  if (type === "client_secret") return { type, tokenUrl: text(form, "tokenUrl"), clientId: text(form, "clientId"), scopes: scopes(form) };
  if (type === "private_key_jwt") return { type, tokenUrl: text(form, "tokenUrl"), clientId: text(form, "clientId"), keyId: text(form, "keyId"), algorithm: text(form, "algorithm") || "RS384", scopes: scopes(form) };
  return { type };
}

function endpoint(form: FormData): Record<string, unknown> {
  const kind = text(form, "kind");
  if (kind === "mllp_inbound") return { kind, sendingApplication: text(form, "sendingApplication"), sendingFacility: text(form, "sendingFacility"), clientCertificateSha256: text(form, "clientCertificateSha256") };
  if (kind === "mllp_outbound") return { kind, host: text(form, "host"), port: text(form, "port"), tls: form.get("tls") === "on" };
  return { kind, baseUrl: text(form, "baseUrl"), fhirVersion: text(form, "fhirVersion") || "R4", auth: fhirAuth(form) };
}

function credentials(form: FormData): Record<string, string> | undefined {
  const typed = SECRET_FIELDS.flatMap((name) => (text(form, name) ? [[name, text(form, name)] as const] : []));
  return typed.length > 0 ? Object.fromEntries(typed) : undefined;
}

/** The settings filled in; an empty field is left out (on an edit, the settings are replaced as a whole). */
function config(form: FormData): Record<string, string> {
  return Object.fromEntries(CONFIG_FIELDS.flatMap((name) => (text(form, name).trim() ? [[name, text(form, name)]] : [])));
}

/** `withActivation`: only a new connection takes "active" from the form; an existing one is (de)activated on its own. */
export function connectionInput(form: FormData, withActivation: boolean): Record<string, unknown> {
  const secrets = credentials(form);
  return {
    connectionId: text(form, "connectionId"),
    name: text(form, "name"),
    emrType: text(form, "emrType"),
    endpoint: endpoint(form),
    config: config(form),
    ...(withActivation ? { isActive: form.get("isActive") === "on" } : {}),
    ...(secrets ? { credentials: secrets } : {}),
  };
}
