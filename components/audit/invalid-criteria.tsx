import type { Route } from "next";
import Link from "next/link";
import type { z } from "zod";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/** The error state of a list whose URL holds an invalid filter: what is wrong, and a way back. */
export function InvalidCriteria({ error, resetHref }: { error: z.ZodError | undefined; resetHref: Route }) {
  return (
    <Alert variant="error" aria-label="Invalid filter">
      <div className="flex flex-col gap-1">
        <AlertTitle>These filters are not valid</AlertTitle>
        <AlertDescription className="text-foreground">
          <ul className="list-disc pl-5">
            {(error?.issues ?? []).map((issue) => (
              <li key={`${issue.path.join(".")}:${issue.message}`}>
                {issue.path.length > 0 && <strong>{issue.path.join(".")}: </strong>}
                {issue.message}
              </li>
            ))}
          </ul>
          <Link href={resetHref} className="mt-2 inline-block font-medium underline underline-offset-4">
            Clear the filters
          </Link>
        </AlertDescription>
      </div>
    </Alert>
  );
}
