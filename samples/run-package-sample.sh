#!/usr/bin/env bash
# The package as a new user gets it, following the README's "Add the package" block word for word: this
# script reads the commands from that block (between the package-flow markers) and runs them in a new
# console app made outside this repository, then copies in samples/PackageConsumer's sources, builds and
# runs them. A second build adds a deliberately broken declaration and checks that only our PL diagnostics
# are reported. A clean restore (`dotnet restore --force --no-cache`) must still find the package.
#
#   bash samples/run-package-sample.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

block="$(sed -n '/<!-- package-flow:begin/,/<!-- package-flow:end/p' "$root/README.md" | sed -n '/^```bash$/,/^```$/p' | sed '1d;$d')"
[ -n "$block" ] || { echo "FAIL: no package-flow block in README.md" >&2; exit 1; }

app_parent="$(mktemp -d -t pairwiseloss-consumer.XXXXXX)"
app="$app_parent/MyApp"
trap 'rm -rf "$app_parent"' EXIT
dotnet new console -o "$app" --framework net10.0 >/dev/null

echo "== the README's commands (PAIRWISELOSS=$root, in $app):"
# The block's first line sets PAIRWISELOSS to the user's clone and `cd MyApp` enters their project: both are
# replaced by this clone and the app made above; every other line runs exactly as written.
commands="$(grep -v -E '^(PAIRWISELOSS=|cd MyApp)' <<<"$block")"
sed 's/^/   $ /' <<<"$commands"
(cd "$app" && PAIRWISELOSS="$root" bash -euo pipefail -c "$commands") >"$app_parent/flow.log" 2>&1 \
  || { cat "$app_parent/flow.log"; echo "FAIL: the README's package commands failed" >&2; exit 1; }
version="$(sed -n 's:.*Include="PairwiseLoss" Version="\([^"]*\)".*:\1:p' "$app/MyApp.csproj")"
[ -n "$version" ] || { echo "FAIL: dotnet add package did not add PairwiseLoss" >&2; exit 1; }
nupkg="$root/artifacts/packages/PairwiseLoss.$version.nupkg"
listing="$(unzip -l "$nupkg")"
for entry in analyzers/dotnet/cs/PairwiseLoss.Generator.dll analyzers/dotnet/cs/PairwiseLoss.CodeFixes.dll lib/net10.0/PairwiseLoss.dll README.md LICENSE; do
  grep -q " $entry\$" <<<"$listing" || { echo "FAIL: $entry missing from $nupkg" >&2; exit 1; }
done
echo "   added PairwiseLoss $version; the package holds $(grep -c -E ' (analyzers|lib)/.*\.dll$' <<<"$listing") assemblies under lib/ and analyzers/"

echo "== clean restore, build and run (samples/PackageConsumer's sources)"
cp "$root"/samples/PackageConsumer/*.cs "$app/"
(cd "$app" && dotnet restore --force --no-cache -v:q >"$app_parent/restore.log" 2>&1) \
  || { cat "$app_parent/restore.log"; echo "FAIL: a clean restore lost the package" >&2; exit 1; }
(cd "$app" && dotnet build -c Release -v:q -p:EmitCompilerGeneratedFiles=true >"$app_parent/build.log" 2>&1) \
  || { cat "$app_parent/build.log"; exit 1; }
generated="$(find "$app/obj" -path '*PairwiseLoss.Generator*' -name '*.g.cs' | head -n1)"
[ -n "$generated" ] || { echo "FAIL: no generated file: the packaged generator did not run" >&2; exit 1; }
echo "   generated: obj/${generated#"$app/obj/"}"
(cd "$app" && dotnet run -c Release --no-build)

echo "== a broken declaration (samples/PackageConsumer/Broken/BrokenLosses.cs): only PL diagnostics"
cp "$root/samples/PackageConsumer/Broken/BrokenLosses.cs" "$app/"
set +e
(cd "$app" && dotnet build -c Release -v:q >"$app_parent/broken.log" 2>&1)
status=$?
set -e
[ $status -ne 0 ] || { echo "FAIL: the broken declaration built without errors" >&2; exit 1; }
grep -E "BrokenLosses\.cs\([0-9]+,[0-9]+\): (error|warning) " "$app_parent/broken.log" | sed -E 's|^.*/(BrokenLosses\.cs)|\1|; s| \[.*\]$||' | sort -u
for id in PL0008 PL0011 PL0013 PL0017 PL0022 PL0032; do
  grep -q "BrokenLosses.cs([0-9]*,[0-9]*): error $id" "$app_parent/broken.log" \
    || { echo "FAIL: $id not reported" >&2; exit 1; }
done
# Only our ids: an erroneous declaration gets a body that throws, so no CS8795 ("must have an implementation part").
if grep -q "error CS" "$app_parent/broken.log"; then
  grep "error CS" "$app_parent/broken.log" | sed -E 's| \[.*\]$||' | sort -u >&2
  echo "FAIL: compiler errors beside the PL diagnostics (above)" >&2; exit 1
fi
echo "OK: PairwiseLoss $version added with the README's commands, survives a clean restore; PL0008 PL0011 PL0013 PL0017 PL0022 PL0032 reported, no CS error beside them"
