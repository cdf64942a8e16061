import type { Metadata } from "next";
import { createApiKey, revokeApiKey } from "@/app/(app)/admin/api-keys/actions";
import { ApiKeysTable } from "@/components/admin/api-keys-table";
import { CreateApiKeyForm } from "@/components/admin/create-api-key-form";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Card, CardContent } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api-keys/queries";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await requirePagePermission("api_keys:manage");
  const { data: keys } = await listApiKeys(ctx);

  return (
    <div className="flex flex-col gap-10">
      <PageHeader
        title="API keys"
        description="Keys let other systems call Meridian's API (Authorization: Bearer <key>) with the role you give them."
      />
      <PageSection id="create-api-key" title="Create an API key">
        <Card>
          <CardContent className="pt-5">
            <CreateApiKeyForm createApiKey={createApiKey} />
          </CardContent>
        </Card>
      </PageSection>
      <PageSection id="api-key-list" title="All keys">
        {keys.length === 0 ? (
          <p className="text-sm text-muted-foreground" role="status">
            No API keys yet.
          </p>
        ) : (
          <ApiKeysTable keys={keys} revokeApiKey={revokeApiKey} />
        )}
      </PageSection>
    </div>
  );
}
