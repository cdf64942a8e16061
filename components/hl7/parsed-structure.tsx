import { Alert, AlertDescription } from "@/components/ui/alert";
import type { ParsedSegment } from "@/lib/hl7/store/layout";

/** The parsed message: each segment's non-empty fields, their repetitions and components, unescaped. */
export function ParsedStructure({ parsed }: { parsed: { segments: ParsedSegment[] } | { error: string } }) {
  if ("error" in parsed) {
    return (
      <Alert variant="warning" aria-label="Not parsed">
        <AlertDescription>The message cannot be parsed: {parsed.error}</AlertDescription>
      </Alert>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      {parsed.segments.map((segment, index) => (
        <details key={index} className="rounded-lg border bg-card px-3 py-2 shadow-xs">
          <summary className="cursor-pointer font-mono text-sm font-semibold">
            {segment.name}
            {segment.sequence > 1 && `[${segment.sequence}]`}
            <span className="ml-2 font-sans text-xs font-normal text-muted-foreground">{segment.fields.length} fields</span>
          </summary>
          <dl className="mt-2 grid grid-cols-[minmax(10rem,max-content)_1fr] gap-x-4 gap-y-1 text-sm">
            {segment.fields.map((field) => (
              <div key={field.position} className="contents">
                <dt className="text-muted-foreground">{field.title}</dt>
                <dd className="font-mono text-xs break-all">
                  {field.repetitions.map((components, repetition) => (
                    <ol key={repetition} className="flex flex-wrap gap-1" aria-label={field.repetitions.length > 1 ? `Repetition ${repetition + 1}` : undefined}>
                      {components.map((component, position) => (
                        <li key={position} title={`${field.title.split(" ")[0]}.${position + 1}`} className="rounded-sm bg-muted px-1">
                          {component === "" ? <span className="text-muted-foreground">∅</span> : component}
                        </li>
                      ))}
                    </ol>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
    </div>
  );
}
