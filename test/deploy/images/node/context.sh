#!/usr/bin/env bash
# Puts this machine's Node 20 (binary, npm, headers) and CA bundle into the build context.
set -euo pipefail
ctx="$1"
mkdir -p "$ctx/rootfs/usr/local/bin" "$ctx/rootfs/usr/local/lib/node_modules" "$ctx/rootfs/usr/local/include" "$ctx/rootfs/usr/local/share/liza-stand-in"
cp /usr/bin/node "$ctx/rootfs/usr/local/bin/node"
cp -a /usr/lib/node_modules/npm "$ctx/rootfs/usr/local/lib/node_modules/npm"
cp -a /usr/include/node "$ctx/rootfs/usr/local/include/node"
cp /etc/ssl/certs/ca-certificates.crt "$ctx/rootfs/usr/local/share/liza-stand-in/ca.crt"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ctx/rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ctx/rootfs/usr/local/bin/npx"
