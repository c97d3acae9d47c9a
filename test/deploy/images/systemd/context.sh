#!/usr/bin/env bash
# Node 20 laid out as the NodeSource Debian package installs it (/usr/bin, /usr/lib, /usr/include),
# which is what deploy/README.md asks an operator for, and this machine's CA bundle.
set -euo pipefail
ctx="$1"
mkdir -p "$ctx/rootfs/usr/bin" "$ctx/rootfs/usr/lib/node_modules" "$ctx/rootfs/usr/include" "$ctx/rootfs/usr/local/share/liza-stand-in"
cp /usr/bin/node "$ctx/rootfs/usr/bin/node"
cp -a /usr/lib/node_modules/npm "$ctx/rootfs/usr/lib/node_modules/npm"
cp -a /usr/include/node "$ctx/rootfs/usr/include/node"
cp /etc/ssl/certs/ca-certificates.crt "$ctx/rootfs/usr/local/share/liza-stand-in/ca.crt"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ctx/rootfs/usr/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ctx/rootfs/usr/bin/npx"
