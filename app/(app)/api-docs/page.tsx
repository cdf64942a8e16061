import type { Metadata } from "next";
import { InlineCodeText } from "@/components/api-docs/inline-code-text";
import { METHOD_VARIANT, OperationCard } from "@/components/api-docs/operation-card";
import { SchemaList } from "@/components/api-docs/schema-list";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { openApiDocument } from "@/lib/api/openapi";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "API reference" };

/** The JSON API's reference, rendered from the same OpenAPI document that /api/v1/openapi.json serves. */
export default async function ApiDocsPage() {
  await requirePagePermission(null);
  const document = openApiDocument();
  return (
    <div className="flex flex-col gap-10">
      <PageHeader title="API reference" description={`${document.info.title}, version ${document.info.version}`} />
      <PageSection id="overview" title="Overview">
        <p className="max-w-3xl text-sm">
          <InlineCodeText text={document.info.description} />
        </p>
        <p className="text-sm">
          Machine-readable document:{" "}
          <a href="/api/v1/openapi.json" className="font-mono text-primary underline underline-offset-2">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI {document.openapi}).
        </p>
      </PageSection>
      {document.tags.map((tag) => (
        <PageSection key={tag.name} id={`tag-${tag.name.toLowerCase().replace(/\W+/g, "-")}`} title={tag.name}>
          <p className="text-sm text-muted-foreground">{tag.description}</p>
          {Object.entries(document.paths).flatMap(([path, operations]) =>
            Object.entries(operations)
              .filter(([, operation]) => operation.tags.includes(tag.name))
              .map(([method, operation]) => (
                <OperationCard key={operation.operationId} method={method as keyof typeof METHOD_VARIANT} path={path} operation={operation} />
              )),
          )}
        </PageSection>
      ))}
      <PageSection id="schemas" title="Schemas">
        <SchemaList schemas={document.components.schemas} />
      </PageSection>
    </div>
  );
}
