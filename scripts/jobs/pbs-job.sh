#!/bin/bash
# A PBS (PBS Pro, OpenPBS, Torque) job that starts a jcluster cluster on its own nodes, runs a
# client program on it, and stops it, so that no engine outlives the job. Nothing else is submitted.
#   qsub -l nodes=2:ppn=4 pbs-job.sh      (a client command can be given in CLIENT)
# mpiexec starts the engines on the slots in $PBS_NODEFILE. The client finds the cluster through
# $JCLUSTER_CONNECTION_FILE.
#PBS -N jcluster
#PBS -l nodes=1:ppn=4
#PBS -l walltime=00:30:00
#PBS -j oe
set -euo pipefail
cd "${PBS_O_WORKDIR:-.}"
JCLUSTER=${JCLUSTER:-jcluster}          # the jcluster command: bin/jcluster of the unpacked archive, or a checkout's scripts/jcluster
JOB=${PBS_JOBID:-${SLURM_JOB_ID:?not inside a PBS job}}
ID=job-${JOB%%.*}
SLOTS=$( [ -n "${PBS_NODEFILE:-}" ] && wc -l < "$PBS_NODEFILE" || echo "${SLURM_NTASKS:-${PBS_NP:-1}}")
export JCLUSTER_CONNECTION_FILE=${JCLUSTER_HOME:-$HOME/.jcluster}/clusters/allocation-$ID/connection.properties
trap '"$JCLUSTER" stop --profile allocation --cluster-id "$ID"' EXIT
"$JCLUSTER" start --profile allocation --cluster-id "$ID" -n "$SLOTS" --daemonize
if [ -n "${CLIENT:-}" ]; then
  bash -c "$CLIENT"
else
  "$JCLUSTER" exec --profile allocation --cluster-id "$ID" \
    '"engine " + System.getenv("JCLUSTER_ENGINE_ID") + " on " + java.net.InetAddress.getLocalHost().getHostName()'
fi
