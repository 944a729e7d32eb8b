#!/usr/bin/env bash
# Builds the reference QEMU container images jiotests/qemu:<version>, one per Debian release, without
# any image registry: debootstrap a minimal Debian with qemu-utils, then `docker import` it.
#
# Usage: reference-qemu/build.sh [--rebuild] [--mirror URL] [--sequential] [RELEASE...]
#   RELEASE      Debian releases to build (default: every release in reference-qemu/releases.tsv)
#   --rebuild    build even if jiotests/qemu:<version> already exists
#   --mirror     Debian mirror (default: the one apt on this machine uses, else deb.debian.org)
#   --sequential build one release after the other (default: in parallel)
#
# Writes reference-qemu/manifest.tsv: release, tag, qemu version reported inside the image by
# `qemu-img --version`, image id, image size in bytes. Needs root, debootstrap and a running Docker
# engine (see .ci/setup).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
releases_file=$here/releases.tsv
manifest=$here/manifest.tsv

rebuild=0 parallel=1 mirror="" wanted=()
while [ $# -gt 0 ]; do
  case $1 in
    --rebuild) rebuild=1 ;;
    --sequential) parallel=0 ;;
    --mirror) mirror=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    *) wanted+=("$1") ;;
  esac
  shift
done

# The Debian mirror apt uses here (deb822 "URIs:" or one-line "deb URL suite" form), main archive only.
detect_mirror() {
  local f url
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    url=$(sed -nE -e 's/^URIs:[[:space:]]*([^[:space:]]+).*/\1/p' \
                  -e 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]].*/\2/p' "$f" \
          | grep -E '/debian/?$' | head -n1 || true)
    if [ -n "$url" ]; then echo "${url%/}"; return; fi
  done
  echo http://deb.debian.org/debian
}
[ -n "$mirror" ] || mirror=$(detect_mirror)

command -v debootstrap >/dev/null || { echo "build.sh: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build.sh: no Docker engine (start dockerd first)" >&2; exit 1; }

# releases.tsv: release <TAB> qemu major.minor it carries
declare -A version_of
order=()
while IFS=$'\t' read -r rel ver; do
  case $rel in ''|'#'*) continue ;; esac
  version_of[$rel]=$ver
  order+=("$rel")
done < "$releases_file"
[ ${#wanted[@]} -gt 0 ] || wanted=("${order[@]}")
for rel in "${wanted[@]}"; do
  [ -n "${version_of[$rel]:-}" ] || { echo "build.sh: unknown release $rel (see $releases_file)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/jiotests-refqemu.XXXXXX)
trap 'rm -rf "$work"' EXIT

build_one() {
  local rel=$1 ver=${version_of[$1]} tag="jiotests/qemu:${version_of[$1]}" root="$work/$1" t0=$SECONDS
  if [ $rebuild = 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
    echo "$rel: $tag exists, reused (--rebuild to rebuild)"
    return 0
  fi
  echo "$rel: debootstrap from $mirror"
  if ! debootstrap --variant=minbase --include=qemu-utils "$rel" "$root" "$mirror" >"$work/$rel.log" 2>&1; then
    tail -20 "$work/$rel.log" >&2
    echo "$rel: debootstrap failed" >&2
    return 1
  fi
  local t1=$SECONDS
  tar -C "$root" --exclude='./var/lib/apt/lists/*' --exclude='./var/cache/apt/*' \
      --exclude='./usr/share/doc/*' --exclude='./usr/share/man/*' --exclude='./usr/share/locale/*' -c . \
    | docker import \
        -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        -c 'ENV LANG=C.UTF-8' \
        -c 'CMD ["/bin/sh"]' \
        -m "jiotests reference QEMU from Debian $rel qemu-utils" - "$tag" >/dev/null
  rm -rf "$root"
  local reported
  reported=$(docker run --rm "$tag" qemu-img --version | sed -nE 's/^qemu-img version ([0-9.]+).*/\1/p')
  case $reported in
    "$ver"|"$ver".*) ;;
    *) echo "$rel: image reports qemu $reported, expected $ver.x (update releases.tsv)" >&2; return 1 ;;
  esac
  echo "$rel: built $tag (qemu $reported) in $((SECONDS - t0)) s (debootstrap $((t1 - t0)) s)"
}

t_start=$SECONDS
if [ $parallel = 1 ] && [ ${#wanted[@]} -gt 1 ]; then
  pids=()
  for rel in "${wanted[@]}"; do build_one "$rel" & pids+=($!); done
  failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ $failed = 0 ] || exit 1
else
  for rel in "${wanted[@]}"; do build_one "$rel"; done
fi

# Manifest: one line per release whose image exists, in releases.tsv order.
{
  printf '# release\ttag\tqemu_version\timage_id\tsize_bytes\n'
  for rel in "${order[@]}"; do
    tag="jiotests/qemu:${version_of[$rel]}"
    docker image inspect "$tag" >/dev/null 2>&1 || continue
    id=$(docker image inspect -f '{{.Id}}' "$tag")
    size=$(docker image inspect -f '{{.Size}}' "$tag")
    full=$(docker run --rm "$tag" qemu-img --version | sed -nE 's/^qemu-img version ([^ ]+).*/\1/p')
    printf '%s\t%s\t%s\t%s\t%s\n' "$rel" "$tag" "$full" "$id" "$size"
  done
} > "$manifest.tmp"
mv "$manifest.tmp" "$manifest"
echo "manifest: $manifest ($(grep -vc '^#' "$manifest") images) after $((SECONDS - t_start)) s"
