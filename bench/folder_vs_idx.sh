#!/usr/bin/env bash
# Issue 10's targets, measured in one run on this machine:
#  1. training the reference CNN from a folder of PNGs (Fashion-MNIST written out as 60,000 PNG
#     files in class folders) against the same training from IDX: images/s and test accuracy,
#     same seed; also from a CSV manifest listing the same PNGs in the IDX files' order;
#  2. predict on 10,000 28x28 PNGs, JVM start included (target: under 10 s on 2 cores).
# Needs: mvn -B package -DskipTests; Debian dataset-fashion-mnist, python3-opencv.
# Usage: bash bench/folder_vs_idx.sh [threads=2] [epochs=1]   (files under target/folder-vs-idx/)
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-2}
E=${2:-1}
J=$PWD/target/convnet-ij-cli.jar
OUT=$PWD/target/folder-vs-idx
PNG=$OUT/png
mkdir -p "$OUT"
[ -f "$PNG/test.csv" ] || /usr/bin/python3 bench/fashion_to_png.py "$PNG"
train() { # name, training data, test data
  java -jar "$J" train --training-data "$2" --test-data "$3" --epochs "$E" --seed 0 --threads "$T" \
    --model "$OUT/$1.onnx" --metrics "$OUT/$1.json" --progress-every 100000 | grep -E "^(training on|epoch [0-9]+:)"
}
echo "=== IDX"; train idx /usr/share/datasets/fashion-mnist /usr/share/datasets/fashion-mnist
echo "=== folder of PNGs (class folders)"; train folder "$PNG/train" "$PNG/test"
echo "=== CSV manifest of the PNGs in IDX order"; train csv "$PNG/train.csv" "$PNG/test.csv"
echo "=== predict on the 10,000 test PNGs (JVM start included)"
s=$(date +%s.%N)
java -jar "$J" predict --model "$OUT/folder.onnx" --threads "$T" --out "$OUT/predictions.csv" "$PNG/test"/*/ > /dev/null
e=$(date +%s.%N)
echo "predict: $(( $(wc -l < "$OUT/predictions.csv") - 1 )) rows in $(echo "$e - $s" | bc) s"
