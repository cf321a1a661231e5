#!/usr/bin/env bash
# Runs one command with the native environment TorchSharp needs (artifacts/native/torchsharp.env, written by
# provision-libstdcxx.sh): LD_LIBRARY_PATH and LD_PRELOAD are set for that command only, not for the calling shell,
# so no other program (bash, cat, nproc, the SDK) loads the newer libstdc++. Run the built app directly
# (`dotnet App.dll`), not `dotnet run`, so that the SDK and MSBuild do not get it either.
#   tools/native/with-torchsharp-env.sh dotnet path/to/App.dll [args...]
set -euo pipefail
env_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/artifacts/native/torchsharp.env"
settings=()
while IFS='=' read -r key value; do
  case $key in
    LD_LIBRARY_PATH|LD_PRELOAD)
      if [[ -n $value ]]; then
        existing=${!key:-}
        settings+=("$key=$value${existing:+:$existing}")
      fi ;;
  esac
done <"$env_file"
exec env "${settings[@]}" "$@"
