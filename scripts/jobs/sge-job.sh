#!/bin/bash
# A Grid Engine job that starts a jcluster cluster on the slots of its parallel environment, runs a
# client program on it, and stops it, so that no engine outlives the job. Nothing else is submitted.
#   qsub -pe smp 8 sge-job.sh [CLIENT COMMAND...]      (default client: every engine says where it is)
# mpiexec starts the engines on the slots in $PE_HOSTFILE. The client finds the cluster through
# $JCLUSTER_CONNECTION_FILE.
#$ -N jcluster
#$ -S /bin/bash
#$ -cwd
#$ -pe smp 4
#$ -l h_rt=00:30:00
set -euo pipefail
JCLUSTER=${JCLUSTER:-jcluster}          # the jcluster command: bin/jcluster of the unpacked archive, or a checkout's scripts/jcluster
ID=job-$JOB_ID
export JCLUSTER_CONNECTION_FILE=${JCLUSTER_HOME:-$HOME/.jcluster}/clusters/allocation-$ID/connection.properties
trap '"$JCLUSTER" stop --profile allocation --cluster-id "$ID"' EXIT
"$JCLUSTER" start --profile allocation --cluster-id "$ID" -n "$NSLOTS" --daemonize
if [ $# -gt 0 ]; then
  "$@"
else
  "$JCLUSTER" exec --profile allocation --cluster-id "$ID" \
    '"engine " + System.getenv("JCLUSTER_ENGINE_ID") + " on " + java.net.InetAddress.getLocalHost().getHostName() + ", MPI rank " + System.getenv("OMPI_COMM_WORLD_RANK")'
fi
