#!/usr/bin/env bash
# The bench command on an embedded local Spark (a thin wrapper over local.sh; see docs/benchmarks.md).
#   submit/bench.sh --master 'local[2]' --methods eig-logdet --n 50000 --d 64 --classes 10 --k 100 --out bench-out
# One OpenBLAS thread per call: the floors run one GEMM per core side by side (job/bench/GemmFloor).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
exec "$(dirname "${BASH_SOURCE[0]}")/local.sh" bench "$@"
