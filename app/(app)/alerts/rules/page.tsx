import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { updateAlertRuleAction } from "@/app/(app)/alerts/actions";
import { RuleSettingsForm } from "@/components/alerts/rule-settings-form";
import { SeverityBadge } from "@/components/alerts/alert-badges";
import { PageHeader, PageSection } from "@/components/shell/page-section";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { listRules } from "@/lib/alerts/queries";
import { thresholdFields } from "@/lib/alerts/rule-form";
import type { AlertRuleView } from "@/lib/alerts/schema";
import { requirePagePermission } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Detection rules" };

const GROUP_TITLES: Record<AlertRuleView["group"], string> = {
  sign_in: "Sign-in attacks",
  phi_access: "Unusual access to patient data",
  snooping: "Snooping",
  api_keys: "API keys and denials",
  operations: "Integrity and operations",
};

export default async function AlertRulesPage() {
  const ctx = await requirePagePermission("alerts:configure");
  const rules = await listRules(ctx);
  const groups = Object.entries(GROUP_TITLES).map(([group, title]) => ({ group, title, rules: rules.filter((rule) => rule.group === group) }));

  return (
    <div className="flex flex-col gap-10">
      <Link href="/alerts" className="flex items-center gap-1 text-sm text-primary underline-offset-4 hover:underline">
        <ArrowLeft aria-hidden="true" className="size-4" />
        All alerts
      </Link>
      <PageHeader
        title="Detection rules"
        description="The worker runs these every minute over the audit events written since its last run. A change applies from the next run; every change is audited."
      />
      {groups.map(({ group, title, rules: grouped }) => (
        <PageSection key={group} id={`rules-${group}`} title={title}>
          {grouped.map((rule) => (
            <Card key={rule.key}>
              <CardContent className="flex flex-col gap-4 pt-6">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="flex flex-col gap-1">
                    <h3 className="font-medium">{rule.title}</h3>
                    <p className="text-sm text-muted-foreground">{rule.description}</p>
                  </div>
                  <div className="flex gap-2">
                    <SeverityBadge severity={rule.severity} />
                    {!rule.enabled && <Badge variant="muted">Off</Badge>}
                  </div>
                </div>
                <RuleSettingsForm
                  rule={{
                    key: rule.key,
                    title: rule.title,
                    enabled: rule.enabled,
                    severity: rule.severity,
                    thresholds: thresholdFields(rule.key, rule.thresholds),
                    notifyEmail: rule.notifyEmail,
                    notifyWebhook: rule.notifyWebhook,
                    digest: rule.digest,
                  }}
                  update={updateAlertRuleAction}
                />
              </CardContent>
            </Card>
          ))}
        </PageSection>
      ))}
    </div>
  );
}
