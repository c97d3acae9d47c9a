# One image for both Liza processes (edge and worker); docker-compose.yml picks the command.
# Build: docker build -t liza .   (CI builds it against local stand-ins: test/deploy/images/)

# ---- build: compilers for better-sqlite3's native addon, production dependencies only ----
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional too: the only optional packages are type declarations and the TypeScript
# compiler (i18next's and drizzle's optional peers), ~27 MB nothing at run time needs.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund \
# better-sqlite3 keeps its C sources and object files after building (~26 MB): keep the addon only.
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build deps src \
 && mkdir -p build/Release && mv /tmp/better_sqlite3.node build/Release/
# Liza ships compiled JavaScript (`npm run build`, scripts/build.sh: one bundle per entry point under
# dist/): a TypeScript loader at run time costs memory and start-up time. esbuild is a dev
# dependency: install the locked version on its own, outside the app's tree, so `--omit=dev` stays
# honest and the lock file is untouched; it runs here and is not copied into the runtime image.
RUN ESBUILD_VERSION="$(node -p "require('./package-lock.json').packages['node_modules/esbuild'].version")" \
 && npm install --prefix /opt/esbuild --no-audit --no-fund --no-package-lock "esbuild@${ESBUILD_VERSION}"
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY locales ./locales
RUN ESBUILD=/opt/esbuild/node_modules/.bin/esbuild sh scripts/build.sh \
 && rm -rf src scripts locales tsconfig.json
COPY drizzle ./drizzle

# ---- runtime: slim, no compilers, unprivileged ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_PORT=3001 \
    DATABASE_URL=/app/data/liza.db
RUN groupadd --system liza \
 && useradd --system --gid liza --home-dir /app --shell /usr/sbin/nologin liza
WORKDIR /app
COPY --from=build /app /app
# A new named volume takes this folder's owner, so the unprivileged user can write the database.
RUN mkdir -p /app/data && chown liza:liza /app/data
USER liza
VOLUME ["/app/data"]
EXPOSE 3000 3001
# Both processes drain and close the database on SIGTERM (docker stop, compose down).
STOPSIGNAL SIGTERM
# The operator commands are compiled too: `docker compose run --rm edge dist/scripts/doctor.mjs`.
# Each process's V8 flags are in its command (the compose file; the default command is the edge's),
# as in its systemd unit, whose comments say why: the edge --max-semi-space-size=8, the worker 4.
ENTRYPOINT ["node"]
CMD ["--max-semi-space-size=8", "dist/src/edge/main.node.mjs"]
