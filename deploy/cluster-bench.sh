#!/usr/bin/env bash
# Throughput of a real cluster on this machine: for 1, 2 and 3 silos (one trial slot each), start a
# fresh local cluster (Redis and silo processes from deploy/local-cluster.sh), run the sweep through
# the benchmark's --cluster mode (tools/Sweep.Bench), print its figures, stop the cluster. A benchmark:
# it prints, it asserts nothing.
#
#   deploy/cluster-bench.sh [FILE] [SEEDS]   default: examples/activity-regularization.yaml, 5 seeds
#
# Environment: SWEEP_BENCH_SILOS (the silo counts to measure; default "1 2 3"), and the settings of
# deploy/local-cluster.sh (ports, SWEEP_MAX_TRIALS slots per silo, default 1).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-$root/examples/activity-regularization.yaml}
seeds=${2:-5}
export SWEEP_MAX_TRIALS=${SWEEP_MAX_TRIALS:-1}
export SWEEP_REDIS_PORT=${SWEEP_REDIS_PORT:-6399}
state=$(mktemp -d)
export SWEEP_CLUSTER_DIR=$state/cluster
trap 'bash "$root/deploy/local-cluster.sh" clean >/dev/null 2>&1 || true; rm -rf "$state"' EXIT

dotnet build "$root/tools/Sweep.Bench" -c Release -v quiet -nologo >"$state/build.log" 2>&1 || { echo "cluster-bench: building the benchmark failed; see $state/build.log" >&2; exit 1; }
dotnet build "$root/src/Silo" -c Release -v quiet -nologo >>"$state/build.log" 2>&1 || { echo "cluster-bench: building the silo failed; see $state/build.log" >&2; exit 1; }
export SWEEP_SILO_DLL=$root/src/Silo/bin/Release/net10.0/Sweep.Silo.dll
bench=$root/tools/Sweep.Bench/bin/Release/net10.0/Sweep.Bench.dll

for silos in ${SWEEP_BENCH_SILOS:-1 2 3}; do
  echo "== $silos silo(s), $SWEEP_MAX_TRIALS slot(s) each, $(nproc) cores =="
  bash "$root/deploy/local-cluster.sh" start "$silos"
  dotnet "$bench" --file "$file" --sweep-seeds "$seeds" --cluster "127.0.0.1:$SWEEP_REDIS_PORT" --parallel $((silos * SWEEP_MAX_TRIALS)) </dev/null
  bash "$root/deploy/local-cluster.sh" clean >/dev/null
done
