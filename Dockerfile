# syntax=docker/dockerfile:1
# Meridian's production images, built from one stage so they always hold the same commit:
#
#   docker build --target web  -t meridian-web  .   the web server: the standalone build (traced files only)
#   docker build --target jobs -t meridian-jobs .   MLLP listener, worker, migrations and the CLI, run from source
#
# compose.yaml builds both. No secret is baked in: every setting arrives as an environment variable at run time.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency, the Prisma client, `next build` ----------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# No install scripts: Prisma's would download engines we never run, and the client is generated offline below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# NODE_ENV=production at build time puts Strict-Transport-Security into the headers Next.js compiles into the build.
# Next.js's own server.js in the standalone folder is removed: it would start Next.js without scripts/server.mjs,
# and so believe any client's X-Forwarded-For.
RUN node scripts/prisma-generate.mjs \
 && NODE_ENV=production npm run build \
 && rm .next/standalone/server.js

# ---- jobs: MLLP listener, worker, migrations, CLI ----------------------------------------------------------------
# They run from TypeScript source through tsx, exactly as `npm run mllp | worker | cli` do. The CLI imports packages
# that are devDependencies (commander, read, cli-progress, the schema engine for `db diff`, faker for `seed`), so
# this image keeps the build's full node_modules rather than a pruned copy that would fail on the first import.
FROM ${NODE_IMAGE} AS jobs
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
RUN groupadd --system --gid 10001 meridian && useradd --system --uid 10001 --gid meridian --no-create-home meridian
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
USER meridian
EXPOSE 2575
# One node process (tsx as a loader, not the tsx wrapper), so SIGTERM reaches the listener and worker themselves.
ENTRYPOINT ["node", "--conditions=react-server", "--import", "tsx"]
CMD ["scripts/worker.ts"]

# ---- web: the standalone server behind the load balancer (the default target) ------------------------------------
FROM ${NODE_IMAGE} AS web
WORKDIR /app
# HOSTNAME: Docker sets it to the container id; the server must listen on every interface of the container.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system --gid 10001 meridian && useradd --system --uid 10001 --gid meridian --no-create-home meridian
# The code belongs to root (the server cannot change it); only Next.js's cache folder is the server's to write.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/scripts/server.mjs ./scripts/server.mjs
COPY --from=build /app/scripts/server ./scripts/server
RUN mkdir -p .next/cache && chown meridian:meridian .next/cache
USER meridian
EXPOSE 3000
# Liveness only (/api/health touches neither PostgreSQL nor Redis): a database outage must not restart every instance.
# Load balancers route on /api/health/ready instead.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "scripts/server.mjs"]
