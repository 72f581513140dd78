#!/bin/bash
# jcluster job for Slurm (variables: profiles/templates/README.md; `jcluster script` shows the result)
#SBATCH --job-name={{job_name}}
#SBATCH --array={{array}}
#SBATCH --nodes={{nodes}}
#SBATCH --ntasks={{tasks}}
#SBATCH --cpus-per-task={{cpus}}
#SBATCH --mem-per-cpu={{memory_per_cpu_mib}}M
#SBATCH --partition={{queue}}
#SBATCH --account={{account}}
#SBATCH --time={{walltime}}
#SBATCH {{resources}}
#SBATCH --open-mode=append
{{extra_directives}}
set -e
{{prologue}}
# engines stop taking tasks walltime-margin seconds before the scheduler would end the job
export JCLUSTER_JOB_END=$(( $(date +%s) + {{walltime_seconds}} )) JCLUSTER_WALLTIME_MARGIN={{walltime_margin_seconds}}
{{launch}}
