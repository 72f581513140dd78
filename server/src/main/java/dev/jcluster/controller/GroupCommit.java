package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits of the task store on a thread of their own, one at a time: a commit writes a chunk to
 * the file, and on the event loop it would hold up every engine and client for that long. What
 * must wait for a commit (telling clients their tasks are accepted) runs back on the event loop
 * once the commit that covers it is done. Requests that come while a commit runs share the next.
 * Called on the event loop only.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final TaskStore store;
    private final ScheduledExecutorService eventLoop;
    private final ExecutorService writer;
    private List<Runnable> waitingForNext = new ArrayList<>();
    private boolean running;

    GroupCommit(TaskStore store, ScheduledExecutorService eventLoop) {
        this.store = store;
        this.eventLoop = eventLoop;
        this.writer = store.durable()
                ? Executors.newSingleThreadExecutor(new DefaultThreadFactory("jcluster-store", true)) : null;
    }

    /** Commits everything changed so far, then runs {@code afterwards} on the event loop. */
    void commit(Runnable afterwards) {
        if (writer == null) {
            afterwards.run();  // nothing to wait for
            return;
        }
        waitingForNext.add(afterwards);
        if (!running) {
            start();
        }
    }

    private void start() {
        List<Runnable> batch = waitingForNext;
        waitingForNext = new ArrayList<>();
        running = true;
        store.stage();
        writer.execute(() -> {
            try {
                store.commit();
            } catch (RuntimeException e) {
                // acceptances wait for the next commit that succeeds; the store says why this one did not
                log.error("committing the task store failed (trying again in 1 s): {}", e.toString());
                eventLoop.execute(() -> {
                    running = false;
                    waitingForNext.addAll(0, batch);
                });
                eventLoop.schedule(() -> {
                    if (!running && !waitingForNext.isEmpty()) {
                        start();
                    }
                }, 1, TimeUnit.SECONDS);
                return;
            }
            eventLoop.execute(() -> {
                running = false;
                batch.forEach(Runnable::run);
                if (!waitingForNext.isEmpty()) {
                    start();
                }
            });
        });
    }

    /** Waits for a commit under way; the store is closed after this. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
