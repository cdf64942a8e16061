"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { EMRConnectionCreate, EMRConnectionUpdate } from "@/lib/connections/schema";
import { createConnection, setConnectionActive, updateConnection } from "@/lib/connections/service";
import { testConnection } from "@/lib/connections/testing";
import { Uuid } from "@/lib/shared-schema/fields";

/** Adds a connection (connections:manage); the form then opens it. */
export const createConnectionAction = action("connections:manage", "createConnectionAction", EMRConnectionCreate, async (ctx, input) => {
  const connection = await createConnection(ctx, input);
  revalidatePath("/connections");
  return { id: connection.id };
});

const UpdateConnectionInput = z.object({ id: Uuid, changes: EMRConnectionUpdate });
const ConnectionActivation = z.object({ id: Uuid, active: z.enum(["true", "false"]).transform((value) => value === "true") });

export const updateConnectionAction = action("connections:manage", "updateConnectionAction", UpdateConnectionInput, async (ctx, { id, changes }) => {
  await updateConnection(ctx, id, changes);
  revalidatePath("/connections", "layout");
  return { id };
});

/** Runs "Test connection" now and returns the stored result. */
export const testConnectionAction = action("connections:manage", "testConnectionAction", z.object({ id: Uuid }), async (ctx, { id }) => {
  const result = await testConnection(ctx, id);
  revalidatePath("/connections", "layout");
  return result;
});

export const setConnectionActiveAction = action("connections:manage", "setConnectionActiveAction", ConnectionActivation, async (ctx, { id, active }) => {
  await setConnectionActive(ctx, id, active);
  revalidatePath("/connections", "layout");
  return { id };
});
