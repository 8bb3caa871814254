#!/usr/bin/env bash
# Converts Fashion-MNIST (Zalando: 70,000 greyscale images of 28×28 pixels of clothing, ten classes,
# 60,000 training and 10,000 test images) into FisherSelect's data contract as JSON Lines, with a
# frozen PCA embedding:
#   {"id":"f12345","embedding":[d PCA scores],"label":7}
# The images ship with the Debian package dataset-fashion-mnist (installed here when missing):
#   /usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
#
# The embedding: pixels / 255, centred with the mean of the 60,000 training images, projected on the
# d leading principal components of those images (eigenvectors of their covariance; each sign fixed
# so that its largest-magnitude loading is positive). PCA uses no label, so the embedding is not
# trained on the labels the evaluation hides; it is deterministic (no seed) and keeps most of the
# pixels' variance in few dimensions. The scores are centred but not whitened (the components keep
# their variances), so `evaluate` sees them as a pretrained network's features would be seen.
#
# usage: submit/datasets/fashion-mnist.sh [OUT_DIR] [--d D] [--pool N] [--seed S]
#   OUT_DIR  default data/  -> OUT_DIR/fashion-mnist-pool.jsonl (N training images drawn with seed S,
#            default 4000 and 0) and OUT_DIR/fashion-mnist-test.jsonl (the 10,000 test images)
#   --d      PCA dimensions, default 32
# Needs Python 3 with NumPy (Debian python3-numpy, installed here when missing).
set -euo pipefail

out="data"
d=32
pool=4000
seed=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --d) d="$2"; shift 2 ;;
    --pool) pool="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "fashion-mnist.sh: unknown option $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
src=/usr/share/datasets/fashion-mnist

install_debian() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "fashion-mnist.sh: needs the Debian package(s) $*; run as root or: sudo apt-get install $*" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

[[ -f "$src/train-images-idx3-ubyte.gz" ]] || install_debian dataset-fashion-mnist
py=python3
if ! "$py" -c 'import numpy' 2>/dev/null; then
  py=/usr/bin/python3
  "$py" -c 'import numpy' 2>/dev/null || install_debian python3-numpy
fi

mkdir -p "$out"
"$py" - "$src" "$out" "$d" "$pool" "$seed" <<'PY'
import gzip, json, os, sys
import numpy as np

src, out, d, pool, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])

def idx(name, magic, dims):
    with gzip.open(os.path.join(src, name), "rb") as f:
        data = f.read()
    head = np.frombuffer(data[:4 + 4 * dims], dtype=">u4")
    if head[0] != magic:
        sys.exit(f"fashion-mnist.sh: {name}: magic number {head[0]}, expected {magic}")
    return np.frombuffer(data[4 + 4 * dims:], dtype=np.uint8).reshape(tuple(int(x) for x in head[1:]))

train_x = idx("train-images-idx3-ubyte.gz", 2051, 3).reshape(-1, 784) / 255.0
train_y = idx("train-labels-idx1-ubyte.gz", 2049, 1)
test_x = idx("t10k-images-idx3-ubyte.gz", 2051, 3).reshape(-1, 784) / 255.0
test_y = idx("t10k-labels-idx1-ubyte.gz", 2049, 1)
if train_x.shape[0] != 60000 or test_x.shape[0] != 10000 or len(train_y) != 60000 or len(test_y) != 10000:
    sys.exit(f"fashion-mnist.sh: unexpected sizes {train_x.shape}, {test_x.shape}")
if not 1 <= d <= 784 or not 1 <= pool <= 60000:
    sys.exit("fashion-mnist.sh: --d must be in 1..784 and --pool in 1..60000")

# PCA of the training images, labels unused
mean = train_x.mean(axis=0)
centred = train_x - mean
cov = centred.T @ centred / (len(centred) - 1)
values, vectors = np.linalg.eigh(cov)
order = np.argsort(values)[::-1][:d]
values, vectors = values[order], vectors[:, order]
signs = np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(d)])
vectors = vectors * signs
kept = values.sum() / np.trace(cov)

def write(path, ids, x, y):
    z = (x - mean) @ vectors
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for i, e, label in zip(ids, z, y):
            f.write(json.dumps({"id": i, "embedding": [round(float(v), 6) for v in e], "label": int(label)},
                               separators=(",", ":")) + "\n")
    os.replace(tmp, path)
    print(f"wrote {len(ids)} items to {path}")

rows = np.sort(np.random.default_rng(seed).choice(60000, size=pool, replace=False))
write(os.path.join(out, "fashion-mnist-pool.jsonl"), [f"f{r:05d}" for r in rows], train_x[rows], train_y[rows])
write(os.path.join(out, "fashion-mnist-test.jsonl"), [f"t{r:05d}" for r in range(10000)], test_x, test_y)
print(f"embedding: {d} principal components of the 60,000 training images ({100 * kept:.1f}% of the pixel variance)")
PY
