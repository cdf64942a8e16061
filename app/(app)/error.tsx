"use client";

import { PageError } from "@/components/shell/page-error";

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <PageError
      error={error}
      retry={retry}
      label="Page error"
      title="This page could not be loaded"
      description={(quote) => `Something went wrong on our side. Please try again; if it keeps happening, contact your administrator${quote}.`}
    />
  );
}
