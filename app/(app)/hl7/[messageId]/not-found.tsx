import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function Hl7MessageNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <p className="text-sm font-medium text-primary">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Message not found</h1>
      <p className="text-muted-foreground">No HL7 message has this id. It may have been mistyped, or the link is out of date.</p>
      <Button asChild variant="outline">
        <Link href="/hl7">All messages</Link>
      </Button>
    </div>
  );
}
