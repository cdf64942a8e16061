import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { hashApiKey } from "@/lib/auth/api-keys";
import { verifyPassword } from "@/lib/auth/password";
import { authorizeCredentials } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { cli, expectRefusal, expectSuccess, lastAudit, onTerminal, OPERATOR } from "@/scripts/testing/cli-process";

// `user` and `apikey`, each command run as its own process: what it prints, its exit status, what it changed in the
// database and the audit row it left (under the operating-system user, never `cli:unknown`).

const SLOW = 300_000;

describe("user", () => {
  const email = `ops-${randomUUID().slice(0, 8)}@example.org`;
  const password = "a long enough passphrase";

  it("creates a user with the password from standard input, audited as the operating-system user", async () => {
    expect(OPERATOR).not.toBe("cli:unknown");
    const created = await cli(["user", "create", "--email", email.toUpperCase(), "--name", "Ops Lead", "--role", "clinician"], { input: `${password}\n` });
    expectSuccess(created);
    expect(created.stdout).toMatch(new RegExp(`^Created clinician user ${email} \\([0-9a-f-]{36}\\)\\.$`, "m"));
    const stored = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, password)).toBe(true);
    expect(await lastAudit("user.created")).toMatchObject({
      username: OPERATOR,
      userRole: "admin",
      userAgent: "meridian-cli",
      requestPath: "cli user create",
      resourceId: stored.id,
      status: "success",
    });
  }, SLOW);

  it("refuses a password on the command line, no password, a duplicate e-mail, bad fields and a missing option", async () => {
    const fresh = ["user", "create", "--email", `x-${randomUUID().slice(0, 8)}@example.org`, "--name", "X", "--role", "clinician"];
    const [onCommandLine, noPassword, duplicate, badFields, missingOption] = await Promise.all([
      cli([...fresh, "--password", "abcdefghijklmnop"]),
      cli(fresh),
      cli(["user", "create", "--email", email, "--name", "Again", "--role", "clinician"], { input: `${password}\n` }),
      cli(["user", "create", "--email", "not-an-email", "--name", "X", "--role", "superuser"], { input: "short\n" }),
      cli(["user", "create", "--email", "y@example.org"]),
    ]);
    expectRefusal(onCommandLine, /^meridian: --password is not accepted \(shell history and `ps` would show it\)/);
    expectRefusal(noPassword, /^meridian: No password: type it at the prompt on a terminal, or give it as the first line of standard input\.$/);
    expectRefusal(duplicate, new RegExp(`^meridian: A user with e-mail ${email} already exists\\.$`));
    expectRefusal(badFields, /^meridian: Invalid user: email: .*; role: .*; password: At least 12 characters$/);
    expectRefusal(missingOption, /^error: required option '--name <name>' not specified$/);
  }, SLOW);

  it("asks for the password twice at a prompt that does not echo it, on a terminal", async () => {
    const typed = "typed at a hidden prompt";
    const address = `tty-${randomUUID().slice(0, 8)}@example.org`;
    const create = (to: string, repeated: string) =>
      onTerminal(["user", "create", "--email", to, "--name", "Tty", "--role", "compliance"], [
        ["New password:", typed],
        ["Repeat the password:", repeated],
      ]);
    const [session, mismatch] = await Promise.all([create(address, typed), create(`again-${address}`, `${typed}!`)]);

    expect(session.screen).toContain(`Created compliance user ${address}`);
    expect(session.screen).not.toContain(typed);
    expect(session.status).toBe(0);
    const stored = await db().user.findUniqueOrThrow({ where: { email: address }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, typed)).toBe(true);

    expect(mismatch.screen).toContain("meridian: The passwords do not match.");
    expect(mismatch.status).toBe(1);
    expect(await db().user.count({ where: { email: `again-${address}` } })).toBe(0);
  }, SLOW);

  it("lists users as a table and as JSON, and refuses an unknown role filter", async () => {
    const [table, json, badRole] = await Promise.all([
      cli(["user", "list", "--role", "clinician"]),
      cli(["user", "list", "--json"]),
      cli(["user", "list", "--role", "superuser"]),
    ]);
    expectSuccess(table);
    expect(table.stdout.split("\n")[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS\s+LAST SIGN-IN$/);
    expect(table.stdout).toMatch(new RegExp(`^${email}\\s+Ops Lead\\s+clinician\\s+active\\s+-$`, "m"));
    expect(table.stdout).not.toMatch(/\bcompliance\b/);
    expectSuccess(json);
    const users = JSON.parse(json.stdout) as { email: string }[];
    expect(users.map((user) => user.email)).toContain(email);
    expect(users).toHaveLength(await db().user.count());
    expectRefusal(badRole, /^meridian: Invalid filter: role: /);
  }, SLOW);

  it("disables an account (ending its sessions), enables it again, and says when there is nothing to do", async () => {
    const request = requestInfoFrom(new Headers({ "x-forwarded-for": "10.1.2.3", "user-agent": "vitest" }), "POST", "/api/auth/callback/credentials");
    expect(await authorizeCredentials({ email, password }, request)).not.toBeNull();

    const disabled = await cli(["user", "disable", email]);
    expectSuccess(disabled);
    expect(disabled.stdout.trim()).toBe(`Deactivated ${email}; 1 session(s) ended.`);
    expect(await db().user.findUniqueOrThrow({ where: { email }, select: { active: true } })).toEqual({ active: false });
    expect(await lastAudit("user.deactivated")).toMatchObject({ username: OPERATOR, requestPath: "cli user disable", details: { sessionsEnded: 1 } });

    const [listed, again, unknown] = await Promise.all([
      cli(["user", "list", "--status", "inactive"]),
      cli(["user", "disable", email]),
      cli(["user", "disable", "nobody@example.org"]),
    ]);
    expect(listed.stdout).toMatch(new RegExp(`^${email}\\s.*\\sdeactivated\\s`, "m"));
    expectRefusal(again, /^meridian: The user is already deactivated\.$/);
    expectRefusal(unknown, /^meridian: No user has the e-mail nobody@example\.org\.$/);

    const enabled = await cli(["user", "enable", email]);
    expectSuccess(enabled);
    expect(enabled.stdout.trim()).toBe(`Reactivated ${email}.`);
    expect(await db().user.findUniqueOrThrow({ where: { email }, select: { active: true } })).toEqual({ active: true });
    expectRefusal(await cli(["user", "enable", email]), /^meridian: The user is already active\.$/);
  }, SLOW);

  it("resets a password from standard input and lifts a lockout; refuses a short one or one on the command line", async () => {
    await db().user.update({ where: { email }, data: { lockedUntil: new Date(Date.now() + 3_600_000), failedLoginCount: 3 } });
    const newPassword = "a different long passphrase";
    const reset = await cli(["user", "reset-password", email], { input: `${newPassword}\n` });
    expectSuccess(reset);
    expect(reset.stdout.trim()).toBe(`Password of ${email} reset; 0 session(s) ended.`);
    const stored = await db().user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true, lockedUntil: true, failedLoginCount: true } });
    expect(await verifyPassword(stored.passwordHash, newPassword)).toBe(true);
    expect(stored).toMatchObject({ lockedUntil: null, failedLoginCount: 0 });
    expect(await lastAudit("user.password_reset")).toMatchObject({ username: OPERATOR, requestPath: "cli user reset-password" });

    const [short, onCommandLine] = await Promise.all([
      cli(["user", "reset-password", email], { input: "short\n" }),
      cli(["user", "reset-password", email, "--password", "on the command line"]),
    ]);
    expectRefusal(short, /^meridian: Invalid password: password: At least 12 characters$/);
    expectRefusal(onCommandLine, /^meridian: --password is not accepted/);
  }, SLOW);
});

describe("apikey", () => {
  it("creates a key (printed once, alone on the last line), lists it, revokes it, and refuses bad input", async () => {
    const created = await cli(["apikey", "create", "--name", "lab feed", "--role", "integration", "--expires-days", "30"]);
    expectSuccess(created);
    const key = created.stdout.trimEnd().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^mrd_[0-9A-Za-z]{8}_[A-Za-z0-9_-]{43}$/);
    const prefix = key.slice(4, 12);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { prefix }, select: { secretHash: true, expiresAt: true, createdById: true } });
    expect(stored.secretHash).toBe(hashApiKey(key));
    expect(stored.createdById).toBeNull();
    expect(Math.round(((stored.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000)).toBe(30);
    expect(await lastAudit("api_key.created")).toMatchObject({ username: OPERATOR, userRole: "admin", requestPath: "cli apikey create" });

    const [listed, json] = await Promise.all([cli(["apikey", "list"]), cli(["apikey", "list", "--json"])]);
    expectSuccess(listed);
    expect(listed.stdout).toMatch(new RegExp(`^mrd_${prefix}\\s+lab feed\\s+integration\\s+active\\s`, "m"));
    expect(listed.stdout).not.toContain(key.slice(13));
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ prefix, status: "active" }));

    const revoked = await cli(["apikey", "revoke", `mrd_${prefix}`]);
    expectSuccess(revoked);
    expect(revoked.stdout.trim()).toBe(`Revoked API key "lab feed" (mrd_${prefix}).`);
    expect((await db().apiKey.findUniqueOrThrow({ where: { prefix }, select: { revokedAt: true } })).revokedAt).not.toBeNull();
    expect(await lastAudit("api_key.revoked")).toMatchObject({ username: OPERATOR, requestPath: "cli apikey revoke", details: { prefix } });

    const [again, unknown, malformed, badRole, badExpiry] = await Promise.all([
      cli(["apikey", "revoke", prefix]),
      cli(["apikey", "revoke", "ZZZZZZZZ"]),
      cli(["apikey", "revoke", "not a prefix"]),
      cli(["apikey", "create", "--name", "x", "--role", "root"]),
      cli(["apikey", "create", "--name", "x", "--role", "integration", "--expires-days", "0"]),
    ]);
    expectRefusal(again, /^meridian: The API key is already revoked\.$/);
    expectRefusal(unknown, /^meridian: No API key has the prefix ZZZZZZZZ\.$/);
    expectRefusal(malformed, /^meridian: "not a prefix" is not an API key prefix/);
    expectRefusal(badRole, /^meridian: Invalid API key: role: /);
    expectRefusal(badExpiry, /^error: option '--expires-days <n>' argument '0' is invalid/);
  }, SLOW);
});
