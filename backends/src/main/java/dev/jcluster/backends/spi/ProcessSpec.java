package dev.jcluster.backends.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process to launch: its command line, working directory, extra environment and the file its
 * output goes to. {@code role} names it in state files and messages ("controller", "engine-3").
 */
public record ProcessSpec(String role, List<String> command, Path workingDirectory, Map<String, String> environment,
                          Path logFile) {
    public ProcessSpec {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command for " + role);
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The number a role ends in ("engine-7" is 7), 0 for roles without one. */
    public int index() {
        int dash = role.lastIndexOf('-');
        try {
            return dash < 0 ? 0 : Integer.parseInt(role.substring(dash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public ProcessSpec withRole(String newRole, Path newLog) {
        return new ProcessSpec(newRole, command, workingDirectory, environment, newLog);
    }
}
