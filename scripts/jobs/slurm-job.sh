#!/bin/bash
# A Slurm job that starts a jcluster cluster on its own nodes, runs a client program on it, and
# stops it, so that no engine outlives the job. Nothing else is submitted.
#   sbatch --ntasks=8 slurm-job.sh [CLIENT COMMAND...]      (default client: every engine says where it is)
# The client finds the cluster through $JCLUSTER_CONNECTION_FILE, e.g. from Java:
#   Client.connect(Path.of(System.getenv("JCLUSTER_CONNECTION_FILE")))
#SBATCH --job-name=jcluster
#SBATCH --ntasks=4
#SBATCH --time=00:30:00
set -euo pipefail
JCLUSTER=${JCLUSTER:-jcluster}          # the jcluster command: bin/jcluster of the unpacked archive, or a checkout's scripts/jcluster
ID=job-$SLURM_JOB_ID
export JCLUSTER_CONNECTION_FILE=${JCLUSTER_HOME:-$HOME/.jcluster}/clusters/allocation-$ID/connection.properties
trap '"$JCLUSTER" stop --profile allocation --cluster-id "$ID"' EXIT
# waits until all engines have registered (srun starts one per task)
"$JCLUSTER" start --profile allocation --cluster-id "$ID" -n "$SLURM_NTASKS" --daemonize
if [ $# -gt 0 ]; then
  "$@"
else
  "$JCLUSTER" exec --profile allocation --cluster-id "$ID" \
    '"engine " + System.getenv("JCLUSTER_ENGINE_ID") + " on " + java.net.InetAddress.getLocalHost().getHostName() + ", Slurm task " + System.getenv("SLURM_PROCID")'
fi
