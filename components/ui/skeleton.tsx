import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/** Decorative placeholder: hidden from assistive tech; the surrounding region announces loading instead. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("rounded-md bg-border/70 motion-safe:animate-pulse", className)} {...props} />;
}
