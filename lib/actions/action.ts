import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/result";
import type { AuthContext } from "@/lib/auth/assert";
import { requirePermission } from "@/lib/auth/guard";
import type { Permission } from "@/lib/auth/permissions";
import { currentRequestInfo } from "@/lib/auth/request";
import { problemOf } from "@/lib/http/problem";

type ActionInput = FormData | Record<string, unknown>;

/** Form fields as a plain object; a repeated name (checkboxes) becomes an array. */
function fieldsOf(input: ActionInput): Record<string, unknown> {
  if (!(input instanceof FormData)) return input;
  const fields: Record<string, unknown> = {};
  for (const [name, value] of input.entries()) {
    if (name.startsWith("$ACTION")) continue;
    const previous = fields[name];
    fields[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return fields;
}

/** What an action's audit rows record as their path: its own name, not the URL it was posted to (any page will do). */
export const actionPath = (name: string): string => `action:${name}`;

/**
 * Every server action: checks `permission` itself (an action is a public endpoint), parses its input with the
 * boundary's zod schema, runs the domain function and returns an ActionResult instead of throwing. `name` is the
 * action's export name (actions.test.ts checks it), recorded as the request path of its audit rows.
 * Usable directly and with useActionState (the previous state is ignored).
 */
export function action<S extends z.ZodType, T>(permission: Permission, name: string, schema: S, run: (ctx: AuthContext, input: z.output<S>) => Promise<T>) {
  return async (...args: [ActionInput] | [unknown, ActionInput]): Promise<ActionResult<T>> => {
    const request = { ...(await currentRequestInfo()), method: "POST", path: actionPath(name) };
    try {
      const ctx = await requirePermission(permission, request);
      const input = schema.parse(fieldsOf((args.length === 2 ? args[1] : args[0]) ?? {}));
      return { ok: true, data: await run(ctx, input) };
    } catch (error) {
      // redirect() and notFound() from the domain function are control flow, not failures.
      unstable_rethrow(error);
      const problem = problemOf(error, request.requestId);
      return { ok: false, code: problem.code, message: problem.detail, fieldErrors: problem.errors, requestId: request.requestId };
    }
  };
}
