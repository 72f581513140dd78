#!/bin/bash
# jcluster job for HTCondor: the executable its submit description names; $1 is the job's $(Process)
set -e
{{prologue}}
# engines stop taking tasks walltime-margin seconds before the job's walltime would end
export JCLUSTER_JOB_END=$(( $(date +%s) + {{walltime_seconds}} )) JCLUSTER_WALLTIME_MARGIN={{walltime_margin_seconds}}
{{launch}}
