#!/usr/bin/env bash
# What the integration tests need on this machine, from Debian packages, started by hand (no
# systemd here, and policy-rc.d keeps packages from starting daemons). Idempotent: what is
# installed is not installed again, what runs is not started again. Run as root.
#   tmux                       drives `jcluster top` in a real terminal
#   munge + Slurm (two nodes)  the slurm backend; partition debug: this host, 8 one-CPU slots on any machine;
#                              partition remote: node h1, a slurmd in the network namespace jc-h1
#   slurm-wlm-torque           Slurm's qsub/qstat/qdel, our PBS stand-in, unpacked into /opt/slurm-torque
#                              (the package Conflicts with gridengine-client: both ship qsub)
#   Son of Grid Engine         the sge backend; all.q with 8 slots and the smp/mpi/make parallel environments
#   Open MPI + MPICH           the mpi backend and engines started inside allocations
#   OpenSSH sshd               the ssh backend: 127.0.0.1:2222, and a second "host" 10.213.0.2:22 in the network
#                              namespace jc-h1 (veth jc-v0 10.213.0.1 <-> jc-v1 10.213.0.2); key login as root with
#                              $WORK/ssh/id_ed25519, host keys in $WORK/ssh/known_hosts
# Facts behind each step: ../shared/notes/test-cluster-recipe.md. Stop everything: test-cluster/stop.sh.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${JCLUSTER_TEST_CLUSTER:-/var/tmp/jcluster-test-cluster}
H=$(hostname)
APT=(apt-get install -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends)
T0=$(date +%s.%N)
say() { awk -v a="$T0" -v b="$(date +%s.%N)" -v m="$*" 'BEGIN{printf "test-cluster: %-40s (%.1f s)\n", m, b-a}'; }
die() { echo "test-cluster: $*" >&2; exit 1; }
waitfor() { # waitfor SECONDS WHAT CMD...: polls CMD every 0.3 s, bounded
  local end=$(( $(date +%s) + $1 )) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$end" ] && die "timed out after ${end}s waiting for $what"
    sleep 0.3
  done
}
running() { [ -s "$1" ] && ps -o stat= -p "$(cat "$1")" 2>/dev/null | grep -qv '^Z'; }
stopped() { ! running "$1"; }

[ "$(id -u)" -eq 0 ] || die "run me as root: I install Debian packages and start Slurm and Grid Engine"
mkdir -p "$WORK"
getent hosts "$H" >/dev/null || echo "127.0.0.1 $H" >> /etc/hosts

# ---- packages
pkgs=(tmux munge slurmctld slurmd slurm-client libslurm-perl libslurmdb-perl libswitch-perl
      gridengine-master gridengine-exec gridengine-client openmpi-bin mpich openssh-server
      python3 iproute2 procps chromium chromium-driver fonts-dejavu-core)
# python3: the LSF, PBS Pro, Windows HPC and HTCondor stand-ins; ip netns; ps and pkill; chromium: the dashboard test
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q -o DPkg::Lock::Timeout=900 >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; die "apt-get update failed"; }
  debconf-set-selections <<EOF
gridengine-common shared/gridengineconfig boolean true
gridengine-common shared/gridenginecell string default
gridengine-common shared/gridenginemaster string $H
EOF
  "${APT[@]}" "${missing[@]}" >>"$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log" >&2; die "apt-get install failed"; }
  say "installed ${#missing[@]} packages"
fi
if [ ! -x /opt/slurm-torque/usr/bin/qsub ]; then
  ( cd "$WORK" && rm -f slurm-wlm-torque_*.deb && apt-get download -q slurm-wlm-torque >>"$WORK/apt.log" 2>&1 ) \
    || die "cannot download slurm-wlm-torque (see $WORK/apt.log)"
  rm -rf /opt/slurm-torque && dpkg-deb -x "$WORK"/slurm-wlm-torque_*.deb /opt/slurm-torque
  # qsub runs ${FindBin::Bin}/sbatch
  for b in sbatch salloc srun squeue scancel; do ln -sf "/usr/bin/$b" "/opt/slurm-torque/usr/bin/$b"; done
  say "unpacked slurm-wlm-torque into /opt/slurm-torque"
fi

# ---- the second "host": network namespace jc-h1 (veth jc-v0 10.213.0.1 <-> jc-v1 10.213.0.2)
if ! ip netns list | grep -qw jc-h1; then
  ip netns add jc-h1
  ip link add jc-v0 type veth peer name jc-v1
  ip link set jc-v1 netns jc-h1
  ip addr add 10.213.0.1/24 dev jc-v0 && ip link set jc-v0 up
  ip -n jc-h1 addr add 10.213.0.2/24 dev jc-v1 && ip -n jc-h1 link set jc-v1 up && ip -n jc-h1 link set lo up
fi

# ---- munge + Slurm: node @HOST@ here, node h1 in jc-h1 (nsenter --net: `ip netns exec` remounts /sys,
# and slurmd then finds no cgroup file system)
install -d -o munge -g munge -m 0755 /run/munge
[ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create
running /run/munge/munged.pid || runuser -u munge -- /usr/sbin/munged
conf=$(mktemp)
sed "s/@HOST@/$H/g" "$HERE/slurm.conf" > "$conf"
if ! cmp -s "$conf" /etc/slurm/slurm.conf; then
  install -m 0644 "$conf" /etc/slurm/slurm.conf
  # nodes added or moved: slurmctld and the slurmds must start again with the new file
  for f in /run/slurmd-*.pid /run/slurmd.pid /run/slurmctld.pid; do
    if running "$f"; then kill "$(cat "$f")"; waitfor 20 "$f to stop" stopped "$f"; fi
    rm -f "$f"
  done
fi
rm -f "$conf"
echo "required /usr/lib/x86_64-linux-gnu/slurm-wlm/spank_pbs.so" > /etc/slurm/plugstack.conf.d/pbs.conf
running /run/slurmctld.pid || { rm -f /run/slurmctld.pid; /usr/sbin/slurmctld; }
running "/run/slurmd-$H.pid" || { rm -f "/run/slurmd-$H.pid"; /usr/sbin/slurmd -N "$H"; }
running /run/slurmd-h1.pid || { rm -f /run/slurmd-h1.pid; nsenter --net=/run/netns/jc-h1 /usr/sbin/slurmd -N h1; }
nodes_up() { [ "$(sinfo -h -N -o '%N %T' | grep -Ec ' (idle|mixed|allocated)$')" -ge 2 ]; }
waitfor 30 "slurm nodes $H and h1 idle" nodes_up
say "slurm up (partition debug: $H, 8 slots; remote: h1 in jc-h1, 4 slots)"

# ---- Son of Grid Engine
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
echo "$H localhost" > "$SGE_ROOT/$SGE_CELL/common/host_aliases"   # 127.0.0.1 reverse-resolves to localhost
QM=/var/spool/gridengine/qmaster/qmaster.pid
running "$QM" || /usr/sbin/sge_qmaster
waitfor 30 "sge_qmaster" qconf -sh
C=$WORK/sge; mkdir -p "$C"
qconf -sconf > "$C/global"                                            # the file must be named "global"
if ! grep -q '^min_uid *0$' "$C/global"; then
  sed -i -e 's/^min_uid .*/min_uid 0/' -e 's/^min_gid .*/min_gid 0/' "$C/global"
  qconf -Mconf "$C/global" >/dev/null 2>&1
fi
qconf -ssconf > "$C/sconf"
sed -i -e 's/^schedule_interval .*/schedule_interval 0:0:1/' \
       -e 's/^flush_submit_sec .*/flush_submit_sec 1/' -e 's/^flush_finish_sec .*/flush_finish_sec 1/' "$C/sconf"
qconf -Msconf "$C/sconf" >/dev/null 2>&1
printf 'hostname %s\nload_scaling NONE\ncomplex_values NONE\nuser_lists NONE\nxuser_lists NONE\nprojects NONE\nxprojects NONE\nusage_scaling NONE\nreport_variables NONE\n' "$H" > "$C/exechost"
qconf -Ae "$C/exechost" >/dev/null 2>&1 || qconf -Me "$C/exechost" >/dev/null 2>&1
qconf -as "$H" >/dev/null 2>&1 || true
printf 'group_name @allhosts\nhostlist %s\n' "$H" > "$C/allhosts"
qconf -Ahgrp "$C/allhosts" >/dev/null 2>&1 || qconf -Mhgrp "$C/allhosts" >/dev/null 2>&1
for pe in /usr/share/gridengine/util/resources/pe/*; do qconf -Ap "$pe" >/dev/null 2>&1 || qconf -Mp "$pe" >/dev/null 2>&1; done
qconf -Aq "$HERE/sge-all.q" >/dev/null 2>&1 || qconf -Mq "$HERE/sge-all.q" >/dev/null 2>&1
EXECD_PID=$(ls /var/spool/gridengine/execd/*/execd.pid 2>/dev/null | head -1 || true)
if [ -z "$EXECD_PID" ] || ! running "$EXECD_PID"; then /usr/sbin/sge_execd; fi
# a queue left in error state by an earlier run takes no jobs
qmod -cq all.q >/dev/null 2>&1 || true
waitfor 60 "sge queue all.q" bash -c "qstat -f | grep -Eq '^all.q@$H +BIP +[0-9]+/[0-9]+/8 +[-0-9.NA]+ +lx-amd64 *\$'"
say "sge up (all.q, 8 slots, PEs smp mpi make)"

# ---- sshd on 127.0.0.1:2222, and on 10.213.0.2:22 inside the network namespace jc-h1
S=$WORK/ssh; mkdir -p "$S"; chmod 700 "$S"
[ -f "$S/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C jcluster-test -f "$S/id_ed25519"
install -m 0600 "$S/id_ed25519.pub" "$S/authorized_keys"
[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -A
install -d -m 0755 /run/sshd
sshd_config() { # sshd_config NAME LISTEN PORT
  cat > "$S/sshd_$1.conf" <<EOF
Port $3
ListenAddress $2
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile $S/sshd_$1.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
AuthorizedKeysFile $S/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
AllowTcpForwarding yes
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
}
sshd_config local 127.0.0.1 2222
running "$S/sshd_local.pid" || /usr/sbin/sshd -f "$S/sshd_local.conf" -E "$S/sshd_local.log"
sshd_config h1 10.213.0.2 22
running "$S/sshd_h1.pid" || ip netns exec jc-h1 /usr/sbin/sshd -f "$S/sshd_h1.conf" -E "$S/sshd_h1.log"
waitfor 10 "sshd" bash -c "ssh-keyscan -p 2222 -t ed25519 127.0.0.1 2>/dev/null | grep -q ed25519 && ssh-keyscan -t ed25519 10.213.0.2 2>/dev/null | grep -q ed25519"
{ ssh-keyscan -p 2222 -t ed25519 127.0.0.1 localhost; ssh-keyscan -t ed25519 10.213.0.2; } > "$S/known_hosts" 2>/dev/null
ssh -p 2222 -i "$S/id_ed25519" -o UserKnownHostsFile="$S/known_hosts" -o BatchMode=yes root@127.0.0.1 true \
  || die "key login to 127.0.0.1:2222 failed (see $S/sshd_local.log)"
ssh -i "$S/id_ed25519" -o UserKnownHostsFile="$S/known_hosts" -o BatchMode=yes root@10.213.0.2 true \
  || die "key login to 10.213.0.2 failed (see $S/sshd_h1.log)"
say "sshd up (127.0.0.1:2222, 10.213.0.2:22 in netns jc-h1)"

echo "test-cluster: ready: tmux $(tmux -V | cut -d' ' -f2), $(sinfo -V), SGE $(qstat -help | head -1 | awk '{print $2}'), PBS stand-in /opt/slurm-torque/usr/bin/qsub, $(mpirun.openmpi --version | head -1), MPICH $(mpichversion | awk '/Version/{print $3}'), sshd"
