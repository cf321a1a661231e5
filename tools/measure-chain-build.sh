#!/usr/bin/env bash
# The build time a long literal chain adds: a project with one declaration, "s99 < s98 < … < s0" (4,950 pairs), built
# incrementally after touching its file, against the same project with "s1 < s0"; rounds interleaved.
#   tools/measure-chain-build.sh [rounds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/artifacts/chain-build"
rounds="${1:-3}"
rm -rf "$dir" && mkdir -p "$dir"
cat > "$dir/ChainBuild.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$root/src/Runtime/PairwiseLoss.csproj" />
    <ProjectReference Include="$root/src/Generator/PairwiseLoss.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
XML
declaration() { printf 'using System;\nusing PairwiseLoss;\npublic static partial class Losses\n{\n    [PairwiseLoss, Want("%s")]\n    public static partial float Chain(ReadOnlySpan<float> s, Span<float> grad);\n}\n' "$1" > "$dir/Losses.cs"; }
chain=$(seq 99 -1 0 | sed 's/^/s/' | paste -sd' ' | sed 's/ / < /g')
declaration "s1 < s0"
dotnet build "$dir" -nologo -v:q >/dev/null
for round in $(seq "$rounds"); do
  for what in "s1 < s0" "$chain"; do
    declaration "$what"
    dotnet build "$dir" -nologo -v:q --no-dependencies >/dev/null   # the declaration changed: settle it
    touch "$dir/Losses.cs"
    start=$(date +%s.%N)
    dotnet build "$dir" -nologo -v:q --no-dependencies >/dev/null
    label=$([[ $what == "s1 < s0" ]] && echo "one pair" || echo "chain of 100")
    awk -v r="$round" -v l="$label" -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "round %s, %-12s incremental build after touching the file: %.2f s\n", r, l, e - s }'
  done
done
echo "generated lines for the chain of 100: $(find "$dir/obj" -name '*.PairwiseLoss.g.cs' -exec cat {} + | wc -l)"
