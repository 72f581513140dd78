#!/usr/bin/env bash
# What the integration tests need on this machine, from Debian packages (run as root).
# Today: tmux, which drives `jcluster top` in a real terminal. Slurm, Son of Grid Engine,
# OpenSSH and Open MPI join here with the batch, ssh and mpi backends.
set -euo pipefail
need=()
command -v tmux >/dev/null || need+=(tmux)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-cluster: missing ${need[*]}; install them (apt-get install ${need[*]}) or run this as root" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
echo "test-cluster: ready (tmux $(tmux -V | cut -d' ' -f2))"
