package dev.jcluster.backends.batch;

import dev.jcluster.backends.batch.SchedulerCommand.Output;
import java.util.List;
import java.util.Set;

/**
 * How a scheduler says a job is unknown (finished and forgotten) when asked for its state: exit
 * codes, or phrases in what it printed. Such an answer means the job is gone, not that the
 * scheduler failed.
 */
public record NoSuchJob(Set<Integer> exitCodes, List<String> phrases) {
    public static final NoSuchJob NEVER = new NoSuchJob(Set.of(), List.of());

    public NoSuchJob {
        exitCodes = Set.copyOf(exitCodes);
        phrases = List.copyOf(phrases);
    }

    public static NoSuchJob says(String... phrases) {
        return new NoSuchJob(Set.of(), List.of(phrases));
    }

    public NoSuchJob orExits(Integer... codes) {
        return new NoSuchJob(Set.of(codes), phrases);
    }

    boolean test(Output output) {
        return exitCodes.contains(output.exitCode())
                || phrases.stream().anyMatch(p -> output.stderr().contains(p) || output.stdout().contains(p));
    }
}
