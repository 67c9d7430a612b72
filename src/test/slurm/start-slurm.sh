#!/usr/bin/env bash
# Starts a one-node SLURM on this machine (no systemd): munged, slurmctld and slurmd, with the
# configuration, state, spool, logs and pid files under DIR. Debian's slurm-wlm and munge must be
# installed (apt-get install slurm-wlm munge, which also creates the munge key); run as root.
#   src/test/slurm/start-slurm.sh DIR     # then: export SLURM_CONF=DIR/slurm.conf; sbatch ...
#   src/test/slurm/stop-slurm.sh DIR
# Used by SlurmArrayTest (opt-in: -Dconvnetij.slurm=true).
set -euo pipefail
dir=$(realpath -m "${1:?usage: start-slurm.sh DIR}")
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
host=$(hostname -s)
cpus=$(nproc)
cat > "$dir/slurm.conf" <<CONF
ClusterName=convnetij
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
# munge: started here unless one runs already (then left alone by stop-slurm.sh)
if [ ! -S /run/munge/munge.socket.2 ]; then
  mkdir -p /run/munge
  chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged
  touch "$dir/munged.ours"
fi
/usr/sbin/slurmctld -f "$SLURM_CONF"
/usr/sbin/slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then
    echo "SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "the SLURM node did not become idle in 30 s; logs in $dir/log" >&2
exit 1
