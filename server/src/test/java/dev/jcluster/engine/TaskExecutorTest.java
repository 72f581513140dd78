package dev.jcluster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.protocol.DefaultSerializer;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.TaskSpec;
import io.netty.buffer.ByteBufAllocator;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A task still running when the engine's session with its controller ends must not have its result
 * sent on the next session: a controller restarted from its store may have given the task's id to
 * another task by then, which would get this one's result.
 */
class TaskExecutorTest {
    private static final CountDownLatch STARTED = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Waits, inside the engine, until the test lets it go. */
    static final class Held implements Callable<String>, Serializable {
        @Override
        public String call() throws InterruptedException {
            STARTED.countDown();
            RELEASE.await(30, TimeUnit.SECONDS);
            return "old session";
        }
    }

    static final class Answer implements Callable<String>, Serializable {
        @Override
        public String call() {
            return "new session";
        }
    }

    @Test
    void aResultOfATaskFromASessionThatEndedIsNotSentOnTheNextOne() throws Exception {
        DefaultSerializer serializer = new DefaultSerializer();
        BlockingQueue<Result> sent = new LinkedBlockingQueue<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        TaskExecutor executor = new TaskExecutor(0, "here", serializer, uuid -> getClass().getClassLoader(), null,
                new TaskExecutor.ResultSink() {
                    @Override
                    public void send(Result result, String clientUuid, boolean more) {
                        sent.add(result);
                    }

                    @Override
                    public void output(Output line) {
                    }

                    @Override
                    public void workerStuck(Result stopped, List<Dispatch> unstarted) {
                    }
                }, timer, Duration.ofSeconds(5));
        try {
            executor.submit(new Dispatch(7, "client", 1, 0,
                    TaskSpec.java(serializer.encode(new Held(), ByteBufAllocator.DEFAULT))));
            assertThat(STARTED.await(30, TimeUnit.SECONDS)).as("task 7 started").isTrue();
            executor.dropQueued();  // the session ended while task 7 ran
            RELEASE.countDown();
            executor.submit(new Dispatch(7, "client", 1, 0,
                    TaskSpec.java(serializer.encode(new Answer(), ByteBufAllocator.DEFAULT))));

            Result first = sent.poll(30, TimeUnit.SECONDS);
            assertThat(first).as("a result within 30 s").isNotNull();
            assertThat(serializer.decode(first.value(), getClass().getClassLoader()))
                    .as("the first result sent is the new session's task 7, not the old one's").isEqualTo("new session");
            first.release();
            assertThat(sent).isEmpty();
        } finally {
            RELEASE.countDown();
            executor.close();
            timer.shutdownNow();
        }
    }
}
