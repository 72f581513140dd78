#!/bin/bash
# jcluster job for (Son of) Grid Engine (variables: profiles/templates/README.md)
#$ -N {{job_name}}
#$ -S /bin/bash
#$ -cwd
#$ -t {{array}}
#$ -pe {{parallel_environment}}
#$ -l h_vmem={{memory_gib}}G
#$ -l h_rt={{walltime}}
#$ -l {{resources}}
#$ -q {{queue}}
#$ -A {{account}}
{{extra_directives}}
set -e
{{prologue}}
# engines stop taking tasks walltime-margin seconds before the scheduler would end the job
export JCLUSTER_JOB_END=$(( $(date +%s) + {{walltime_seconds}} )) JCLUSTER_WALLTIME_MARGIN={{walltime_margin_seconds}}
{{launch}}
