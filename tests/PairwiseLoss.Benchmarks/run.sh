#!/usr/bin/env bash
# Runs the PairwiseLoss benchmarks with the native environment TorchSharp-cpu needs.
#
#   tests/PairwiseLoss.Benchmarks/run.sh                 full run (README numbers), ~10 min on 2 cores
#   tests/PairwiseLoss.Benchmarks/run.sh --quick         every benchmark once, in process (CI smoke test)
#   tests/PairwiseLoss.Benchmarks/run.sh --check         agreement checks only, no timing
#   tests/PairwiseLoss.Benchmarks/run.sh --interleaved   the README's ratio table: all contenders in one process,
#                                                        interleaved rounds, median and min–max of per-round ratios (~1 min)
#   tests/PairwiseLoss.Benchmarks/run.sh --filter '*Zlpr*'   any BenchmarkDotNet arguments
#
# On Debian 12 and older, tools/native/provision-libstdcxx.sh provides a newer libstdc++ (GLIBCXX_3.4.32) in
# artifacts/native/; tools/native/with-torchsharp-env.sh gives it to the benchmark process only (the built app is run
# directly, not through `dotnet run`). BenchmarkDotNet's child processes of a full run inherit it from there.
# Elsewhere the env file is empty and nothing changes. Reports land in artifacts/benchmarks/results/; a full run
# (no --quick/--check/--filter) also copies the markdown reports into tests/PairwiseLoss.Benchmarks/results/.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$HERE/../.." && pwd)
NATIVE=$ROOT/artifacts/native
ARTIFACTS=$ROOT/artifacts/benchmarks

bash "$ROOT/tools/native/provision-libstdcxx.sh" "$NATIVE"
# Build first, before the preloaded libstdc++ is in the environment (the compilers do not need it).
dotnet build -c Release "$HERE/PairwiseLoss.Benchmarks.csproj" -nologo -v q

full=1
for a in "$@"; do
  case $a in --quick|--check|--filter|-f|--list) full=0 ;; --interleaved) full=0; export DOTNET_TieredPGO=0 ;; esac
done
[[ ${PAIRWISE_BENCH_QUICK:-0} == 1 ]] && full=0

started=$SECONDS
bash "$ROOT/tools/native/with-torchsharp-env.sh" dotnet "$HERE/bin/Release/net10.0/PairwiseLoss.Benchmarks.dll" --artifacts "$ARTIFACTS" "$@"
echo "run.sh: $((SECONDS-started)) s; $(nproc) cores"

if [[ $full == 1 ]]; then
  mkdir -p "$HERE/results"
  cp "$ARTIFACTS"/results/*-report-github.md "$HERE/results/"
  { echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "duration: $((SECONDS-started)) s"
    echo "cores: $(nproc)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"; } >"$HERE/results/run-info.txt"
  echo "copied markdown reports to $HERE/results/"
fi
