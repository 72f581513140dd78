package dev.jcluster.launcher.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * What the console completes: its own commands at the start of a line, and in code the Java
 * keywords and common types plus every name the session's snippets declared (variables,
 * methods, classes), which live on the engines.
 */
final class ConsoleNames implements Completer {
    static final List<String> COMMANDS = List.of("/targets", "/timeout", "/engines", "/help", "/exit");
    private static final List<String> JAVA = List.of("var", "int", "long", "double", "float", "boolean", "char",
            "byte", "short", "void", "new", "return", "if", "else", "for", "while", "do", "switch", "case", "break",
            "continue", "try", "catch", "finally", "throw", "class", "record", "interface", "enum", "import",
            "static", "final", "public", "private", "null", "true", "false", "this", "instanceof",
            "String", "Integer", "Long", "Double", "Math", "System.out.println", "List.of", "Map.of", "Arrays",
            "Runtime.getRuntime()", "Runtime.version()", "ProcessHandle.current().pid()", "Thread.currentThread()");
    /** "int x =", "var data =", "double[] v =", "String name(" and "class Fit" declare a name. */
    private static final Pattern DECLARED = Pattern.compile(
            "(?:\\b(?:class|record|interface|enum)\\s+([A-Za-z_$][\\w$]*))"
                    + "|(?:\\b[A-Za-z_$][\\w$.<>,\\[\\]]*\\s+([A-Za-z_$][\\w$]*)\\s*(?:=|\\(|;))");

    private final Set<String> declared = new ConcurrentSkipListSet<>();

    /** Notes the names {@code snippet} declares. */
    void learnFrom(String snippet) {
        Matcher m = DECLARED.matcher(snippet);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (!JAVA.contains(name)) {
                declared.add(name);
            }
        }
    }

    Set<String> declared() {
        return new TreeSet<>(declared);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0 && line.word().startsWith("/")) {
            COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        declared.forEach(n -> candidates.add(new Candidate(n, n, "session", null, null, null, true)));
        JAVA.forEach(k -> candidates.add(new Candidate(k)));
    }
}
