/** HL7 table 0357 (message error condition codes) that Meridian reports in ERR-3. */
export const HL7_ERROR_CODES = {
  100: "Segment sequence error",
  101: "Required field missing",
  102: "Data type error",
  103: "Table value not found",
  200: "Unsupported message type",
  201: "Unsupported event code",
  202: "Unsupported processing id",
  203: "Unsupported version id",
  204: "Unknown key identifier",
  205: "Duplicate key identifier",
  206: "Application record locked",
  207: "Application internal error",
} as const;

export type Hl7ErrorCode = keyof typeof HL7_ERROR_CODES;

/** Where in the message the error is (HL7 ERL: segment id, its sequence, field, repetition, component, sub-component). */
export interface Hl7ErrorLocation {
  segment: string;
  /** 1-based position among the segments of that name. */
  sequence?: number;
  field?: number;
  repetition?: number;
  component?: number;
  subComponent?: number;
}

/**
 * The one error the HL7 parser, framer and mappers throw for bad input. `reject` marks errors that answer AR (the
 * message cannot be accepted at all: not HL7, unsupported type or version); the rest answer AE.
 */
export class Hl7Error extends Error {
  readonly code: Hl7ErrorCode;
  readonly location: Hl7ErrorLocation | undefined;
  readonly reject: boolean;

  constructor(code: Hl7ErrorCode, message: string, options: { location?: Hl7ErrorLocation; reject?: boolean } = {}) {
    super(message);
    this.name = "Hl7Error";
    this.code = code;
    this.location = options.location;
    this.reject = options.reject ?? false;
  }
}
