import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

const alertVariants = cva("relative flex gap-3 rounded-md border p-3.5 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0", {
  variants: {
    variant: {
      info: "border-border bg-muted text-foreground",
      error: "border-destructive/30 bg-destructive-soft text-destructive",
      warning: "border-warning/30 bg-warning-soft text-warning",
    },
  },
  defaultVariants: { variant: "info" },
});

export type AlertProps = ComponentProps<"div"> & VariantProps<typeof alertVariants>;

/**
 * Only errors get role="alert" (an assertive live region): screen readers interrupt the user for them, so
 * informational notes stay quiet. Give errors an aria-label so tests and assistive tech can tell them apart
 * from Next's route announcer, which is also a role="alert".
 */
export function Alert({ className, variant, role, ...props }: AlertProps) {
  return <div role={role ?? (variant === "error" ? "alert" : undefined)} className={cn(alertVariants({ variant }), className)} {...props} />;
}

export function AlertTitle({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("font-medium", className)} {...props} />;
}

/** Full strength: faded (it was opacity 90%) the warning text fell to 4.3:1 on its background, below WCAG AA's 4.5:1. */
export function AlertDescription({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("text-sm", className)} {...props} />;
}
