#!/usr/bin/env bash
# The package as a new user gets it, following the README's "Add the package" block word for word: this
# script reads the commands from that block (between the package-flow markers) and runs them in a new
# console app made outside this repository, then copies in samples/PackageConsumer's sources, builds and
# runs them. A second build adds a deliberately broken declaration and checks that only our PL diagnostics
# are reported. A clean restore (`dotnet restore --force --no-cache`) must still find the package.
# Then the same for PairwiseLoss.TorchSharp: the commands of docs/torchsharp.md's package-flow block (all but the
# native backend, so nothing here needs libtorch) in a second project, which must build against the package, its
# generated tensor forms included.
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

echo "== PairwiseLoss.TorchSharp: docs/torchsharp.md's package commands in a second project (build only)"
torch_block="$(sed -n '/<!-- torch-package-flow:begin/,/<!-- torch-package-flow:end/p' "$root/docs/torchsharp.md" | sed -n '/^```bash$/,/^```$/p' | sed '1d;$d')"
[ -n "$torch_block" ] || { echo "FAIL: no torch-package-flow block in docs/torchsharp.md" >&2; exit 1; }
torch_app="$app_parent/MyTorchApp"
dotnet new classlib -o "$torch_app" --framework net10.0 >/dev/null
# As above, PAIRWISELOSS and `cd MyTorchApp` become this clone and the new project; the native backend
# (`dotnet add package TorchSharp-cpu`, about 600 MB of libtorch) is left out: building needs the managed package only.
torch_commands="$(grep -v -E '^(PAIRWISELOSS=|cd MyTorchApp|dotnet add package TorchSharp-)' <<<"$torch_block")"
sed 's/^/   $ /' <<<"$torch_commands"
(cd "$torch_app" && PAIRWISELOSS="$root" bash -euo pipefail -c "$torch_commands") >"$app_parent/torch-flow.log" 2>&1 \
  || { cat "$app_parent/torch-flow.log"; echo "FAIL: the PairwiseLoss.TorchSharp package commands failed" >&2; exit 1; }
torch_version="$(sed -n 's:.*Include="PairwiseLoss.TorchSharp" Version="\([^"]*\)".*:\1:p' "$torch_app/MyTorchApp.csproj")"
[ -n "$torch_version" ] || { echo "FAIL: dotnet add package did not add PairwiseLoss.TorchSharp" >&2; exit 1; }
torch_nupkg="$root/artifacts/packages/PairwiseLoss.TorchSharp.$torch_version.nupkg"
nuspec="$(unzip -p "$torch_nupkg" PairwiseLoss.TorchSharp.nuspec)"
for dependency in "id=\"PairwiseLoss\" version=\"$torch_version\"" 'id="TorchSharp" version="0.107.0"'; do
  grep -q "$dependency" <<<"$nuspec" || { echo "FAIL: $torch_nupkg does not depend on $dependency" >&2; exit 1; }
done
if grep -q 'id="TorchSharp-\|id="libtorch' <<<"$nuspec"; then echo "FAIL: $torch_nupkg depends on a native backend" >&2; exit 1; fi
unzip -l "$torch_nupkg" | grep -q " lib/net10.0/PairwiseLoss.TorchSharp.dll\$" || { echo "FAIL: no lib/net10.0/PairwiseLoss.TorchSharp.dll in $torch_nupkg" >&2; exit 1; }
echo "   added PairwiseLoss.TorchSharp $torch_version (depends on PairwiseLoss $torch_version and the managed TorchSharp 0.107.0)"
cp "$root"/samples/PackageConsumer/TorchSharp/*.cs "$torch_app/"
(cd "$torch_app" && dotnet build -c Release -v:q -p:EmitCompilerGeneratedFiles=true >"$app_parent/torch-build.log" 2>&1) \
  || { cat "$app_parent/torch-build.log"; echo "FAIL: a project using PairwiseLoss.TorchSharp did not build" >&2; exit 1; }
torch_generated="$(find "$torch_app/obj" -name '*.PairwiseLoss.Torch.g.cs' | head -n1)"
[ -n "$torch_generated" ] || { echo "FAIL: no tensor forms generated: the generator did not see PairwiseLoss.TorchSharp" >&2; exit 1; }
if find "$torch_app/bin" -name 'libtorch*' | grep -q .; then echo "FAIL: native libtorch files in the build output" >&2; exit 1; fi
echo "   generated: obj/${torch_generated#"$torch_app/obj/"}; no native library in bin/"

echo "OK: PairwiseLoss $version added with the README's commands, survives a clean restore; PL0008 PL0011 PL0013 PL0017 PL0022 PL0032 reported, no CS error beside them; PairwiseLoss.TorchSharp $torch_version builds a consumer with its tensor forms"
