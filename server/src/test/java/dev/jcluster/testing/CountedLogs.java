package dev.jcluster.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import dev.jcluster.protocol.RefusalLog;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * Counts what this JVM logs while it is open, in place of printing it: fuzz tests send a controller
 * in this JVM many thousands of refusals, which belong in counters, not in the build's log.
 */
public final class CountedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final LongAdder refusalLines = new LongAdder();
    private final LongAdder otherWarnings = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Appender<ILoggingEvent> console;

    private CountedLogs() {
        console = root.getAppender("STDERR");
    }

    /** From now on, lines are counted and the console appender is detached, until {@link #close()}. */
    public static CountedLogs counting() {
        CountedLogs logs = new CountedLogs();
        logs.start();
        logs.root.addAppender(logs);
        if (logs.console != null) {
            logs.root.detachAppender(logs.console);
        }
        return logs;
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
            errors.increment();
        } else if (e.getLoggerName().equals(RefusalLog.class.getName())) {
            refusalLines.increment();
        } else if (e.getLevel() == Level.WARN) {
            otherWarnings.increment();
        }
    }

    /** Lines the refusal log wrote. */
    public long refusalLines() {
        return refusalLines.sum();
    }

    public long otherWarnings() {
        return otherWarnings.sum();
    }

    public long errors() {
        return errors.sum();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        if (console != null) {
            root.addAppender(console);
        }
        stop();
    }
}
