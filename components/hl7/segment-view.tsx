import { Fragment } from "react";
import { cn } from "@/components/ui/cn";
import type { LaidOutSegment } from "@/lib/hl7/store/layout";

/**
 * The raw message, one row per segment, fields as sent, each named on hover (and for keyboard and screen-reader
 * users, in its title and accessible name). Everything is rendered as text: a message is data, never markup.
 */
export function SegmentView({ segments, label, separator = "|" }: { segments: LaidOutSegment[]; label: string; separator?: string }) {
  if (segments.length === 0) return <p className="text-sm text-muted-foreground">The message is empty.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border bg-card shadow-xs">
      <table aria-label={label} className="w-full border-collapse font-mono text-xs">
        <tbody>
          {segments.map((segment, index) => (
            <tr key={index} className={cn("border-b last:border-b-0 align-top", segment.offending && "bg-destructive-soft/50")}>
              <th scope="row" className="w-14 px-3 py-1.5 text-left font-semibold break-all whitespace-pre-wrap">
                {segment.name}
                {segment.sequence > 1 && <span className="font-normal text-muted-foreground">[{segment.sequence}]</span>}
              </th>
              <td className="px-2 py-1.5 break-all whitespace-pre-wrap">
                {segment.fields.map((field) => (
                  <Fragment key={field.position}>
                    {/* MSH-1 is the separator itself: no separator before it. */}
                    {!(field.position === 1 && ["MSH", "FHS", "BHS"].includes(segment.name)) && <span className="text-muted-foreground">{separator}</span>}
                    <span
                      title={field.offending ? `${field.title}: the processing error points here` : field.title}
                      data-field={`${segment.name}-${field.position}`}
                      aria-label={field.offending ? `${field.title} (error)` : undefined}
                      className={cn(
                        "rounded-sm hover:bg-accent",
                        field.offending && "bg-destructive-soft px-0.5 font-semibold text-destructive ring-2 ring-destructive",
                      )}
                    >
                      {field.text}
                    </span>
                  </Fragment>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
