package dev.jcluster.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The engine's REPL: one JShell whose state (variables, methods, imports) lasts between calls.
 * It executes in this JVM ("local" engine) so pushed objects are real objects, not copies made
 * through a debugger; created on first use, because JShell costs a second or two to start.
 */
final class JShellSession implements AutoCloseable {
    private final String sessionKey = UUID.randomUUID().toString();
    private final AtomicLong transfers = new AtomicLong();
    private JShell shell;

    private synchronized JShell shell() {
        if (shell == null) {
            shell = JShell.builder().executionEngine("local").build();
            String classPath = System.getProperty("java.class.path", "");
            if (!classPath.isEmpty()) {
                shell.addToClasspath(classPath);
            }
        }
        return shell;
    }

    /** Runs every snippet of {@code code}; returns the value of the last one that has a value. */
    String eval(String code) throws TaskFailure {
        JShell js = shell();
        SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
        String remaining = code;
        String lastValue = "";
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                throw new TaskFailure("jdk.jshell.IncompleteSnippet", "incomplete code: " + remaining.strip(), "");
            }
            for (SnippetEvent event : js.eval(info.source())) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                check(js, event);
                if (event.value() != null) {
                    lastValue = event.value();
                }
            }
            remaining = info.remaining();
        }
        return lastValue;
    }

    /** Binds {@code value} to {@code name}, typed as its class where JShell can name that class. */
    void push(String name, Object value) throws TaskFailure {
        if (!isIdentifier(name)) {
            throw new TaskFailure("java.lang.IllegalArgumentException", "'" + name + "' is not a Java identifier", "");
        }
        String key = sessionKey + "/" + transfers.incrementAndGet();
        JShellBridge.put(key, value);
        try {
            String type = typeName(value);
            // declared empty, then assigned inside a block: JShell renders the value of a declaration
            // or an assignment as text, which for a 100 MB array costs seconds. Each eval is a javac
            // run: a name pushed again with the same type keeps its declaration.
            JShell js = shell();
            boolean declared = js.variables().anyMatch(v -> v.name().equals(name) && v.typeName().equals(type)
                    && js.status(v) == Snippet.Status.VALID);
            if (!declared) {
                eval(type + " " + name + ";");
            }
            eval("{ " + name + " = (" + type + ") " + JShellBridge.class.getName() + ".take(\"" + key + "\"); }");
        } finally {
            JShellBridge.take(key);
        }
    }

    /** The value of a name or expression in the session. */
    Object pull(String expression) throws TaskFailure {
        String key = sessionKey + "/" + transfers.incrementAndGet();
        try {
            eval(JShellBridge.class.getName() + ".put(\"" + key + "\", (Object) (" + expression + "));");
            if (!JShellBridge.has(key)) {
                throw new TaskFailure("java.util.NoSuchElementException", "no value for '" + expression + "'", "");
            }
            return JShellBridge.take(key);
        } finally {
            JShellBridge.take(key);
        }
    }

    /** Stops the snippet running now, if any (timeout or cancel). */
    void stopRunning() {
        JShell js;
        synchronized (this) {
            js = shell;
        }
        if (js != null) {
            js.stop();
        }
    }

    @Override
    public synchronized void close() {
        if (shell != null) {
            shell.close();
            shell = null;
        }
    }

    private static void check(JShell js, SnippetEvent event) throws TaskFailure {
        if (event.status() == Snippet.Status.REJECTED) {
            List<Diag> diags = js.diagnostics(event.snippet()).toList();
            String text = diags.isEmpty() ? "snippet rejected: " + event.snippet().source().strip()
                    : diags.stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; "));
            throw new TaskFailure("jdk.jshell.CompileError", text, "");
        }
        if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED
                || event.status() == Snippet.Status.RECOVERABLE_DEFINED) {
            String missing = js.unresolvedDependencies((jdk.jshell.DeclarationSnippet) event.snippet())
                    .collect(Collectors.joining(", "));
            if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                throw new TaskFailure("jdk.jshell.CompileError", "cannot find symbol: " + missing, "");
            }
        }
        JShellException e = event.exception();
        if (e != null) {
            String className = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
            StringWriter trace = new StringWriter();
            PrintWriter pw = new PrintWriter(trace);
            pw.println(className + ": " + e.getMessage());
            for (StackTraceElement el : e.getStackTrace()) {
                pw.println("\tat " + el);
            }
            throw new TaskFailure(className, e.getMessage(), trace.toString());
        }
    }

    /** A type JShell can name for the value: its class, else a common interface or public superclass. */
    private static String typeName(Object value) {
        if (value == null) {
            return "Object";
        }
        if (nameable(value.getClass())) {
            return value.getClass().getCanonicalName();
        }
        for (Class<?> common : List.of(java.util.List.class, java.util.Map.class, java.util.Set.class,
                java.util.Collection.class)) {
            if (common.isInstance(value)) {
                return common.getCanonicalName();
            }
        }
        for (Class<?> c = value.getClass().getSuperclass(); c != null; c = c.getSuperclass()) {
            if (nameable(c)) {
                return c.getCanonicalName();
            }
        }
        return "Object";
    }

    private static boolean nameable(Class<?> c) {
        Class<?> element = c;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive()) {
            return true;
        }
        ClassLoader loader = element.getClassLoader();
        return Modifier.isPublic(element.getModifiers()) && element.getCanonicalName() != null
                && (loader == null || loader == ClassLoader.getSystemClassLoader()
                || loader == ClassLoader.getPlatformClassLoader());
    }

    private static boolean isIdentifier(String name) {
        if (name == null || name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
