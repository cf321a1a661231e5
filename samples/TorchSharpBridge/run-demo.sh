#!/usr/bin/env bash
# Runs the TorchSharp bridge demo. On Debian 12 and older TorchSharp needs a newer libstdc++: it is provisioned
# into artifacts/native (tools/native/README.md) and given to the demo's process only (LD_LIBRARY_PATH and LD_PRELOAD
# must be set before a process starts, so here, not from inside the program).
#   samples/TorchSharpBridge/run-demo.sh [--quick]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash tools/native/provision-libstdcxx.sh
dotnet build samples/TorchSharpBridge/Demo -c Release -nologo -v:q -o artifacts/bin/TorchSharpBridge.Demo
exec bash tools/native/with-torchsharp-env.sh dotnet artifacts/bin/TorchSharpBridge.Demo/TorchSharpBridge.Demo.dll "$@"
