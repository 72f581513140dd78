package dev.jcluster.launcher.launch;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a jcluster JVM (controller or engine), from this installation's own class path. */
final class JavaCommand {
    private JavaCommand() {
    }

    /** This installation's class path, then {@code extraClasspath}: one entry each. */
    static List<String> classPath(List<String> extraClasspath) {
        List<String> cp = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        cp.addAll(extraClasspath);
        return cp;
    }

    static List<String> of(List<String> jvmOptions, List<String> extraClasspath, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Djcluster.log.level=INFO");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath(extraClasspath)));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
