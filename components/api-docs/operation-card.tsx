import { InlineCodeText } from "@/components/api-docs/inline-code-text";
import { PropertyTable } from "@/components/api-docs/property-table";
import { constraintsOf, typeLabel } from "@/components/api-docs/schema-type";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { OperationObject } from "@/lib/api/openapi";

export const METHOD_VARIANT = { get: "success", post: "default", put: "warning", patch: "warning" } as const;

function schemaName(ref: unknown): string | undefined {
  return typeof ref === "string" ? ref.replace("#/components/schemas/", "") : undefined;
}

function SchemaLink({ reference }: { reference: unknown }) {
  const name = schemaName(reference);
  if (!name) return null;
  return (
    <a href={`#schema-${name}`} className="font-mono text-xs text-primary underline underline-offset-2">
      {name}
    </a>
  );
}

/** One operation of the document: method, path, permission, parameters, body and responses. */
function accessLabel(access: string): string {
  if (access === "public") return "none (public)";
  if (access === "authenticated") return "any signed-in caller";
  return access;
}

export function OperationCard({ method, path, operation }: { method: keyof typeof METHOD_VARIANT; path: string; operation: OperationObject }) {
  const [bodyType, body] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  const parameters = operation.parameters.map((parameter) => ({
    name: parameter.name,
    type: `${typeLabel(parameter.schema)} · ${parameter.in}`,
    required: parameter.required,
    description: parameter.description ?? "",
    constraints: constraintsOf(parameter.schema),
  }));
  return (
    <Card id={operation.operationId} aria-labelledby={`${operation.operationId}-title`}>
      <CardHeader>
        <CardTitle as="h3" id={`${operation.operationId}-title`} className="flex flex-wrap items-center gap-2">
          <Badge variant={METHOD_VARIANT[method]} className="font-mono uppercase">
            {method}
          </Badge>
          <code className="font-mono text-sm">{path}</code>
          <span className="text-base font-normal text-muted-foreground">{operation.summary}</span>
        </CardTitle>
        <CardDescription className="whitespace-pre-line">
          <InlineCodeText text={operation.description} />
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <p className="text-sm">
          Permission: <Badge variant="outline">{accessLabel(operation["x-permission"])}</Badge>
        </p>
        <PropertyTable caption={`Parameters of ${operation.operationId}`} rows={parameters} />
        {body && (
          <p className="text-sm">
            Request body ({bodyType}): <SchemaLink reference={body.schema.$ref} />
          </p>
        )}
        <div className="flex flex-col gap-1">
          <h4 className="text-sm font-medium">Responses</h4>
          <ul className="flex flex-col gap-1 text-sm">
            {Object.entries(operation.responses).map(([status, response]) => {
              const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [];
              return (
                <li key={status} className="flex flex-wrap items-baseline gap-2">
                  <Badge variant={Number(status) < 400 ? "success" : "muted"} className="font-mono">
                    {status}
                  </Badge>
                  <span>{response.description}</span>
                  {mediaType && <span className="text-xs text-muted-foreground">{mediaType}</span>}
                  <SchemaLink reference={content?.schema.$ref} />
                </li>
              );
            })}
          </ul>
        </div>
      </CardContent>
    </Card>
  );
}
