import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { utcDateTime } from "@/components/audit/format";
import { ParsedStructure } from "@/components/hl7/parsed-structure";
import { RecordChanges } from "@/components/hl7/record-changes";
import { ReprocessForm } from "@/components/hl7/reprocess-form";
import { SegmentView } from "@/components/hl7/segment-view";
import { Hl7StatusBadge, messageTypeText } from "@/components/hl7/status-badge";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { humanize } from "@/components/ui/format";
import { reprocessHl7MessagesAction } from "@/app/(app)/hl7/actions";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { HL7_ERROR_CODES } from "@/lib/hl7/er7/errors";
import { getHl7Message } from "@/lib/hl7/store/detail";
import { layOutSegments, parseStructure, type LaidOutSegment } from "@/lib/hl7/store/layout";
import type { Hl7MessageDetail } from "@/lib/hl7/store/types";
import { orNotFound } from "@/lib/http/or-not-found";

// The control id and patient stay out of the title: titles end up in browser history and window lists.
export const metadata: Metadata = { title: "HL7 message" };

const dash = <span className="text-muted-foreground">—</span>;

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}

const separatorOf = (segments: LaidOutSegment[]): string => (segments[0]?.name === "MSH" ? (segments[0].fields[0]?.text ?? "|") : "|");

function errorName(code: number | null): string | null {
  return code !== null && code in HL7_ERROR_CODES ? HL7_ERROR_CODES[code as keyof typeof HL7_ERROR_CODES] : null;
}

function ProcessingError({ message }: { message: Hl7MessageDetail }) {
  const name = errorName(message.errorCode);
  return (
    <Alert variant="error" aria-label="Processing error">
      <div className="flex flex-col gap-1">
        <AlertTitle>
          Processing failed
          {message.errorCode !== null && (
            <>
              {": "}
              <span className="font-mono">{message.errorCode}</span>
              {name && ` ${name}`}
            </>
          )}
        </AlertTitle>
        <AlertDescription className="text-foreground">
          <p>{message.errorMessage}</p>
          {message.errorLocation && (
            <p>
              Location: <span className="font-mono font-semibold">{message.errorLocation}</span> (marked in the raw message below)
            </p>
          )}
        </AlertDescription>
      </div>
    </Alert>
  );
}

const patientText = (message: Hl7MessageDetail): string =>
  `MRN ${message.patientMrn ?? ""}${message.patientMrnAuthority ? ` (${message.patientMrnAuthority})` : ""}`;

function Summary({ message, chartLinks }: { message: Hl7MessageDetail; chartLinks: boolean }) {
  const sender = [message.sendingApplication, message.sendingFacility].filter(Boolean).join(" / ");
  const receiver = [message.receivingApplication, message.receivingFacility].filter(Boolean).join(" / ");
  return (
    <dl className="grid gap-4 rounded-lg border bg-card p-4 shadow-xs sm:grid-cols-3 lg:grid-cols-4">
      <Item term="Status">
        <Hl7StatusBadge status={message.status} />
      </Item>
      <Item term="ACK code">{message.ackCode ? <span className="font-mono">{message.ackCode}</span> : dash}</Item>
      <Item term="Retry count">{message.retryCount}</Item>
      <Item term="Direction">{humanize(message.direction)}</Item>
      <Item term="Control id (MSH-10)">{message.controlId ? <span className="font-mono">{message.controlId}</span> : dash}</Item>
      <Item term="Received (UTC)">{utcDateTime(message.createdAt)}</Item>
      <Item term="Message time (MSH-7, UTC)">{utcDateTime(message.messageDatetime)}</Item>
      <Item term="Processed (UTC)">{message.processedAt ? utcDateTime(message.processedAt) : dash}</Item>
      <Item term="Sender">{sender || dash}</Item>
      <Item term="Receiver">{receiver || dash}</Item>
      <Item term="Version">{message.hl7Version ?? dash}</Item>
      <Item term="Transport / peer">
        {message.transport ? `${message.transport.toUpperCase()}${message.peerAddress ? ` from ${message.peerAddress}` : ""}` : dash}
      </Item>
      <Item term="Connection">{message.connection?.name ?? (message.direction === "inbound" ? "Unattributed" : dash)}</Item>
      <Item term="Patient">
        {message.patientId ? (
          chartLinks ? (
            <Link href={`/patients/${message.patientId}`} className="font-medium text-primary underline-offset-4 hover:underline">
              {patientText(message)}
            </Link>
          ) : (
            patientText(message)
          )
        ) : (
          dash
        )}
      </Item>
      {message.inReplyTo && (
        <Item term="In reply to">
          <Link href={`/hl7/${message.inReplyTo.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
            {messageTypeText(message.inReplyTo.messageType, message.inReplyTo.triggerEvent)} {message.inReplyTo.controlId}
          </Link>
        </Item>
      )}
    </dl>
  );
}

/** The retention policy purged the text after its period (lib/retention); the row and what it produced remain. */
function RawTextPurged({ purgedAt }: { purgedAt: Date | null }) {
  return (
    <p className="text-sm text-muted-foreground">
      Raw text purged on {purgedAt ? utcDateTime(purgedAt) : "an unknown date"} (UTC) under the retention policy; the message&apos;s details and the
      records it created or changed are kept.
    </p>
  );
}

// No loading.tsx here or on /hl7: a streamed page has sent its 200 before the read, and an unknown id must be a real
// 404 (a refusal a real 403). The nav link shows its spinner meanwhile; the list streams its rows behind a skeleton.
export default async function Hl7MessagePage({ params }: { params: Promise<{ messageId: string }> }) {
  const ctx = await requirePagePermission("hl7:read");
  const { messageId } = await params;
  const message = await orNotFound(getHl7Message(ctx, messageId));
  const segments = message.rawMessage === null ? [] : layOutSegments(message.rawMessage, message.errorLocation);
  const ackSegments = message.ack ? layOutSegments(message.ack.text, null) : [];
  const mayReprocess = can(ctx.role, "hl7:manage") && message.direction === "inbound";
  // Links to the chart only for those who may open it (the chart page checks again).
  const chartLinks = can(ctx.role, "patients:read") || can(ctx.role, "patients:read_demographics");

  return (
    <div className="flex flex-col gap-8">
      <Link href="/hl7" className="inline-flex w-fit items-center gap-1.5 rounded-sm text-sm font-medium text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden="true" className="size-4" />
        HL7 messages
      </Link>
      <PageHeader title={`${messageTypeText(message.messageType, message.triggerEvent)} message`} description={`Control id ${message.controlId ?? "(none)"}`} />
      {message.status === "error" && <ProcessingError message={message} />}
      {mayReprocess && (
        <ReprocessForm
          action={reprocessHl7MessagesAction}
          id="reprocess-message"
          messageId={message.id}
          label="Reprocess"
          names={{ [message.id]: message.controlId ?? message.id }}
          disabled={message.status !== "error" || message.rawMessage === null}
        />
      )}
      <Summary message={message} chartLinks={chartLinks} />

      <PageSection id="raw" title="Raw message">
        {message.rawMessage === null ? (
          <RawTextPurged purgedAt={message.rawPurgedAt} />
        ) : (
          <>
            <p className="text-sm text-muted-foreground">One row per segment; hover a field (or focus it with a screen reader) for its name.</p>
            <SegmentView segments={segments} label="Raw message" separator={separatorOf(segments)} />
          </>
        )}
      </PageSection>

      <PageSection id="changes" title="Records created or changed">
        <RecordChanges changes={message.changes} chartLinks={chartLinks} />
      </PageSection>

      <PageSection id="ack" title="Acknowledgement sent">
        {message.ack ? (
          <>
            {message.ack.id && (
              <Link href={`/hl7/${message.ack.id}`} className="w-fit text-sm font-medium text-primary underline-offset-4 hover:underline">
                Open the stored ACK
              </Link>
            )}
            <SegmentView segments={ackSegments} label="Acknowledgement" separator={separatorOf(ackSegments)} />
          </>
        ) : (
          <p className="text-sm text-muted-foreground">{message.direction === "outbound" ? "This message is itself an acknowledgement." : "No acknowledgement was sent."}</p>
        )}
      </PageSection>

      <PageSection id="parsed" title="Parsed structure">
        {message.rawMessage === null ? <RawTextPurged purgedAt={message.rawPurgedAt} /> : <ParsedStructure parsed={parseStructure(message.rawMessage)} />}
      </PageSection>
    </div>
  );
}
