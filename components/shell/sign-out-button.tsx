"use client";

import { LoaderCircle, LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function onClick() {
    setPending(true);
    try {
      await signOut({ redirect: false });
    } finally {
      // A full page load, not router.push: it empties the client router cache, and replace() drops the
      // signed-in page from history, so on a shared workstation Back cannot show it to the next person.
      window.location.replace("/login");
    }
  }

  return (
    <Button variant="outline" size="sm" onClick={onClick} disabled={pending}>
      {pending ? <LoaderCircle aria-hidden="true" className="motion-safe:animate-spin" /> : <LogOut aria-hidden="true" />}
      {/* Icon-only on narrow screens; the text stays for screen readers, so the button is always "Sign out". */}
      <span className="sr-only sm:not-sr-only">Sign out</span>
    </Button>
  );
}
