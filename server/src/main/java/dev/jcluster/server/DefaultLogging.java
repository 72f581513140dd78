package dev.jcluster.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * Logging for jcluster's own processes, whose main class is one of jcluster's (they log to stderr,
 * which the launcher points at the cluster folder's log files). In any other JVM, where
 * jcluster is a library (a client program, or {@link InProcessCluster}), it does nothing: that
 * JVM's logging is its owner's. Set in code rather than by a logback.xml in the jar: reading one
 * loads logback's configuration model and an XML parser, about 650 classes and a fifth of a
 * second of every engine's start here. A logback file on the class path, or
 * {@code -Dlogback.configurationFile}, still wins. {@code -Djcluster.log.level=DEBUG} for more.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    private static final List<String> FILES = List.of("logback-test.xml", "logback.xml");

    private final String mainCommand;

    /** Asked by logback's service loader: the JVM's own main class decides. */
    public DefaultLogging() {
        this(System.getProperty("sun.java.command", ""));
    }

    DefaultLogging(String mainCommand) {
        this.mainCommand = mainCommand;
    }

    /** Whether this JVM is one of jcluster's processes (its main class is jcluster's) or asks to be treated as one. */
    boolean jclusterProcess() {
        return mainCommand.startsWith("dev.jcluster.") || "default".equals(System.getProperty("jcluster.logging"));
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!jclusterProcess() || System.getProperty("logback.configurationFile") != null
                || FILES.stream().anyMatch(DefaultLogging::onClassPath)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("jcluster.log.level"), Level.INFO));
        root.addAppender(stderr);
        context.getLogger("io.netty").setLevel(Level.WARN);
        // SSHJ reports each failure as an ERROR with a stack trace; jcluster says what failed in its own words
        Level ssh = Level.toLevel(System.getProperty("jcluster.ssh.log.level"), Level.OFF);
        context.getLogger("net.schmizz").setLevel(ssh);
        context.getLogger("com.hierynomus").setLevel(ssh);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean onClassPath(String file) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return (loader != null ? loader : DefaultLogging.class.getClassLoader()).getResource(file) != null;
    }
}
