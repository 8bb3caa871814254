#!/usr/bin/env bash
# Converts scikit-learn's handwritten digits (UCI optdigits test set: 1797 images of 8×8 pixels,
# grey levels 0..16, classes 0..9) into FisherSelect's data contract as JSON Lines:
#   {"id":"d0000","embedding":[64 pixel values],"label":7}
# The file ships with the Debian package python3-sklearn (apt-get install python3-sklearn):
#   /usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
# one image per line, the 64 pixels row by row, then the class; no header.
#
# usage: submit/datasets/digits.sh [--scale S] [OUT.jsonl] [DIGITS.csv.gz]
#   OUT defaults to data/digits.jsonl; the input to the Debian path above (the package is installed
#   when missing and this runs as root).
# The embedding is the pixels divided by S (default 1: the grey levels 0..16; --scale 16 puts them
# in [0, 1]). `evaluate` uses embeddings as given, so S sets their size against the prior λ.
set -euo pipefail

scale=1
if [[ "${1:-}" == "--scale" ]]; then
  scale="$2"
  shift 2
fi
out="${1:-data/digits.jsonl}"
default_src=/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
src="${2:-$default_src}"
if [[ ! -f "$src" && "$src" == "$default_src" && $(id -u) -eq 0 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-sklearn >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-sklearn >/dev/null; }
fi
if [[ ! -f "$src" ]]; then
  echo "digits.sh: $src not found; install the Debian package python3-sklearn or pass the path" >&2
  exit 1
fi
if ! [[ "$scale" =~ ^[0-9]+(\.[0-9]+)?$ ]] || [[ "$scale" =~ ^0+(\.0*)?$ ]]; then
  echo "digits.sh: --scale must be a positive number, got '$scale'" >&2
  exit 2
fi
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
gzip -dc "$src" | awk -F, -v scale="$scale" '
  NF == 0 { next }
  NF != 65 { printf "digits.sh: line %d has %d fields, expected 65 (64 pixels + class)\n", NR, NF > "/dev/stderr"; exit 1 }
  {
    for (j = 1; j <= NF; j++) {
      if ($j !~ /^[0-9]+(\.0*)?$/) { printf "digits.sh: line %d field %d is not a non-negative number: %s\n", NR, j, $j > "/dev/stderr"; exit 1 }
    }
    printf "{\"id\":\"d%04d\",\"embedding\":[", n
    for (j = 1; j <= 64; j++) printf "%s%.10g", (j > 1 ? "," : ""), $j / scale
    printf "],\"label\":%d}\n", $65
    n++
  }
  END { if (n != 1797) printf "digits.sh: note: %d images (scikit-learn ships 1797)\n", n > "/dev/stderr" }
' > "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "wrote $(wc -l < "$out") items to $out"
