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
{{launch}}
