"use client";

import { Info } from "lucide-react";
import { Button } from "@/components/ui/button";

export interface DemoSignIn {
  email: string;
  password: string;
  roleLabel: string;
}

/** Development-only hint listing the seeded demo accounts, each with a button that fills the form. */
export function DemoSignIns({ signIns, onPick }: { signIns: DemoSignIn[]; onPick: (signIn: DemoSignIn) => void }) {
  return (
    <section aria-labelledby="demo-sign-ins" className="rounded-md border border-dashed bg-muted/60 p-3 text-sm">
      <h2 id="demo-sign-ins" className="mb-2 flex items-center gap-1.5 font-medium">
        <Info aria-hidden="true" className="size-4 text-primary" />
        Demo sign-ins (development only)
      </h2>
      <ul className="flex flex-col gap-1.5">
        {signIns.map((signIn) => (
          <li key={signIn.email} className="flex items-center justify-between gap-2">
            <span className="min-w-0">
              <span className="block truncate font-mono text-xs">{signIn.email}</span>
              <span className="block text-xs text-muted-foreground">{signIn.roleLabel}</span>
            </span>
            <Button variant="outline" size="sm" onClick={() => onPick(signIn)} aria-label={`Use the ${signIn.roleLabel} demo sign-in`}>
              Use
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
