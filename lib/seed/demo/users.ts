import { hashPassword } from "@/lib/auth/password";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DemoRandom } from "@/lib/seed/demo/context";
import { DEMO_USERS } from "@/lib/seed/demo-users";

/** The demo sign-ins with argon2id hashes. Ids are drawn first so hashing (salted, async) cannot shift the sequence. */
export async function buildUsers(random: DemoRandom): Promise<Prisma.UserCreateManyInput[]> {
  const withIds = DEMO_USERS.map((user) => ({ user, id: random.uuid() }));
  return Promise.all(
    withIds.map(async ({ user, id }) => ({
      id,
      email: user.email,
      name: user.name,
      role: user.role,
      passwordHash: await hashPassword(user.password),
    })),
  );
}
