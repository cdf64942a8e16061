import { z } from "zod";

/** The registered media type of HL7 v2 ER7 (the API also takes application/hl7-v2 and text/plain). */
export const HL7_MEDIA_TYPE = "x-application/hl7-v2+er7";

export const Hl7MessageBody = z
  .string()
  .describe("An HL7 v2 message in ER7 form: segments separated by carriage returns, the first one MSH (or FHS/BHS for a batch)");

export const Hl7AcknowledgementBody = z
  .string()
  .describe("The ACK: MSH (sender and receiver swapped, its own control id), MSA (code, the message's MSH-10) and, on an error, ERR");
