#!/usr/bin/env bash
# ResNet-50 (random weights, 3x224x224) at batch 1 and 8: PyTorch 1.13 (../shared/bench/peer_resnet50.py),
# this build with ONNX Runtime in the same JVM (nn.onnx.ResNetBenchmark), and optionally an earlier
# build of this repository, one after the other in rounds, so that every ratio comes from one run.
# Needs: mvn -B test-compile and mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt here
# (and test-compile in OTHER); python3-torch, python3-onnx. The peer exports the model on its first run.
# Usage: bash bench/resnet_compare.sh [threads=2] [rounds=3] [OTHER: another checkout, e.g. a git worktree]
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-2}; R=${2:-3}; OTHER=${3:-}
CP=$(cat target/cp.txt)
MODEL=target/peer-bench/resnet50_random.onnx
[ -f "$MODEL" ] || /usr/bin/python3 ../shared/bench/peer_resnet50.py "$T" > /dev/null
for r in $(seq 1 "$R"); do
  echo "== round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/python3 ../shared/bench/peer_resnet50.py "$T" --no-export 2>&1 | grep "^resnet50 bs" | sed 's/^/peer: /'
  java -Xmx1500m --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:"$CP" \
    io.github.convnetij.nn.onnx.ResNetBenchmark "$MODEL" "$T" --runs 9 2>&1 \
    | grep -E "^(ours|onnxruntime) resnet|^load|largest diff|heap" | sed 's/^/this: /'
  if [ -n "$OTHER" ]; then
    java -Xmx1500m --add-modules jdk.incubator.vector -cp "$OTHER/target/classes:$OTHER/target/test-classes:$CP" \
      io.github.convnetij.nn.onnx.ResNetBenchmark "$MODEL" "$T" --runs 9 --no-ort 2>&1 \
      | grep -E "^ours resnet" | sed 's/^/other: /'
  fi
done
