#!/usr/bin/env bash
# Provision a newer libstdc++ (GLIBCXX_3.4.32, GCC 13+) for TorchSharp-cpu on old
# glibc/libstdc++ systems (Debian 12 and older), WITHOUT touching system libraries.
# See tools/native/README.md.
#
# Usage: provision-libstdcxx.sh [OUTDIR]      (default: <repo>/artifacts/native)
# Writes OUTDIR/torchsharp.env with two lines:
#   LD_LIBRARY_PATH=<dir or empty>
#   LD_PRELOAD=<shim.so:libstdc++.so.6 or empty>
# Environment overrides:
#   PAIRWISE_DEBIAN_MIRROR  Debian archive URI (default http://deb.debian.org/debian)
#   PAIRWISE_DEBIAN_SUITE   suite to take libstdc++6 from (default trixie)
#   PAIRWISE_FORCE_LIBSTDCXX=1  provision even if the system lib is new enough
set -euo pipefail

SCRIPT_VERSION=1            # bump to invalidate existing stamps
NEEDED_GLIBCXX=GLIBCXX_3.4.32
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd)
OUTDIR=${1:-$REPO_ROOT/artifacts/native}
MIRROR=${PAIRWISE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${PAIRWISE_DEBIAN_SUITE:-trixie}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

log()  { echo "provision-libstdcxx: $*" >&2; }
die()  { echo "provision-libstdcxx: error: $*" >&2; exit 1; }

mkdir -p "$OUTDIR" || die "cannot create output dir '$OUTDIR'"
OUTDIR=$(cd -- "$OUTDIR" && pwd)
ENV_FILE=$OUTDIR/torchsharp.env
STAMP=$OUTDIR/.provisioned
LIBDIR=$OUTDIR/lib
STAMP_CONTENT="v$SCRIPT_VERSION $SUITE $MIRROR force=${PAIRWISE_FORCE_LIBSTDCXX:-0}"

write_env() { # $1 = LD_LIBRARY_PATH value, $2 = LD_PRELOAD value
  local tmp; tmp=$(mktemp "$OUTDIR/.env.XXXXXX")
  printf 'LD_LIBRARY_PATH=%s\nLD_PRELOAD=%s\n' "$1" "$2" >"$tmp"
  chmod 644 "$tmp"; mv -f "$tmp" "$ENV_FILE"
  printf '%s\n' "$STAMP_CONTENT" >"$STAMP"
}

# Fast path: already done with this configuration.
if [[ -f $STAMP && -f $ENV_FILE && "$(cat "$STAMP")" == "$STAMP_CONTENT" ]]; then
  exit 0
fi

# Serialise concurrent runs (parallel builds of several test projects).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUTDIR/.lock"
  flock 9
  if [[ -f $STAMP && -f $ENV_FILE && "$(cat "$STAMP")" == "$STAMP_CONTENT" ]]; then
    exit 0
  fi
fi

# --- Does this system need it at all? -------------------------------------------------
if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
  log "not Linux x64 ($(uname -s) $(uname -m)): nothing to do"
  write_env "" ""; exit 0
fi

find_system_libstdcxx() {
  local p
  p=$( (/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true) \
        | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
  [[ -n $p && -e $p ]] || for p in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    [[ -e $p ]] && break
  done
  [[ -e $p ]] && readlink -f "$p"
}
has_symver() { # $1 = file, $2 = version string
  # no 'grep -q' after a pipe: with pipefail, SIGPIPE on the writer would read as "not found"
  if command -v strings >/dev/null 2>&1; then strings -a "$1" | grep -x -- "$2" >/dev/null
  else grep -a -- "$2" "$1" >/dev/null; fi
}

SYS_LIB=$(find_system_libstdcxx || true)
if [[ ${PAIRWISE_FORCE_LIBSTDCXX:-0} != 1 && -n $SYS_LIB ]] && has_symver "$SYS_LIB" "$NEEDED_GLIBCXX"; then
  log "system libstdc++ ($SYS_LIB) already provides $NEEDED_GLIBCXX: nothing to do"
  write_env "" ""; exit 0
fi

# --- Tools ----------------------------------------------------------------------------
for t in apt-get dpkg-deb python3 readelf; do
  command -v "$t" >/dev/null 2>&1 || die "'$t' is required (Debian/Ubuntu: apt-get install apt dpkg python3 binutils)"
done
CC=${CC:-gcc}
command -v "$CC" >/dev/null 2>&1 || die "a C compiler ('$CC') is required to build the glibc 2.38 shim (apt-get install gcc)"
[[ -r $KEYRING ]] || die "$KEYRING not found (package debian-archive-keyring); needed to verify Debian $SUITE"

log "system libstdc++ (${SYS_LIB:-none}) lacks $NEEDED_GLIBCXX; fetching libstdc++6 from Debian $SUITE"
start=$SECONDS

# --- Private apt: own sources list, state, cache; nothing under /etc or /var changes ---
APTDIR=$OUTDIR/apt
rm -rf "$APTDIR"
mkdir -p "$APTDIR"/{etc/sources.list.d,etc/preferences.d,etc/apt.conf.d,state/lists/partial,cache/archives/partial,log}
: >"$APTDIR/state/status"
printf 'deb [arch=amd64 signed-by=%s] %s %s main\n' "$KEYRING" "$MIRROR" "$SUITE" >"$APTDIR/etc/sources.list"
APT_OPTS=(
  -o "Dir::Etc::SourceList=$APTDIR/etc/sources.list"
  -o "Dir::Etc::SourceParts=$APTDIR/etc/sources.list.d"
  -o "Dir::Etc::Preferences=$APTDIR/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$APTDIR/etc/preferences.d"
  -o "Dir::State=$APTDIR/state"
  -o "Dir::State::Lists=$APTDIR/state/lists"
  -o "Dir::State::status=$APTDIR/state/status"
  -o "Dir::Cache=$APTDIR/cache"
  -o "Dir::Log=$APTDIR/log"
  -o "APT::Architecture=amd64"
  -o "APT::Architectures::=amd64"
  -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=$(id -un)"
  -o "Debug::NoLocking=1"
)
# apt-get update exits 0 on fetch failures unless told otherwise; also check for an index.
if ! apt-get "${APT_OPTS[@]}" -qq --error-on=any update >"$APTDIR/log/update.log" 2>&1 \
   || ! ls "$APTDIR"/state/lists/*_Packages* >/dev/null 2>&1; then
  cat "$APTDIR/log/update.log" >&2
  die "apt-get update of Debian $SUITE from $MIRROR failed (set PAIRWISE_DEBIAN_MIRROR to a reachable Debian mirror)"
fi
DL=$APTDIR/download; mkdir -p "$DL"
( cd "$DL" && apt-get "${APT_OPTS[@]}" -qq download libstdc++6 ) >"$APTDIR/log/download.log" 2>&1 \
  || { cat "$APTDIR/log/download.log" >&2; die "apt-get download libstdc++6 ($SUITE) failed"; }
DEB=$(ls "$DL"/libstdc++6_*_amd64.deb 2>/dev/null | head -1)
[[ -n $DEB ]] || die "no libstdc++6 .deb downloaded"
log "downloaded $(basename "$DEB") in $((SECONDS-start))s"

# --- Extract ----------------------------------------------------------------------------
X=$APTDIR/extract; rm -rf "$X"; mkdir -p "$X"
dpkg-deb -x "$DEB" "$X" || die "dpkg-deb -x $DEB failed"
REAL=$(ls "$X"/usr/lib/x86_64-linux-gnu/libstdc++.so.6.* 2>/dev/null | grep -v py | head -1)
[[ -n $REAL ]] || die "libstdc++.so.6.* not found in $DEB"
has_symver "$REAL" "$NEEDED_GLIBCXX" || die "$(basename "$REAL") from $SUITE lacks $NEEDED_GLIBCXX"

NEW=$OUTDIR/lib.new; rm -rf "$NEW"; mkdir -p "$NEW"
cp "$REAL" "$NEW/"
ln -s "$(basename "$REAL")" "$NEW/libstdc++.so.6"

# --- Weaken glibc version needs the system glibc lacks; list the symbols to shim -------
SYS_GLIBC=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
[[ -n $SYS_GLIBC ]] || die "cannot determine the system glibc version (getconf GNU_LIBC_VERSION)"
SHIM_SYMS=$(python3 - "$NEW/$(basename "$REAL")" "$SYS_GLIBC" <<'PY'
import struct, sys, re, subprocess
path, sysver = sys.argv[1], tuple(int(x) for x in sys.argv[2].split('.'))
data = bytearray(open(path, 'rb').read())
if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
    sys.exit("not a little-endian ELF64 file: " + path)
e_shoff, = struct.unpack_from('<Q', data, 0x28)
e_shentsize, e_shnum, e_shstrndx = struct.unpack_from('<HHH', data, 0x3A)
def sh(i):  # name, type, offset, size, link
    b = e_shoff + i * e_shentsize
    name, typ = struct.unpack_from('<II', data, b)
    off, size = struct.unpack_from('<QQ', data, b + 0x18)
    link, = struct.unpack_from('<I', data, b + 0x28)
    return name, typ, off, size, link
shstr_off = sh(e_shstrndx)[2]
def cstr(off):
    return data[off:data.index(0, off)].decode()
SHT_GNU_verneed, VER_FLG_WEAK = 0x6ffffffe, 0x2
weakened = []
for i in range(e_shnum):
    name, typ, off, size, link = sh(i)
    if typ != SHT_GNU_verneed:
        continue
    strtab = sh(link)[2]
    vn = off
    while True:
        _, _, vn_file, vn_aux, vn_next = struct.unpack_from('<HHIII', data, vn)
        lib = cstr(strtab + vn_file)
        va = vn + vn_aux
        while True:
            _, flags, _, vna_name, vna_next = struct.unpack_from('<IHHII', data, va)
            ver = cstr(strtab + vna_name)
            m = re.fullmatch(r'GLIBC_(\d+)\.(\d+)(?:\.(\d+))?', ver)
            if m and tuple(int(x) for x in m.groups() if x) > sysver:
                struct.pack_into('<H', data, va + 4, flags | VER_FLG_WEAK)
                weakened.append(ver)
            if not vna_next: break
            va += vna_next
        if not vn_next: break
        vn += vn_next
open(path, 'wb').write(data)
# Undefined symbols bound to a weakened version must come from the shim.
syms = set()
if weakened:
    out = subprocess.run(['readelf', '-W', '--dyn-syms', path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[6] == 'UND' and '@' in f[7]:
            s, v = f[7].split('@', 1)
            if v.lstrip('@').split(' ')[0] in weakened:
                syms.add(s)
print(' '.join(sorted(syms)))
print('provision-libstdcxx: weakened version needs: ' + (', '.join(weakened) or 'none'), file=sys.stderr)
PY
) || die "patching the GLIBC version needs of $(basename "$REAL") failed"

# --- Shim for the glibc >= 2.38 symbols ------------------------------------------------
SHIM_SRC=$NEW/isoc23shim.c
cat >"$SHIM_SRC" <<'C'
/* Supplies C23 strto* entry points (glibc 2.38) on older glibc by forwarding to
   the classic ones. Differences (0b prefixes) are irrelevant for libstdc++ here. */
#include <stdlib.h>
unsigned long __isoc23_strtoul(const char *s, char **e, int b) { return strtoul(s, e, b); }
long __isoc23_strtol(const char *s, char **e, int b) { return strtol(s, e, b); }
unsigned long long __isoc23_strtoull(const char *s, char **e, int b) { return strtoull(s, e, b); }
long long __isoc23_strtoll(const char *s, char **e, int b) { return strtoll(s, e, b); }
C
for s in $SHIM_SYMS; do
  grep -q "\\b$s(" "$SHIM_SRC" || die "libstdc++ from $SUITE needs glibc symbol '$s' which the shim does not provide (system glibc $SYS_GLIBC)"
done
"$CC" -shared -fPIC -O2 -o "$NEW/libisoc23shim.so" "$SHIM_SRC" || die "building the shim with $CC failed"

# --- Publish ----------------------------------------------------------------------------
rm -rf "$LIBDIR"; mv "$NEW" "$LIBDIR"
rm -rf "$APTDIR"
write_env "$LIBDIR" "$LIBDIR/libisoc23shim.so:$LIBDIR/libstdc++.so.6"
log "done in $((SECONDS-start))s: $LIBDIR (shimmed: ${SHIM_SYMS:-none})"
