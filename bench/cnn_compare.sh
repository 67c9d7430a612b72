#!/usr/bin/env bash
# Reference CNN on the full Fashion-MNIST: ours vs PyTorch (../shared/bench/peer_train_fashion_cnn.py)
# in one run, 3 epochs x 3 seeds each, Adam 1e-3, batch 64, then ours for 10 epochs under -Xmx1g,
# then training/inference images/s of both on the same thread count.
# Needs: mvn -B package -DskipTests; Debian dataset-fashion-mnist, python3-torch.
# Usage: bash bench/cnn_compare.sh [threads=2]   (logs and models under target/cnn-compare/)
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-2}
J=$PWD/target/convnet-ij-cli.jar
D=/usr/share/datasets/fashion-mnist
OUT=$PWD/target/cnn-compare
mkdir -p "$OUT"
export PEER_OUT=$OUT/peer
# the peer script seeds torch with 0; this copy takes the seed from $SEED (nothing else changes)
PEER=../shared/bench/peer_train_fashion_cnn.py
sed 's/^torch.manual_seed(0)$/torch.manual_seed(int(os.environ.get("SEED", "0")))/' "$PEER" > "$OUT/peer_seeded.py"
grep -q 'os.environ.get("SEED"' "$OUT/peer_seeded.py" || { echo "could not seed $PEER" >&2; exit 1; }
for s in 0 1 2; do
  echo "=== torch seed $s"
  SEED=$s /usr/bin/python3 "$OUT/peer_seeded.py" 3 "$T" "seed$s" 2>&1 | grep -E "^epoch|inference|^torch "
  echo "=== ours seed $s"
  java -jar "$J" train --training-data "$D" --epochs 3 --batch-size 64 --optimizer adam --lr 0.001 \
    --seed "$s" --threads "$T" --model "$OUT/ours_seed$s.onnx" --metrics "$OUT/ours_seed$s.json" \
    --progress-every 100000 | grep -E "^epoch [0-9]+:"
done
echo "=== ours, 10 epochs, seed 0, -Xmx1g"
java -Xmx1g -jar "$J" train --training-data "$D" --epochs 10 --seed 0 --threads "$T" \
  --model "$OUT/ours_10.onnx" --metrics "$OUT/ours_10.json" --progress-every 100000 | grep -E "^epoch [0-9]+:"
echo "=== ours, 10 epochs, seed 0, cosine schedule"
java -Xmx1g -jar "$J" train --training-data "$D" --epochs 10 --seed 0 --threads "$T" --schedule "cosine(10)" \
  --model "$OUT/ours_10_cosine.onnx" --metrics "$OUT/ours_10_cosine.json" --progress-every 100000 | grep -E "^epoch [0-9]+:"
echo "=== ours, bench --cnn (generated data)"
java -jar "$J" bench --no-conv --no-pool --cnn --threads "$T" --reps 7 --warmup-ms 3000
