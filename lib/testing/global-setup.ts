import { dropLeftoverTestDatabases, ensureTemplate } from "@/lib/testing/databases";

export default async function setup(): Promise<void> {
  await dropLeftoverTestDatabases();
  process.env.MERIDIAN_TEST_TEMPLATE = await ensureTemplate();
}
