import { ConfirmAction } from "@/components/admin/confirm-action";
import { ApiKeyStatusBadge } from "@/components/admin/status-badges";
import { formatDateTime } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions/result";
import type { ApiKeySummary } from "@/lib/api-keys/queries";
import { ROLE_LABELS } from "@/lib/auth/roles";

export type RevokeApiKeyAction = (form: FormData) => Promise<ActionResult<unknown>>;

export function ApiKeysTable({ keys, revokeApiKey }: { keys: readonly ApiKeySummary[]; revokeApiKey: RevokeApiKeyAction }) {
  return (
    <Table aria-label="API keys">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Key prefix</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((key) => (
          <TableRow key={key.id}>
            <TableCell className="font-medium">{key.name}</TableCell>
            <TableCell className="font-mono text-xs">mrd_{key.prefix}_…</TableCell>
            <TableCell>{ROLE_LABELS[key.role]}</TableCell>
            <TableCell>
              <ApiKeyStatusBadge status={key.status} />
              {key.revokedAt && <span className="block text-xs text-muted-foreground">{formatDateTime(key.revokedAt)}</span>}
            </TableCell>
            <TableCell className="tabular-nums">
              {formatDateTime(key.createdAt)}
              {key.createdBy && <span className="block text-xs text-muted-foreground">by {key.createdBy.name}</span>}
            </TableCell>
            <TableCell className="tabular-nums">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never"}</TableCell>
            <TableCell className="tabular-nums">{key.expiresAt ? formatDateTime(key.expiresAt) : "Never"}</TableCell>
            <TableCell>
              {key.status !== "revoked" && (
                <ConfirmAction
                  action={revokeApiKey}
                  fields={{ apiKeyId: key.id }}
                  label="Revoke"
                  srContext={` key ${key.name}`}
                  question="Revoke this key? Systems using it are refused at once."
                  pendingLabel="Revoking…"
                  success="Key revoked."
                  errorLabel="Revoke API key error"
                />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
