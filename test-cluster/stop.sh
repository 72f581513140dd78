#!/usr/bin/env bash
# Stops what test-cluster/setup.sh started, by pid file, after cancelling every job in the queues.
# Waits until each daemon is gone (a zombie counts as gone: pid 1 here reaps late).
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
gone() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 0; [[ $s == Z* ]]; }
stop_pid() { # stop_pid PIDFILE
  [ -s "$1" ] || return 0
  local p; p=$(cat "$1")
  kill "$p" 2>/dev/null
  for _ in $(seq 1 50); do gone "$p" && break; sleep 0.2; done
  gone "$p" || { echo "test-cluster: SIGKILL $p ($1)"; kill -9 "$p" 2>/dev/null; }
  rm -f "$1"
}
scancel --user=root 2>/dev/null; qdel -u root >/dev/null 2>&1
stop_pid "$(ls /var/spool/gridengine/execd/*/execd.pid 2>/dev/null | head -1)"
stop_pid /var/spool/gridengine/qmaster/qmaster.pid
for f in /run/slurmd-*.pid /run/slurmd.pid; do stop_pid "$f"; done
stop_pid /run/slurmctld.pid     # a stale pid file makes slurmctld's prerm run scancel, which fails without munged
stop_pid /run/munge/munged.pid
WORK=${JCLUSTER_TEST_CLUSTER:-/var/tmp/jcluster-test-cluster}
stop_pid "$WORK/ssh/sshd_local.pid"
stop_pid "$WORK/ssh/sshd_h1.pid"
ip link del jc-v0 2>/dev/null; ip netns del jc-h1 2>/dev/null
echo "test-cluster: stopped"
