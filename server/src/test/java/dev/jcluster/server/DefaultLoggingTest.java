package dev.jcluster.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The logging jcluster's processes get in code, and the logback files that take precedence over it. */
class DefaultLoggingTest {
    /** This test JVM has a logback-test.xml on its class path: a loader that does not see it. */
    private static <T> T withoutLogbackFiles(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(before) {
            @Override
            public URL getResource(String name) {
                return name.startsWith("logback") ? null : super.getResource(name);
            }
        });
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static ExecutionStatus configure(LoggerContext context) {
        return configure(context, "dev.jcluster.engine.EngineMain --controller 127.0.0.1:4000");
    }

    private static ExecutionStatus configure(LoggerContext context, String mainCommand) {
        DefaultLogging logging = new DefaultLogging(mainCommand);
        logging.setContext(context);
        return logging.configure(context);
    }

    @Test
    void withoutALogbackFileItLogsToStderrAtInfoAndQuietsNettyAndSsh() {
        LoggerContext context = new LoggerContext();
        assertThat(withoutLogbackFiles(() -> configure(context))).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class)
                .satisfies(a -> assertThat(a.isStarted()).isTrue());
        assertThat(((ConsoleAppender<?>) root.getAppender("STDERR")).getTarget()).isEqualTo("System.err");
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("net.schmizz").getLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("dev.jcluster.engine.Engine").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void theLevelComesFromJclusterLogLevel() {
        String before = System.getProperty("jcluster.log.level");
        System.setProperty("jcluster.log.level", "DEBUG");
        try {
            LoggerContext context = new LoggerContext();
            withoutLogbackFiles(() -> configure(context));
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        } finally {
            if (before == null) {
                System.clearProperty("jcluster.log.level");
            } else {
                System.setProperty("jcluster.log.level", before);
            }
        }
    }

    @Test
    void aLogbackFileOnTheClassPathWins() {
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).as("logback-test.xml is on this class path").isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }

    @Test
    void inAJvmWhereJclusterIsALibraryItLeavesLoggingToItsOwner() {
        LoggerContext context = new LoggerContext();
        assertThat(withoutLogbackFiles(() -> configure(context, "com.example.Analysis input.csv")))
                .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }
}
