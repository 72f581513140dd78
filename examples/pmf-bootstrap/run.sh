#!/usr/bin/env bash
# The PMF bootstrap on a jcluster cluster, in one command: starts the cluster, runs the analysis,
# stops the cluster (also on Ctrl-C or failure).
#
#   examples/pmf-bootstrap/run.sh [--profile P] [-n ENGINES] [-- pmf-bootstrap options]
#
# Without options: Baltimore PM2.5 (PM2.5 weak, OM bad), 6 factors, 1,000 replicates, 2 local engines.
# `examples/pmf-bootstrap/run.sh -- --help` lists the analysis options.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
profile=local
engines=2
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    -n) engines="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "run.sh: unknown option $1 (options for the analysis go after --)" >&2; exit 2 ;;
  esac
done
if [ ! -f "$here/target/example.classpath" ] || [ ! -d "$repo/launcher/target/jcluster/lib" ]; then
  echo "building jcluster and the example (first use) ..." >&2
  (cd "$repo" && mvn -q -B -ntp -DskipTests package) >&2
fi
cp="$here/target/classes:$(cat "$here/target/example.classpath")"
if [ "${1:-}" = "--help" ]; then
  exec java -cp "$cp" dev.jcluster.examples.pmf.PmfBootstrapMain --help
fi
id="pmf-$$"
home="${JCLUSTER_HOME:-$HOME/.jcluster}"
"$repo/scripts/jcluster" start --profile "$profile" -n "$engines" --cluster-id "$id" --daemonize
trap '"$repo/scripts/jcluster" stop --profile "$profile" --cluster-id "$id" >/dev/null' EXIT
defaults=()
if ! printf '%s\n' "$@" | grep -q -- '^--con$'; then
  defaults=(--con "$here/data/baltimore/Dataset-Baltimore_con.txt" --unc "$here/data/baltimore/Dataset-Baltimore_unc.txt"
            --weak PM2.5 --bad OM --units "µg/m³")  # the files state no units; speciated PM2.5 is reported in µg/m³
fi
java -Xmx2g -cp "$cp" dev.jcluster.examples.pmf.PmfBootstrapMain \
  --connection-file "$home/clusters/$profile-$id/connection.properties" "${defaults[@]}" "$@"
