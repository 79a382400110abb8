# One image for every role: `web`, `worker [ocr|mistral|all]` or `migrate` (deploy/docker/entrypoint.sh).
# Debian slim with Node 20; the engines' models and wasm come inside their npm packages, so nothing is
# fetched at run time. Build: docker build -t docvault .   (deploy/compose.yaml and deploy/k8s use it)

FROM node:20-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
RUN npm install -g pnpm@10.34.8 && npm cache clean --force
WORKDIR /app

# The whole workspace, installed and built once (the web app's production build and capture bundle,
# the packages' generated Prisma client), then pruned to production dependencies. bundle.sh holds
# the steps; `pnpm deploy:bundle` runs the same script and starts its result outside a container.
FROM base AS build
COPY . .
RUN bash deploy/docker/bundle.sh /app /app

FROM base AS runtime
ENV NODE_ENV=production PORT=3000 WORKER_HEALTH_PORT=9464
COPY --from=build --chown=node:node /app /app
# No secret is baked in: DATABASE_URL, AUTH_SECRET, REDIS_URL, S3_* and keys come from the environment.
USER node
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "deploy/docker/healthcheck.mjs"]
ENTRYPOINT ["sh", "deploy/docker/entrypoint.sh"]
CMD ["web"]
