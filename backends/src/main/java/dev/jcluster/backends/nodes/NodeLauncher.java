package dev.jcluster.backends.nodes;

import java.util.ArrayList;
import java.util.List;

/**
 * How to start a command as N tasks on nodes one already has (Parsl calls this a launcher): the
 * one function from a command and a count to a command line. Getting the nodes is a backend's job.
 */
public interface NodeLauncher {
    String name();

    List<String> commandLine(List<String> command, int tasks);

    /** {@code srun}: inside a Slurm allocation, one task per slot. */
    static NodeLauncher srun() {
        return new NodeLauncher() {
            @Override
            public String name() {
                return "srun";
            }

            @Override
            public List<String> commandLine(List<String> command, int tasks) {
                return concat(List.of("srun", "--ntasks=" + tasks, "--kill-on-bad-exit=0"), List.of(), command);
            }
        };
    }

    /** {@code mpiexec -n N ARGS}: any MPI (Open MPI, MPICH), on the nodes its environment or arguments name. */
    static NodeLauncher mpiexec(String launcher, List<String> args) {
        return new NodeLauncher() {
            @Override
            public String name() {
                return launcher;
            }

            @Override
            public List<String> commandLine(List<String> command, int tasks) {
                return concat(List.of(launcher, "-n", Integer.toString(tasks)), args, command);
            }
        };
    }

    private static List<String> concat(List<String> head, List<String> middle, List<String> tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(middle);
        out.addAll(tail);
        return out;
    }
}
