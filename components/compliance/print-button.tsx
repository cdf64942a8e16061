"use client";

import { Printer } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The browser's print dialog: with the page's print styles, "Save as PDF" gives the auditor a clean document. */
export function PrintButton() {
  return (
    <Button type="button" variant="outline" onClick={() => window.print()}>
      <Printer aria-hidden="true" className="size-4" />
      Print / Save as PDF
    </Button>
  );
}
