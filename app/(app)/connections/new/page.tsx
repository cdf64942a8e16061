import type { Metadata } from "next";
import { createConnectionAction } from "@/app/(app)/connections/actions";
import { ConnectionForm } from "@/components/connections/connection-form";
import { PageHeader } from "@/components/shell/page-section";
import { Card, CardContent } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Add connection" };

export default async function NewConnectionPage() {
  await requirePagePermission("connections:manage");
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Add connection" description="A FHIR API Meridian calls, an HL7 feed it receives, or an HL7 destination it sends to. Secrets are encrypted and never shown again." />
      <Card>
        <CardContent className="pt-5">
          <ConnectionForm save={createConnectionAction} />
        </CardContent>
      </Card>
    </div>
  );
}
