import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { outboundCertificateAuthorities } from "@/lib/connections/probe/trusted-ca";

// E-mail through the SMTP server of SMTP_URL (smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when
// the server offers it). Certificates are verified against Node's roots plus OUTBOUND_TLS_CA_FILE, as every
// outbound connection is.

export interface Mail {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
}

/** The SMTP server refused or could not be reached; `code` is nodemailer's (ECONNECTION, EENVELOPE …), no address. */
export class MailError extends Error {
  override name = "MailError";
  constructor(readonly code: string) {
    super(`the SMTP server did not take the message (${code})`);
  }
}

let cached: { url: string; transporter: Transporter } | undefined;

function transporterFor(smtpUrl: string): Transporter {
  if (cached?.url !== smtpUrl) {
    const ca = outboundCertificateAuthorities();
    cached = {
      url: smtpUrl,
      transporter: nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, ...(ca ? { tls: { ca } } : {}) }),
    };
  }
  return cached.transporter;
}

function codeOf(error: unknown): string {
  if (typeof error !== "object" || error === null) return "EUNKNOWN";
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  return [code, responseCode].filter((part) => typeof part === "string" || typeof part === "number").join(" ") || "EUNKNOWN";
}

/** Sends one message to all of `to`; throws MailError when the server accepted it for none of them. */
export async function sendMail(smtpUrl: string, mail: Mail): Promise<void> {
  try {
    await transporterFor(smtpUrl).sendMail({ from: mail.from, to: [...mail.to], subject: mail.subject, text: mail.text });
  } catch (error) {
    throw new MailError(codeOf(error));
  }
}
