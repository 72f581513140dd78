#!/bin/bash
# jcluster job for PBS Pro / OpenPBS (variables: profiles/templates/README.md).
# Torque sites: arrays are "#PBS -t", not "#PBS -J".
#PBS -N {{job_name}}
#PBS -J {{array}}
#PBS -l nodes={{nodes}}:ppn={{slots}}
#PBS -l mem={{job_memory_mib}}mb
#PBS -l walltime={{walltime}}
#PBS -l {{resources}}
#PBS -q {{queue}}
#PBS -A {{account}}
#PBS -j oe
{{extra_directives}}
set -e
cd "${PBS_O_WORKDIR:-.}"
{{prologue}}
# engines stop taking tasks walltime-margin seconds before the scheduler would end the job
export JCLUSTER_JOB_END=$(( $(date +%s) + {{walltime_seconds}} )) JCLUSTER_WALLTIME_MARGIN={{walltime_margin_seconds}}
{{launch}}
