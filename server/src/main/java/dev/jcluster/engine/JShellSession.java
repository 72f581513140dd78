package dev.jcluster.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * The engine's REPL: one JShell whose state (variables, methods, imports) lasts between calls.
 * It executes in this JVM ("local" engine) so pushed objects are real objects, not copies made
 * through a debugger; created on first use, because JShell costs a second or two to start.
 *
 * <p>A pushed name is declared in JShell only when code is about to run: until then it waits in
 * {@link #undeclared} and a pull of it is a map look-up. Declaring is a javac run (seconds in a
 * fresh engine, whose JIT then compiles javac for seconds more), and pushes and pulls of data no
 * code has used yet (scatter, gather, parameters set ahead of a run) need none.
 */
final class JShellSession implements AutoCloseable {
    private static final String COMPILE_ERROR = "jdk.jshell.CompileError";
    /** The setter's parameter: a name no user's variable is likely to have (one that has it gets another). */
    private static final String LAMBDA_PARAMETER = "$jclusterValue";
    private final String sessionKey = UUID.randomUUID().toString();
    private final AtomicLong transfers = new AtomicLong();
    /** By variable name; used by the engine's one worker thread only. */
    private final Map<String, Accessor> accessors = new HashMap<>();
    /** Pushed, not yet declared in JShell (no code has run since), by name; the worker thread only. */
    private final Map<String, Object> undeclared = new LinkedHashMap<>();
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
        declarePushed();
        return evalDeclared(code);
    }

    private String evalDeclared(String code) throws TaskFailure {
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

    /** Binds {@code value} to {@code name}: at once if JShell has the name already, else when code next runs. */
    void push(String name, Object value) throws TaskFailure {
        if (!isIdentifier(name)) {
            throw new TaskFailure("java.lang.IllegalArgumentException", "'" + name + "' is not a Java identifier"
                    + " (or is a keyword)", "");
        }
        if (!undeclared.containsKey(name) && declaredInShell(name)) {
            bind(name, value);  // the user's code has this name: its methods see the new value now
        } else {
            undeclared.put(name, value);
        }
    }

    /** Whether JShell has been started (code ran, or a pull needed it). */
    synchronized boolean started() {
        return shell != null;
    }

    private boolean declaredInShell(String name) {
        synchronized (this) {
            if (shell == null) {
                return false;  // no JShell yet, so no declarations: not worth starting one
            }
        }
        return variable(name) != null;
    }

    /** Declares in JShell what was pushed since code last ran, in the order it came. */
    private void declarePushed() throws TaskFailure {
        var it = undeclared.entrySet().iterator();
        while (it.hasNext()) {
            var pushed = it.next();
            it.remove();
            try {
                bind(pushed.getKey(), pushed.getValue());
            } catch (TaskFailure e) {
                throw new TaskFailure(e.className, "declaring the pushed '" + pushed.getKey() + "' before this code: "
                        + e.getMessage(), e.remoteTrace);
            }
        }
    }

    /** Binds {@code value} to {@code name} in JShell, typed as its class where JShell can name that class. */
    private void bind(String name, Object value) throws TaskFailure {
        String type = typeName(value);
        VarSnippet declared = variable(name);
        if (declared == null || !declared.typeName().equals(type)) {
            // declared empty: JShell renders the value of a declaration or an assignment as text, which
            // for a 100 MB array costs seconds
            evalDeclared(type + " " + name + ";");
            declared = variable(name);
        }
        Accessor accessor = declared == null ? null : accessor(declared);
        if (accessor == null) {
            throw new TaskFailure(COMPILE_ERROR, "cannot bind a " + type + " to '" + name + "'", "");
        }
        accessor.set().accept(value);
    }

    /** Whether {@code name} has a value here, pushed or declared by code; starts no JShell. */
    boolean has(String name) {
        return undeclared.containsKey(name) || declaredInShell(name);
    }

    /** The value of a name or expression in the session. */
    Object pull(String expression) throws TaskFailure {
        if (undeclared.containsKey(expression)) {
            return undeclared.get(expression);
        }
        VarSnippet variable = isIdentifier(expression) ? variable(expression) : null;
        Accessor accessor = variable == null ? null : accessor(variable);
        if (accessor != null) {
            return accessor.get().get();
        }
        declarePushed();  // the expression may use them
        String key = sessionKey + "/" + transfers.incrementAndGet();
        try {
            evalDeclared(JShellBridge.class.getName() + ".put(\"" + key + "\", (Object) (" + expression + "));");
            if (!JShellBridge.has(key)) {
                throw new TaskFailure("java.util.NoSuchElementException", "no value for '" + expression + "'", "");
            }
            return JShellBridge.take(key);
        } finally {
            JShellBridge.take(key);
        }
    }

    /** The session's live declaration of {@code name}, or null. */
    private VarSnippet variable(String name) {
        JShell js = shell();
        return js.variables().filter(v -> v.name().equals(name) && js.status(v) == Snippet.Status.VALID)
                .findFirst().orElse(null);
    }

    /**
     * A setter and getter for one declaration, made by one eval and kept while that declaration is
     * the name's: every eval is a javac run, far dearer than a task's round trip, and a push or pull
     * of a name should cost no more than a task. A name declared
     * again is a new snippet and gets new ones. Null where JShell cannot cast to the declared type.
     */
    private Accessor accessor(VarSnippet variable) throws TaskFailure {
        Accessor known = accessors.get(variable.name());
        // by identity: a declaration that replaces another keeps its snippet id
        if (known != null && known.declaration() == variable) {
            return known;
        }
        String key = sessionKey + "/" + transfers.incrementAndGet();
        String bridge = JShellBridge.class.getName();
        String parameter = variable.name().equals(LAMBDA_PARAMETER) ? LAMBDA_PARAMETER + "_" : LAMBDA_PARAMETER;
        try {
            evalDeclared("{ " + bridge + ".put(\"" + key + "\", new Object[] {"
                    + " (java.util.function.Consumer<Object>) " + parameter + " -> " + variable.name() + " = ("
                    + variable.typeName() + ") " + parameter + ","
                    + " (java.util.function.Supplier<Object>) () -> " + variable.name() + " }); }");
        } catch (TaskFailure e) {
            JShellBridge.take(key);
            if (COMPILE_ERROR.equals(e.className)) {
                return null;  // a type JShell prints but cannot name (an anonymous class): the eval path
            }
            throw e;
        }
        Object[] made = (Object[]) JShellBridge.take(key);
        @SuppressWarnings("unchecked")
        Accessor accessor = new Accessor(variable, (Consumer<Object>) made[0],
                (Supplier<Object>) made[1]);
        accessors.put(variable.name(), accessor);
        return accessor;
    }

    private record Accessor(VarSnippet declaration, Consumer<Object> set,
                            Supplier<Object> get) {
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
        undeclared.clear();
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
            String missing = js.unresolvedDependencies((DeclarationSnippet) event.snippet())
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
        for (Class<?> common : List.of(List.class, Map.class, Set.class,
                Collection.class)) {
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

    /** A simple name that is no keyword ({@code SourceVersion.isName} would also take {@code a.b}). */
    private static boolean isIdentifier(String name) {
        return name != null && SourceVersion.isIdentifier(name)
                && !SourceVersion.isKeyword(name);
    }
}
