import { PropertyTable } from "@/components/api-docs/property-table";
import { propertyRows } from "@/components/api-docs/schema-type";
import type { JsonSchema } from "@/lib/api/openapi";

/** The document's named schemas, each folded open on demand (native <details>: keyboard and reader friendly). */
export function SchemaList({ schemas }: { schemas: Record<string, JsonSchema> }) {
  return (
    <div className="flex flex-col gap-2">
      {Object.entries(schemas).map(([name, schema]) => (
        <details key={name} id={`schema-${name}`} className="rounded-lg border bg-card p-4">
          <summary className="cursor-pointer font-mono text-sm font-medium">{name}</summary>
          <div className="mt-3 flex flex-col gap-3">
            {schema.description && <p className="text-sm text-muted-foreground">{schema.description}</p>}
            <PropertyTable caption={`Fields of ${name}`} rows={propertyRows(schema)} />
          </div>
        </details>
      ))}
    </div>
  );
}
