package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.ProcessSpec;
import java.util.List;

/** The {@code <Task>} elements of a Windows HPC job: one per process, its id and environment as variables. */
final class HpcTasks {
    private HpcTasks() {
    }

    static String xml(PlannedJob job) {
        StringBuilder sb = new StringBuilder();
        for (ProcessSpec s : job.specs()) {
            String workDir = s.workingDirectory() == null ? job.logDir().toString() : s.workingDirectory().toString();
            sb.append("    <Task Version=\"2.000\" Name=\"").append(escape(s.role()))
                    .append("\" MinCores=\"1\" MaxCores=\"1\" CommandLine=\"").append(escape(commandLine(s.command())))
                    .append("\" WorkDirectory=\"").append(escape(workDir))
                    .append("\" StdOutFilePath=\"").append(escape(s.logFile().toString()))
                    .append("\" StdErrFilePath=\"").append(escape(s.logFile().toString()))
                    .append("\" IsRerunnable=\"false\">\n      <EnvironmentVariables>\n");
            if (!job.isController()) {
                variable(sb, "JCLUSTER_ENGINE_ID", Integer.toString(s.index()));
            }
            s.environment().forEach((k, v) -> variable(sb, k, v));
            sb.append("      </EnvironmentVariables>\n    </Task>\n");
        }
        return sb.toString().stripTrailing();
    }

    private static void variable(StringBuilder sb, String name, String value) {
        sb.append("        <Variable><Name>").append(escape(name)).append("</Name><Value>").append(escape(value))
                .append("</Value></Variable>\n");
    }

    /** Windows command-line words: double quotes around words with blanks or quotes, inner quotes escaped. */
    static String commandLine(List<String> argv) {
        return String.join(" ", argv.stream()
                .map(w -> w.isEmpty() || w.matches(".*[\\s\"].*") ? "\"" + w.replace("\"", "\\\"") + "\"" : w)
                .toList());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
