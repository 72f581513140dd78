package dev.jcluster.launcher.launch;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a jcluster JVM (controller or engine), from this installation's own class path. */
final class JavaCommand {
    private JavaCommand() {
    }

    static List<String> of(List<String> jvmOptions, List<String> extraClasspath, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Djcluster.log.level=INFO");
        List<String> cp = new ArrayList<>(extraClasspath);
        cp.add(0, System.getProperty("java.class.path"));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
