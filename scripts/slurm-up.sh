#!/usr/bin/env bash
# Start a one-node Slurm on this machine (Debian's slurm-wlm + munge), for the cluster recipe's test
# (test/cluster-slurm.test.ts runs docs/cluster.md's job array on it). Needs root. Does nothing if Slurm already answers.
set -euo pipefail
if sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mixed|allocated'; then exit 0; fi

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024))
conf_dir=/etc/slurm
mkdir -p "$conf_dir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge

# munge authenticates Slurm's daemons to each other; one key on one node.
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0400 /etc/munge/munge.key
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged

# No cgroups in a container: track processes by their parent pid, bind no tasks.
cat >"$conf_dir/slurm.conf" <<CONF
ClusterName=palm
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
MaxArraySize=1001
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld
pgrep -x slurmd >/dev/null || /usr/sbin/slurmd
for _ in $(seq 1 30); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mixed|allocated'; then exit 0; fi
  sleep 1
done
echo "slurm-up: Slurm did not report an idle node within 30 s; see /var/log/slurm/*.log" >&2
sinfo >&2 || true
exit 1
