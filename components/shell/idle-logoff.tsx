"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

interface IdleLogoffProps {
  idleMs: number;
  warningMs: number;
}

const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "mousemove"] as const;
/** Shared by the user's tabs, so working in one tab keeps the others signed in. */
const STORAGE_KEY = "meridian:last-activity";
/** Activity reaches the server at most this often, which keeps the session's last-seen time fresh. */
const HEARTBEAT_MS = 60_000;

function remainingLabel(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return seconds >= 60 ? `${Math.ceil(seconds / 60)} minute` : `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/**
 * Automatic logoff (HIPAA 164.312(a)(2)(iii)): warns before the idle limit and ends the session at it.
 * The server enforces the same limit on every request; this makes it visible and ends it on time.
 */
export function IdleLogoff({ idleMs, warningMs }: IdleLogoffProps) {
  const lastActivity = useRef(0);
  const lastHeartbeat = useRef(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const [remainingMs, setRemainingMs] = useState<number | null>(null);

  const markActive = useCallback(() => {
    const now = Date.now();
    lastActivity.current = now;
    window.localStorage.setItem(STORAGE_KEY, String(now));
    if (now - lastHeartbeat.current > HEARTBEAT_MS) {
      lastHeartbeat.current = now;
      void fetch("/api/auth/session", { cache: "no-store" });
    }
  }, []);

  useEffect(() => {
    lastActivity.current = Date.now();
    lastHeartbeat.current = Date.now();
    const onActivity = () => {
      // While the warning is open only its button counts, so a stray mouse move cannot dismiss it unseen.
      if (!dialog.current?.open) markActive();
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === STORAGE_KEY && event.newValue) lastActivity.current = Math.max(lastActivity.current, Number(event.newValue));
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    window.addEventListener("storage", onStorage);

    let ended = false;
    const timer = window.setInterval(() => {
      const left = idleMs - (Date.now() - lastActivity.current);
      if (left <= 0 && !ended) {
        ended = true;
        window.clearInterval(timer);
        void fetch("/api/session/idle", { method: "POST" }).finally(() => window.location.replace("/login?reason=idle"));
        return;
      }
      setRemainingMs(left <= warningMs ? left : null);
    }, 1000);

    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
      window.removeEventListener("storage", onStorage);
    };
  }, [idleMs, warningMs, markActive]);

  const warning = remainingMs !== null;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (warning && !element.open) element.showModal();
    if (!warning && element.open) element.close();
  }, [warning]);

  function staySignedIn() {
    lastHeartbeat.current = 0;
    markActive();
    setRemainingMs(null);
  }

  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-labelledby="idle-title"
      aria-describedby="idle-description"
      onCancel={(event) => {
        event.preventDefault();
        staySignedIn();
      }}
      className="m-auto max-w-sm rounded-lg border bg-card p-6 text-card-foreground shadow-lg backdrop:bg-black/40"
    >
      <h2 id="idle-title" className="text-lg font-semibold">
        Still there?
      </h2>
      <p id="idle-description" className="mt-2 text-sm text-muted-foreground">
        For patient privacy you will be signed out in {remainingLabel(remainingMs ?? 0)} because of inactivity.
      </p>
      <div className="mt-4 flex justify-end">
        <Button autoFocus onClick={staySignedIn}>
          Stay signed in
        </Button>
      </div>
    </dialog>
  );
}
