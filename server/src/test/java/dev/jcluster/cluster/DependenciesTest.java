package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.LoadBalancedView;
import dev.jcluster.client.RemoteException;
import dev.jcluster.protocol.Result;
import dev.jcluster.server.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** after, follow and a failed prerequisite through the public API, on an in-process cluster. */
class DependenciesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aTaskRunsAfterItsPrerequisiteAndAFollowerWhereItsLeaderRan() throws Exception {
        String marker = dir.resolve("written").toString();
        try (InProcessCluster inProcess = InProcessCluster.start(2); Client c = inProcess.client()) {
            LoadBalancedView lb = c.loadBalanced();
            AsyncResult<String> writer = lb.applyAsync(() -> {
                Thread.sleep(300);
                Files.writeString(Path.of(marker), "done");
                return Thread.currentThread().getName();
            });
            AsyncResult<Boolean> reader = lb.after(writer).applyAsync(() -> Files.exists(Path.of(marker)));
            AsyncResult<String> follower = lb.follow(writer).applyAsync(() -> Thread.currentThread().getName());

            assertThat(reader.get(WAIT)).as("ran only once the file was written").isTrue();
            String leaderThread = writer.get(WAIT);
            assertThat(follower.get(WAIT)).isEqualTo(leaderThread);
            assertThat(follower.metadata().get(0).engineId()).isEqualTo(writer.metadata().get(0).engineId());
        }
    }

    @Test
    void aFailedPrerequisiteFailsItsDependentUnlessItRunsRegardless() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(1); Client c = inProcess.client()) {
            LoadBalancedView lb = c.loadBalanced();
            AsyncResult<Integer> failing = lb.applyAsync(() -> {
                throw new IllegalStateException("boom");
            });
            AsyncResult<Integer> dependent = lb.after(failing).applyAsync(() -> 1);
            AsyncResult<Integer> regardless = lb.after(failing).evenIfPrerequisitesFail().applyAsync(() -> 2);

            long failingId = failing.taskIds().get(0);
            assertThatThrownBy(() -> dependent.get(WAIT)).isInstanceOfSatisfying(RemoteException.class, e -> {
                assertThat(e.remoteClassName()).isEqualTo(Result.DEPENDENCY_ERROR);
                assertThat(e.remoteMessage()).contains("task " + failingId + " failed (error:"
                        + " java.lang.IllegalStateException: boom)");
            });
            assertThat(regardless.get(WAIT)).isEqualTo(2);
            assertThat(lb.afterTasks(failingId).evenIfPrerequisitesFail().apply(() -> 3)).isEqualTo(3);
        }
    }
}
