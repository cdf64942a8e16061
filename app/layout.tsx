import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Meridian", template: "%s · Meridian" },
  description: "Meridian clinical data integration hub",
  // Clinical data behind a sign-in: nothing here belongs in a search index.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#f8fafc" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
