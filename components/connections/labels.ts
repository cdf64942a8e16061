import type { EndpointKind, FhirAuthType } from "@/lib/connections/endpoint";
import type { EMRTypeEnum } from "@/lib/shared-schema/enums";

export const EMR_TYPE_LABELS: Record<EMRTypeEnum, string> = {
  epic: "Epic",
  cerner: "Cerner",
  allscripts: "Allscripts",
  athenahealth: "athenahealth",
  meditech: "MEDITECH",
  nextgen: "NextGen",
  generic_fhir: "Generic FHIR",
  generic_hl7: "Generic HL7",
};

export const KIND_LABELS: Record<EndpointKind, string> = {
  fhir_rest: "FHIR R4 REST",
  mllp_inbound: "HL7 MLLP inbound",
  mllp_outbound: "HL7 MLLP outbound",
};

export const AUTH_LABELS: Record<FhirAuthType, string> = {
  none: "None",
  basic: "Basic (user name and password)",
  client_secret: "OAuth2 client credentials: client secret",
  private_key_jwt: "OAuth2 client credentials: signed JWT (private_key_jwt)",
};

export const SECRET_LABELS: Record<string, string> = {
  password: "Password",
  clientSecret: "Client secret",
  privateKeyPem: "Private key (PEM)",
};
