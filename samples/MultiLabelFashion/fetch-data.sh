#!/usr/bin/env bash
# Fetch Fashion-MNIST (Zalando SE, MIT/Expat licence) from Debian's `dataset-fashion-mnist` package into OUTDIR,
# without root and without changing the system: `apt-get download` the .deb into a temporary directory, unpack it
# with `dpkg -x` (no install), and copy the four IDX files out of /usr/share/datasets/fashion-mnist/.
#
# Usage: fetch-data.sh OUTDIR
# If the system's package lists do not know the package, a private apt state (own sources list, lists and cache in
# a temporary directory; nothing under /etc or /var changes) is used, as tools/native/provision-libstdcxx.sh does.
# Environment: PAIRWISE_PRIVATE_APT=1 (always use the private state), PAIRWISE_DEBIAN_MIRROR (default http://deb.debian.org/debian), PAIRWISE_DEBIAN_SUITE (default bookworm).
set -euo pipefail

OUTDIR=${1:?usage: fetch-data.sh OUTDIR}
MIRROR=${PAIRWISE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${PAIRWISE_DEBIAN_SUITE:-bookworm}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
PACKAGE=dataset-fashion-mnist
FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

log() { echo "fetch-data: $*" >&2; }
die() { echo "fetch-data: error: $*" >&2; exit 1; }
for t in apt-get dpkg; do command -v "$t" >/dev/null 2>&1 || die "'$t' is required (a Debian/Ubuntu system); or download the four IDX files yourself and pass --data DIR"; done

mkdir -p "$OUTDIR"; OUTDIR=$(cd -- "$OUTDIR" && pwd)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
chmod 755 "$TMP"   # so apt's unprivileged _apt user may write the download

log "apt-get download $PACKAGE (≈31 MB) into $TMP"
if [[ ${PAIRWISE_PRIVATE_APT:-0} == 1 ]] || ! ( cd "$TMP" && apt-get -qq download "$PACKAGE" ) 2>"$TMP/download.log"; then
  log "the system's package lists do not serve it (or PAIRWISE_PRIVATE_APT=1); using a private apt state for Debian $SUITE from $MIRROR"
  APTDIR=$TMP/apt
  mkdir -p "$APTDIR"/{etc/sources.list.d,etc/preferences.d,state/lists/partial,cache/archives/partial,log}
  : >"$APTDIR/state/status"
  printf 'deb [signed-by=%s] %s %s main\n' "$KEYRING" "$MIRROR" "$SUITE" >"$APTDIR/etc/sources.list"
  APT_OPTS=(
    -o "Dir::Etc::SourceList=$APTDIR/etc/sources.list" -o "Dir::Etc::SourceParts=$APTDIR/etc/sources.list.d"
    -o "Dir::Etc::Preferences=$APTDIR/etc/preferences" -o "Dir::Etc::PreferencesParts=$APTDIR/etc/preferences.d"
    -o "Dir::State=$APTDIR/state" -o "Dir::State::Lists=$APTDIR/state/lists" -o "Dir::State::status=$APTDIR/state/status"
    -o "Dir::Cache=$APTDIR/cache" -o "Dir::Log=$APTDIR/log" -o "Acquire::Languages=none"
    -o "APT::Sandbox::User=$(id -un)" -o "Debug::NoLocking=1"
  )
  apt-get "${APT_OPTS[@]}" -qq --error-on=any update >"$APTDIR/log/update.log" 2>&1 \
    || { cat "$APTDIR/log/update.log" >&2; die "apt-get update of Debian $SUITE from $MIRROR failed (set PAIRWISE_DEBIAN_MIRROR)"; }
  ( cd "$TMP" && apt-get "${APT_OPTS[@]}" -qq download "$PACKAGE" ) || die "apt-get download $PACKAGE failed"
fi
DEB=$(ls "$TMP"/${PACKAGE}_*.deb 2>/dev/null | head -1)
[[ -n $DEB ]] || die "no $PACKAGE .deb was downloaded"
log "dpkg -x $(basename "$DEB") (unpack only, nothing is installed)"
dpkg -x "$DEB" "$TMP/x"
for f in "${FILES[@]}"; do
  [[ -f $TMP/x/usr/share/datasets/fashion-mnist/$f ]] || die "$f is not in the package"
  cp "$TMP/x/usr/share/datasets/fashion-mnist/$f" "$OUTDIR/$f"
done
cp "$TMP/x/usr/share/doc/$PACKAGE/copyright" "$OUTDIR/COPYRIGHT"
log "wrote ${FILES[*]} and COPYRIGHT to $OUTDIR"
