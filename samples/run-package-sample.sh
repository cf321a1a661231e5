#!/usr/bin/env bash
# Packs PairwiseLoss into artifacts/packages and builds + runs samples/PackageConsumer against that package
# (a PackageReference through a local folder feed, never a ProjectReference). Then builds a deliberately
# broken declaration and checks that the generator's diagnostics (PL00xx) show in the build output.
#
#   samples/run-package-sample.sh            # pack, restore, build, run, check diagnostics
#
# Every run packs a unique version (0.1.0-local.<time>) and restores into a private packages folder
# (artifacts/package-sample/packages), so a stale copy of the package is never used and the user's
# global NuGet cache is not filled with local builds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

base_version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)"
version="${base_version:-0.1.0}-local.$(date -u +%Y%m%d%H%M%S)"
feed="$root/artifacts/packages"
work="$root/artifacts/package-sample"
sample="$root/samples/PackageConsumer"
export NUGET_PACKAGES="$work/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$feed" "$work"
rm -f "$feed"/PairwiseLoss.*-local.*.nupkg   # earlier local builds of this script

echo "== pack PairwiseLoss $version into artifacts/packages"
dotnet pack src/Runtime -c Release -o "$feed" -p:Version="$version" -nologo -v:q
nupkg="$feed/PairwiseLoss.$version.nupkg"
listing="$(unzip -l "$nupkg")"
for entry in analyzers/dotnet/cs/PairwiseLoss.Generator.dll lib/net10.0/PairwiseLoss.dll README.md LICENSE; do
  grep -q " $entry\$" <<<"$listing" || { echo "FAIL: $entry missing from $nupkg" >&2; exit 1; }
done
echo "   package holds: analyzers/dotnet/cs/PairwiseLoss.Generator.dll, lib/net10.0, README.md, LICENSE"

echo "== restore + build samples/PackageConsumer against PairwiseLoss $version (local feed + the usual feeds)"
# obj/ from an earlier run may pin an older version: restore afresh.
rm -rf "$sample/obj" "$sample/bin"
dotnet build "$sample" -c Release -nologo -v:q -p:PairwiseLossVersion="$version" \
  --configfile "$sample/nuget.config" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
grep -q "PairwiseLoss/$version\|pairwiseloss/$version" "$sample/obj/project.assets.json" \
  || { echo "FAIL: the sample did not restore PairwiseLoss $version" >&2; exit 1; }
generated="$(find "$sample/obj" -path '*PairwiseLoss.Generator*' -name '*.g.cs' | head -n1)"
[ -n "$generated" ] || { echo "FAIL: no generated file: the packaged generator did not run" >&2; exit 1; }
echo "   generated: ${generated#"$root"/}"

echo "== run"
dotnet run --project "$sample" -c Release --no-build -p:PairwiseLossVersion="$version"

echo "== build a broken declaration (Broken/BrokenLosses.cs): the diagnostics must name our ids"
set +e
dotnet build "$sample" -c Release -nologo -v:q -p:PairwiseLossVersion="$version" -p:IncludeBroken=true \
  --configfile "$sample/nuget.config" >"$work/broken.log" 2>&1
status=$?
set -e
[ $status -ne 0 ] || { echo "FAIL: the broken declaration built without errors" >&2; exit 1; }
grep -E "BrokenLosses\.cs\([0-9]+,[0-9]+\): (error|warning) PL00" "$work/broken.log" | sort -u | sed "s|$root/||"
for id in PL0008 PL0011 PL0013 PL0017 PL0022; do
  grep -q "BrokenLosses.cs([0-9]*,[0-9]*): error $id" "$work/broken.log" \
    || { echo "FAIL: $id not reported (see artifacts/package-sample/broken.log)" >&2; exit 1; }
done
echo "OK: package $version consumed through a PackageReference; diagnostics PL0008 PL0011 PL0013 PL0017 PL0022 reported"
