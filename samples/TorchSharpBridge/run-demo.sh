#!/usr/bin/env bash
# Runs the TorchSharp bridge demo. On Debian 12 and older TorchSharp needs a newer libstdc++: it is provisioned
# into artifacts/native (tools/native/README.md) and put into this process only, through LD_LIBRARY_PATH and
# LD_PRELOAD, which must be set before the process starts (so here, not from inside the program).
#   samples/TorchSharpBridge/run-demo.sh [--quick]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash tools/native/provision-libstdcxx.sh
dotnet build samples/TorchSharpBridge/Demo -c Release -nologo -v:q
set -a
. artifacts/native/torchsharp.env
set +a
[ -n "${LD_PRELOAD:-}" ] || unset LD_PRELOAD
[ -n "${LD_LIBRARY_PATH:-}" ] || unset LD_LIBRARY_PATH
exec dotnet run --project samples/TorchSharpBridge/Demo -c Release --no-build -- "$@"
