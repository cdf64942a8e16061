"use client";

import { CircleExclamationPoint, LoaderCircle } from "lucide-react";
import type { Route } from "next";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { DemoSignIns, type DemoSignIn } from "@/components/auth/demo-sign-ins";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export type { DemoSignIn };

const INVALID_CREDENTIALS = "Invalid email or password";
const UNAVAILABLE = "Sign-in is unavailable right now. Please try again in a moment.";

// One message for unknown user and wrong password alike, so the form never reveals which emails exist.
function messageFor(code: string): string {
  return code === "CredentialsSignin" ? INVALID_CREDENTIALS : UNAVAILABLE;
}

interface LoginState {
  error: string | null;
  /** Restored into the email field after React resets the form at the end of the action. */
  email: string;
  /** Counts failures: a new alert key per failure makes screen readers announce a repeated error again. */
  failures: number;
  navigating: boolean;
}

interface LoginFormProps {
  /** Already validated on the server as a same-site path. */
  callbackPath: Route;
  demoSignIns: DemoSignIn[];
  initialError?: string;
}

/**
 * A form `action` rather than onSubmit: before hydration React makes the form inert, whereas a plain form
 * submitted early would GET the current URL with the password in the query string.
 */
export function LoginForm({ callbackPath, demoSignIns, initialError }: LoginFormProps) {
  const router = useRouter();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(previous: LoginState, form: FormData): Promise<LoginState> {
    const email = String(form.get("email") ?? "");
    const failed = (message: string) => ({ error: message, email, failures: previous.failures + 1, navigating: false });
    try {
      const result = await signIn("credentials", { redirect: false, email, password: String(form.get("password") ?? ""), callbackUrl: callbackPath });
      if (!result?.ok || result.error) return failed(messageFor(result?.error ?? ""));
      router.replace(callbackPath);
      return { ...previous, error: null, email, navigating: true };
    } catch {
      return failed(UNAVAILABLE);
    }
  }

  const initial: LoginState = { error: initialError ? messageFor(initialError) : null, email: "", failures: 0, navigating: false };
  const [state, formAction, pending] = useActionState(submit, initial);
  const busy = pending || state.navigating;

  useEffect(() => {
    if (state.failures > 0) passwordRef.current?.focus();
  }, [state.failures]);

  function fillDemo(demo: DemoSignIn) {
    if (emailRef.current) emailRef.current.value = demo.email;
    if (passwordRef.current) passwordRef.current.value = demo.password;
    passwordRef.current?.focus();
  }

  const invalid = state.error === INVALID_CREDENTIALS || undefined;
  return (
    <div className="flex flex-col gap-5">
      <form action={formAction} className="flex flex-col gap-4" aria-busy={busy}>
        {state.error && (
          <Alert key={state.failures} variant="error" aria-label="Sign-in error" data-testid="login-error">
            <CircleExclamationPoint aria-hidden="true" />
            <AlertDescription>{state.error}</AlertDescription>
          </Alert>
        )}
        <div className="flex flex-col gap-2">
          <Label htmlFor="email">Email</Label>
          <Input
            ref={emailRef}
            id="email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={state.email}
            required
            autoFocus
            aria-invalid={invalid}
          />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="password">Password</Label>
          <Input ref={passwordRef} id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={invalid} />
        </div>
        <Button type="submit" size="lg" className="mt-1 w-full" disabled={busy}>
          {busy && <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" />}
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {demoSignIns.length > 0 && <DemoSignIns signIns={demoSignIns} onPick={fillDemo} />}
    </div>
  );
}
