#!/bin/sh
# `npm run build`: compiles each production entry point (the two processes and the operator commands)
# into one JavaScript file under dist/, so the image and the systemd install run plain JS: a
# TypeScript loader at run time costs memory and start-up time (issue 14). Development (`npm start`,
# the tests) and Deno keep running the sources. Dependencies stay in node_modules (--packages=external);
# locales are imported as JSON and bundled; drizzle's migration folders are found at run time
# (src/store/migrations-dir.ts). The Dockerfile passes its own esbuild in $ESBUILD.
set -eu
cd "$(dirname "$0")/.."
rm -rf dist
exec "${ESBUILD:-node_modules/.bin/esbuild}" \
  src/edge/main.node.ts src/worker/main.ts \
  scripts/twilio-setup.ts scripts/doctor.ts scripts/staff.ts scripts/orders-import.ts scripts/db-copy.ts scripts/gdpr.ts \
  --bundle --splitting --chunk-names=chunks/[name]-[hash] --platform=node --format=esm --target=node20 --packages=external \
  --outbase=. --outdir=dist --out-extension:.js=.mjs --log-level=warning
