#!/usr/bin/env bash
# The Docker part of .ci/setup: installs docker.io and debootstrap, starts the Docker engine in the
# background (unless one answers already), waits for its socket, and builds the reference QEMU images
# (reused when present). Idempotent.
# Under CI=true any failure here fails setup; elsewhere it only warns, and the container backend then
# reports its tests as "not run: no Docker engine".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

fail() {
  echo "reference-qemu: $*" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  echo "reference-qemu: continuing without reference containers (not CI)" >&2
  exit 0
}

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; } \
    || fail "could not install ${need[*]}"
fi

if ! docker info >/dev/null 2>&1; then
  sock=/var/run/docker.sock
  echo "reference-qemu: starting dockerd (log: /tmp/dockerd.log)"
  setsid nohup dockerd >/tmp/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 60); do
    [ -S $sock ] && docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { tail -20 /tmp/dockerd.log >&2; fail "the Docker engine did not come up within 30 s"; }
fi

t0=$SECONDS
bash "$here/build.sh" || fail "building the reference images failed"
echo "reference-qemu: images ready in $((SECONDS - t0)) s"
