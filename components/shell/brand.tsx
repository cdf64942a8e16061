import { Activity } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** The product mark: icon plus name. The icon is decorative; the name is the accessible text. */
export function Brand({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight text-foreground", className)}>
      <span className="inline-flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Activity aria-hidden="true" className="size-4" strokeWidth={2.5} />
      </span>
      Meridian
    </span>
  );
}
