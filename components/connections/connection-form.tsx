"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { startTransition, useId, useState, type FormEvent } from "react";
import { AUTH_LABELS, EMR_TYPE_LABELS, KIND_LABELS, SECRET_LABELS } from "@/components/connections/labels";
import { connectionInput } from "@/components/connections/connection-form-input";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { SelectField, TextAreaField, TextField } from "@/components/patients/form-fields";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import { AUTH_SECRETS, type ConnectionEndpoint, type EndpointKind, type FhirAuthType } from "@/lib/connections/endpoint";
import type { EMRConnectionResponse } from "@/lib/connections/schema";

type Save = (input: Record<string, unknown>) => Promise<ActionResult<{ id: string }>>;

interface ConnectionFormProps {
  /** The connection being edited; a new one when absent. */
  connection?: EMRConnectionResponse;
  save: Save;
}

const options = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

function fhirOf(endpoint: ConnectionEndpoint | undefined) {
  return endpoint?.kind === "fhir_rest" ? endpoint : undefined;
}

/**
 * Add or edit a connection. The kind decides the endpoint's fields and the auth type decides which secret is asked
 * for. Secrets are write-only: never shown, and left empty on an edit they stay as stored.
 */
export function ConnectionForm({ connection, save }: ConnectionFormProps) {
  const id = useId();
  const router = useRouter();
  const editing = connection !== undefined;
  const endpoint = connection?.endpoint;
  const fhir = fhirOf(endpoint);
  const auth = fhir?.auth;
  const [kind, setKind] = useState<EndpointKind>(endpoint?.kind ?? "fhir_rest");
  const [authType, setAuthType] = useState<FhirAuthType>(auth?.type ?? "none");
  const { state, formAction, pending, formRef, messageRef, fieldErrors, valueOf, checkedOf } = useActionForm(
    (form: FormData) => {
      const input = connectionInput(form, !editing);
      return save(editing ? { id: connection.id, changes: input } : input);
    },
    (saved) => router.push(`/connections/${saved.id}`),
  );
  // Submitted through onSubmit, not the form's action prop: React resets a form after its action, which would put
  // the selects (the controlled kind and auth type among them) back to their first values while the fields below
  // them still follow the state.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  // On an edit the schema reports at changes.<field>; the service (secrets checked against those stored) at <field>.
  const errors = (name: string) => (editing ? (fieldErrors[`changes.${name}`] ?? fieldErrors[name]) : fieldErrors[name]);
  const field = (name: string) => `${id}-${name}`;
  const stored = new Set(connection?.credentialNames ?? []);
  const secretHint = (name: string) => (stored.has(name) ? "Stored — leave empty to keep it" : "Write-only: never shown again after saving");
  // The service keeps only the secrets the saved auth uses: say which stored ones a change of kind or auth drops.
  const used = new Set<string>(kind === "fhir_rest" ? AUTH_SECRETS[authType] : []);
  const dropped = [...stored].filter((name) => !used.has(name)).map((name) => (SECRET_LABELS[name] ?? name).replace(/^./, (first) => first.toLowerCase()));
  const droppedHint = dropped.length > 0 ? `Saving removes the stored ${dropped.join(" and ")}, which this setting does not use` : undefined;
  const secretField = (name: string, multiline = false) =>
    multiline ? (
      <TextAreaField id={field(name)} name={name} label={SECRET_LABELS[name] ?? name} hint={secretHint(name)} errors={errors(`credentials.${name}`)} rows={4} autoComplete="off" spellCheck={false} className="sm:col-span-2" />
    ) : (
      <TextField id={field(name)} name={name} type="password" label={SECRET_LABELS[name] ?? name} hint={secretHint(name)} errors={errors(`credentials.${name}`)} autoComplete="new-password" />
    );
  const tokenFields = (
    <>
      <TextField id={field("tokenUrl")} name="tokenUrl" label="Token URL" required type="url" defaultValue={valueOf("tokenUrl", auth && "tokenUrl" in auth ? auth.tokenUrl : "")} errors={errors("endpoint.auth.tokenUrl")} />
      <TextField id={field("clientId")} name="clientId" label="Client id" required autoComplete="off" defaultValue={valueOf("clientId", auth && "clientId" in auth ? auth.clientId : "")} errors={errors("endpoint.auth.clientId")} />
      <TextField id={field("scopes")} name="scopes" label="Scopes" hint="Separated by spaces, e.g. system/Patient.read system/Observation.read" autoComplete="off" defaultValue={valueOf("scopes", auth && "scopes" in auth ? auth.scopes.join(" ") : "")} errors={errors("endpoint.auth.scopes")} />
    </>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={editing ? `Edit connection ${connection.name}` : "New connection"} className="flex flex-col gap-6">
      <FormMessage ref={messageRef} result={state.result} success="Connection saved." errorLabel="Connection error" />
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Connection</legend>
        <TextField id={field("name")} name="name" label="Name" required autoComplete="off" defaultValue={valueOf("name", connection?.name)} errors={errors("name")} />
        <TextField id={field("connectionId")} name="connectionId" label="Connection id" required hint="Lowercase letters, digits and dashes, e.g. epic-prod" autoComplete="off" spellCheck={false} defaultValue={valueOf("connectionId", connection?.connectionId)} errors={errors("connectionId")} />
        <SelectField id={field("emrType")} name="emrType" label="EMR type" required placeholder="Choose…" options={options(EMR_TYPE_LABELS)} defaultValue={valueOf("emrType", connection?.emrType)} errors={errors("emrType")} />
        <SelectField id={field("kind")} name="kind" label="Endpoint kind" required options={options(KIND_LABELS)} value={kind} onChange={(event) => setKind(event.target.value as EndpointKind)} hint={kind === "fhir_rest" ? undefined : droppedHint} errors={errors("endpoint.kind")} />
        {!editing && (
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" name="isActive" defaultChecked={checkedOf("isActive", true)} className="size-4" />
            Active (Meridian uses and tests this connection)
          </label>
        )}
      </fieldset>

      {kind === "fhir_rest" && (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold">FHIR endpoint</legend>
          <TextField id={field("baseUrl")} name="baseUrl" label="Base URL" required type="url" hint="https (http only for localhost), e.g. https://fhir.example.org/api/FHIR/R4" defaultValue={valueOf("baseUrl", fhir?.baseUrl)} errors={errors("endpoint.baseUrl")} />
          <SelectField id={field("fhirVersion")} name="fhirVersion" label="FHIR version" options={[{ value: "R4", label: "R4 (4.0.1)" }, { value: "R4B", label: "R4B (4.3.0)" }]} defaultValue={valueOf("fhirVersion", fhir?.fhirVersion ?? "R4")} errors={errors("endpoint.fhirVersion")} />
          <SelectField id={field("authType")} name="authType" label="Authentication" options={options(AUTH_LABELS)} value={authType} onChange={(event) => setAuthType(event.target.value as FhirAuthType)} hint={droppedHint} errors={errors("endpoint.auth.type")} className="sm:col-span-2" />
          {authType === "basic" && (
            <>
              <TextField id={field("username")} name="username" label="User name" required autoComplete="off" defaultValue={valueOf("username", auth?.type === "basic" ? auth.username : "")} errors={errors("endpoint.auth.username")} />
              {secretField("password")}
            </>
          )}
          {authType === "client_secret" && (
            <>
              {tokenFields}
              {secretField("clientSecret")}
            </>
          )}
          {authType === "private_key_jwt" && (
            <>
              {tokenFields}
              <TextField id={field("keyId")} name="keyId" label="Key id (kid)" autoComplete="off" defaultValue={valueOf("keyId", auth?.type === "private_key_jwt" ? auth.keyId : "")} errors={errors("endpoint.auth.keyId")} />
              <SelectField id={field("algorithm")} name="algorithm" label="Signing algorithm" options={[{ value: "RS384", label: "RS384" }, { value: "ES384", label: "ES384" }]} defaultValue={valueOf("algorithm", auth?.type === "private_key_jwt" ? auth.algorithm : "RS384")} errors={errors("endpoint.auth.algorithm")} />
              {secretField("privateKeyPem", true)}
            </>
          )}
        </fieldset>
      )}

      {kind === "mllp_inbound" && (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold">HL7 feed (inbound)</legend>
          <TextField id={field("sendingApplication")} name="sendingApplication" label="Sending application (MSH-3)" required autoComplete="off" defaultValue={valueOf("sendingApplication", endpoint?.kind === "mllp_inbound" ? endpoint.sendingApplication : "")} errors={errors("endpoint.sendingApplication")} />
          <TextField id={field("sendingFacility")} name="sendingFacility" label="Sending facility (MSH-4)" hint="Empty matches any facility" autoComplete="off" defaultValue={valueOf("sendingFacility", endpoint?.kind === "mllp_inbound" ? endpoint.sendingFacility : "")} errors={errors("endpoint.sendingFacility")} />
          <TextAreaField id={field("clientCertificateSha256")} name="clientCertificateSha256" label="Client certificate (mutual TLS)" hint="The sender's PEM certificate or its SHA-256 fingerprint: its messages are then taken only over MLLP with TLS and that certificate. Empty: none required" rows={3} autoComplete="off" spellCheck={false} className="sm:col-span-2" defaultValue={valueOf("clientCertificateSha256", endpoint?.kind === "mllp_inbound" ? (endpoint.clientCertificateSha256 ?? "") : "")} errors={errors("endpoint.clientCertificateSha256")} />
        </fieldset>
      )}

      {kind === "mllp_outbound" && (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold">HL7 destination (outbound)</legend>
          <TextField id={field("host")} name="host" label="Host" required autoComplete="off" spellCheck={false} defaultValue={valueOf("host", endpoint?.kind === "mllp_outbound" ? endpoint.host : "")} errors={errors("endpoint.host")} />
          <TextField id={field("port")} name="port" label="Port" required inputMode="numeric" defaultValue={valueOf("port", endpoint?.kind === "mllp_outbound" ? String(endpoint.port) : "")} errors={errors("endpoint.port")} />
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" name="tls" defaultChecked={checkedOf("tls", endpoint?.kind === "mllp_outbound" ? endpoint.tls : false)} className="size-4" />
            TLS (certificate verified)
          </label>
        </fieldset>
      )}

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Other settings</legend>
        <TextField id={field("timeoutMs")} name="timeoutMs" label="Test timeout (ms)" hint="1,000 to 60,000; 10,000 when empty" inputMode="numeric" autoComplete="off" defaultValue={valueOf("timeoutMs", connection?.config.timeoutMs === undefined ? "" : String(connection.config.timeoutMs))} errors={errors("config.timeoutMs")} />
        <TextField id={field("tenantId")} name="tenantId" label="Tenant id" hint="The EMR's tenant or organisation id, for reference" autoComplete="off" spellCheck={false} defaultValue={valueOf("tenantId", connection?.config.tenantId)} errors={errors("config.tenantId")} />
        <TextField id={field("contact")} name="contact" label="Contact" hint="Who to call at the EMR's side when the connection is down" autoComplete="off" defaultValue={valueOf("contact", connection?.config.contact)} errors={errors("config.contact")} className="sm:col-span-2" />
      </fieldset>

      <div>
        <Button type="submit" disabled={pending}>
          {pending && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {pending ? "Saving…" : editing ? "Save changes" : "Add connection"}
        </Button>
      </div>
    </form>
  );
}
