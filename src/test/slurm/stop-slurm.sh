#!/usr/bin/env bash
# Stops what start-slurm.sh DIR started, by its pid files, and waits (at most 15 s) until they
# have ended (slurmctld writes its state while it shuts down).
set -uo pipefail
dir=$(realpath -m "${1:?usage: stop-slurm.sh DIR}")
pids=()
for f in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
  [ -f "$f" ] && pids+=("$(cat "$f")")
done
if [ -f "$dir/munged.ours" ] && [ -f /run/munge/munged.pid ]; then
  pids+=("$(cat /run/munge/munged.pid)")
fi
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
running() { # alive and not a zombie
  [ -r "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status"
}
for _ in $(seq 1 30); do
  left=0
  for p in "${pids[@]}"; do running "$p" && left=1; done
  [ "$left" = 0 ] && exit 0
  sleep 0.5
done
echo "still running after 15 s: ${pids[*]}" >&2
exit 0
