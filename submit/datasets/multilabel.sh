#!/usr/bin/env bash
# Writes a SYNTHETIC multi-label dataset in FisherSelect's data contract for `--likelihood bernoulli`,
# as JSON Lines:
#   {"id":"m00042","embedding":[d + 1 values, the last a constant 1],"label":[C values 0/1]}
# It is made, not measured: no real data set is behind it. How (deterministic for a seed; Python's
# standard library only, its Mersenne Twister `random.Random(seed)`):
#   * embeddings: a mixture of K Gaussian clusters in d dimensions — centres drawn N(0, 3²I), each
#     item its cluster's centre plus N(0, I) noise; cluster sizes are imbalanced (weights ∝ 1/(k+1),
#     so the largest cluster is K times the smallest); a constant 1 is appended as the last
#     coordinate (a bias feature, under the same prior as every weight, since the fits have no
#     intercept);
#   * labels: a logistic (one-vs-rest) truth, y_c ~ Bernoulli(σ(s·(u_cᵀ(φ − m_c)))), with u_c a random
#     unit direction, s = 3 (sharp but noisy boundaries) and the offset m_c placed on the data so that
#     label c is on for a share ρ_c of the items, ρ_c falling geometrically from 40% (label 0) to 2%
#     (label C − 1): common labels, and rare ones that a random sample of a few dozen items may not
#     contain at all. Items may carry no label or several.
# So the model `evaluate` fits (independent sigmoid outputs on φ) is well specified, and the rare
# labels live in a few regions of the embedding: the setting where choosing informative items should
# matter.
#
# usage: submit/datasets/multilabel.sh [OUT.jsonl] [--n N] [--d D] [--labels C] [--clusters K] [--seed S]
#   OUT defaults to data/multilabel.jsonl; N 5000 items, d 16, C 8 labels, K 10 clusters, seed 0.
set -euo pipefail

out="data/multilabel.jsonl"
n=5000
d=16
labels=8
clusters=10
seed=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --n) n="$2"; shift 2 ;;
    --d) d="$2"; shift 2 ;;
    --labels) labels="$2"; shift 2 ;;
    --clusters) clusters="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -*) echo "multilabel.sh: unknown option $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
for v in "$n" "$d" "$labels" "$clusters" "$seed"; do
  if ! [[ "$v" =~ ^[0-9]+$ ]]; then
    echo "multilabel.sh: --n, --d, --labels, --clusters and --seed take integers ≥ 0, got '$v'" >&2
    exit 2
  fi
done
if (( n < 2 || d < 1 || labels < 1 || clusters < 1 )); then
  echo "multilabel.sh: need --n ≥ 2, --d ≥ 1, --labels ≥ 1, --clusters ≥ 1" >&2
  exit 2
fi
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
python3 - "$tmp" "$n" "$d" "$labels" "$clusters" "$seed" <<'PY'
import math
import random
import sys

path, n, d, c, k, seed = sys.argv[1], *map(int, sys.argv[2:])
rng = random.Random(seed)
centres = [[3.0 * rng.gauss(0, 1) for _ in range(d)] for _ in range(k)]
weights = [1.0 / (j + 1) for j in range(k)]
total = sum(weights)
cumulative = []
acc = 0.0
for w in weights:
    acc += w / total
    cumulative.append(acc)
members = []
phi = []
for _ in range(n):
    u = rng.random()
    j = next((i for i, q in enumerate(cumulative) if u < q), k - 1)
    members.append(j)
    phi.append([centres[j][t] + rng.gauss(0, 1) for t in range(d)])
sharpness = 3.0
rates = [0.4 * (0.02 / 0.4) ** (l / (c - 1)) if c > 1 else 0.4 for l in range(c)]
y = [[0] * c for _ in range(n)]
for l in range(c):
    u = [rng.gauss(0, 1) for _ in range(d)]
    norm = math.sqrt(sum(x * x for x in u))
    u = [x / norm for x in u]
    scores = [sum(a * b for a, b in zip(u, p)) for p in phi]
    # the offset puts the share rates[l] of the items above the boundary
    threshold = sorted(scores, reverse=True)[max(0, min(n - 1, int(rates[l] * n)))]
    for i in range(n):
        z = sharpness * (scores[i] - threshold)
        p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        y[i][l] = 1 if rng.random() < p else 0
with open(path, "w") as f:
    for i in range(n):
        emb = ",".join("%.10g" % x for x in phi[i] + [1.0])
        f.write('{"id":"m%05d","embedding":[%s],"label":[%s]}\n' % (i, emb, ",".join(map(str, y[i]))))
counts = [sum(row[l] for row in y) for l in range(c)]
print("label counts: " + " ".join(map(str, counts)), file=sys.stderr)
PY
mv "$tmp" "$out"
trap - EXIT
echo "wrote $(wc -l < "$out") items to $out"
