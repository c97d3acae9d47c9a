#!/usr/bin/env bash
# Builds local stand-ins for the base images Liza's Dockerfile and docker-compose.yml name
# (node:20-bookworm-slim, nginx:1.27, postgres:16), plus a systemd image for the systemd test,
# from Debian packages only: no container registry is reachable here. See README.md beside this.
#
# Idempotent and cached: each image carries a label with the hash of its recipe (this folder and
# the host files it copies), and is rebuilt only when that changed, so CI builds them once a run
# and the tests call this again for free.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MINBASE=local/liza-bookworm:minbase
log() { echo "[stand-ins] $*" >&2; }

# The Debian mirror apt already uses on this machine (deb822 or one-line sources).
mirror() {
  local m
  m="$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)"
  [ -n "$m" ] || m="$(grep -hoE '^deb +\S+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -1 || true)"
  echo "${m:-http://deb.debian.org/debian}"
}

label_of() { docker image inspect -f '{{ index .Config.Labels "liza.recipe" }}' "$1" 2>/dev/null || true; }

hash_of() { # files and folders → one short hash of their content
  find "$@" -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum | awk '{print $1}' | sha256sum | cut -c1-16
}

build_minbase() {
  local want
  want="$(printf 'bookworm minbase %s' "$(mirror)" | sha256sum | cut -c1-16)"
  [ "$(label_of "$MINBASE")" = "$want" ] && { log "$MINBASE is current"; return; }
  log "debootstrap bookworm (minbase) from $(mirror) …"
  local root; root="$(mktemp -d)"
  debootstrap --variant=minbase bookworm "$root" "$(mirror)" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
  # apt inside the stand-ins uses the same mirror as the host; no recommends, like the real images.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/01liza-norecommends"
  # As Debian's own container images: package scripts never start services at install time.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 755 "$root/usr/sbin/policy-rc.d"
  rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
  tar -C "$root" -c . | docker import -c "LABEL liza.recipe=$want" -c 'CMD ["bash"]' - "$MINBASE" >/dev/null
  rm -rf "$root" "$root.log"
}

# build IMAGE_TAG RECIPE_DIR [EXTRA_HASH_INPUTS...]: docker build of RECIPE_DIR with a context
# prepared by RECIPE_DIR/context.sh (when present), host network so apt reaches the mirror.
build_image() {
  local tag="$1" dir="$HERE/$2"; shift 2
  local want; want="$(hash_of "$dir" "$@")-$(label_of "$MINBASE")"
  [ "$(label_of "$tag")" = "$want" ] && { log "$tag is current"; return; }
  log "building $tag …"
  local ctx; ctx="$(mktemp -d)"
  cp -a "$dir/." "$ctx/"
  [ -x "$dir/context.sh" ] && "$dir/context.sh" "$ctx"
  docker build --network host -q --label "liza.recipe=$want" --build-arg "BASE=$MINBASE" -t "$tag" "$ctx" >/dev/null
  rm -rf "$ctx"
}

command -v docker >/dev/null || { log "docker is missing"; exit 1; }
docker info >/dev/null 2>&1 || { log "the docker daemon is not running"; exit 1; }
build_minbase
only="${1:-all}"
case "$only" in all|node) build_image node:20-bookworm-slim node /usr/bin/node /usr/include/node /etc/ssl/certs/ca-certificates.crt ;; esac
case "$only" in all|nginx) build_image nginx:1.27 nginx ;; esac
case "$only" in all|postgres) build_image postgres:16 postgres ;; esac
case "$only" in all|systemd) build_image local/liza-systemd:bookworm systemd /usr/bin/node /usr/include/node /etc/ssl/certs/ca-certificates.crt ;; esac
log "done"
