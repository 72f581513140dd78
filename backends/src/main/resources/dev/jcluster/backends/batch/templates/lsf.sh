#!/bin/bash
# jcluster job for IBM Spectrum LSF, submitted as `bsub < script` (variables: profiles/templates/README.md)
#BSUB -J {{job_name}}{{array_suffix}}
#BSUB -n {{slots}}
#BSUB -R "span[hosts=1]"
#BSUB -M {{memory_mib}}MB
#BSUB -W {{walltime_hm}}
#BSUB -q {{queue}}
#BSUB -P {{account}}
#BSUB {{resources}}
#BSUB -o {{log_dir}}/lsf-%J-%I.out
{{extra_directives}}
set -e
{{prologue}}
# engines stop taking tasks walltime-margin seconds before the scheduler would end the job
export JCLUSTER_JOB_END=$(( $(date +%s) + {{walltime_seconds}} )) JCLUSTER_WALLTIME_MARGIN={{walltime_margin_seconds}}
{{launch}}
