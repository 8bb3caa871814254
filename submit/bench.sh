#!/usr/bin/env bash
# The bench command on an embedded local Spark (a thin wrapper over local.sh; see docs/benchmarks.md).
#   submit/bench.sh --master 'local[2]' --methods eig-logdet --n 50000 --d 64 --classes 10 --k 100 --out bench-out
exec "$(dirname "${BASH_SOURCE[0]}")/local.sh" bench "$@"
