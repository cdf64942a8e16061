import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm, type DemoSignIn } from "@/components/auth/login-form";
import { Brand } from "@/components/shell/brand";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { DEMO_USERS } from "@/lib/seed/demo-users";

export const metadata: Metadata = { title: "Sign in" };

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

// The demo sign-ins exist only in the embedded demo database of `npm run dev`; anywhere else (a configured database,
// any production build) they are not shown.
function demoSignIns(): DemoSignIn[] {
  if (process.env.NODE_ENV === "production" || !env().MERIDIAN_EMBEDDED_DATABASE) return [];
  return DEMO_USERS.map((user) => ({ email: user.email, password: user.password, roleLabel: ROLE_LABELS[user.role] }));
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackPath);
  // next-auth sends its own failures here as ?error=<code>; the form shows them as its generic messages.
  const initialError = typeof params.error === "string" ? params.error : undefined;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex justify-center">
        <Brand className="text-lg" />
      </div>
      <Card className="shadow-sm">
        <CardHeader className="pb-4">
          <CardTitle as="h1" className="text-xl">
            Sign in
          </CardTitle>
          <CardDescription>Use your Meridian staff account.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {params.reason === "idle" && (
            <Alert variant="info" aria-label="Signed out">
              You were signed out after {env().SESSION_IDLE_MINUTES} minutes without activity.
            </Alert>
          )}
          <LoginForm callbackPath={callbackPath} demoSignIns={demoSignIns()} initialError={initialError} />
        </CardContent>
      </Card>
      <p className="text-center text-xs text-muted-foreground">Authorised personnel only. Access is logged.</p>
    </div>
  );
}
