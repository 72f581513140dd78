package dev.jcluster.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a controller that starts from the store finds there, after what the one before it did. */
class MvTaskStoreTest {
    @TempDir
    Path dir;

    private static Submit submit(long clientTaskId, int target, byte[] value) {
        return new Submit(clientTaskId, target, 2, 0, TaskSpec.push("x", Unpooled.wrappedBuffer(value)));
    }

    private static Result result(long clientTaskId, byte[] value) {
        return new Result(clientTaskId, 0, "host", Outcome.OK, 1, 2, 3, -1, 0, "out", "", "", "", "", List.of(),
                Unpooled.wrappedBuffer(value));
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }

    @Test
    void unfinishedTasksAndUntakenResultsOutliveTheStoreAndTakenOnesDoNot() throws IOException {
        Path file = dir.resolve("store.mv");
        byte[] big = new byte[MvTaskStore.INLINE_LIMIT + 1];
        big[big.length - 1] = 9;
        try (MvTaskStore store = MvTaskStore.open(file)) {
            store.accepted(1, "client-a", 100, submit(11, -1, new byte[] {1}));
            store.accepted(2, "client-a", 101, submit(12, 3, big));
            store.accepted(3, "client-b", 102, submit(13, -1, new byte[] {3}));
            store.accepted(4, "client-b", 103, submit(14, -1, new byte[] {4}));
            store.finished(3, "client-b", result(13, big));
            store.finished(4, "client-b", result(14, new byte[] {44}));
            store.taken(4);
            store.engineIdUsed(5);
            store.stage();
            store.commit();
        }
        try (MvTaskStore store = MvTaskStore.open(file)) {
            TaskStore.Contents c = store.contents();
            assertThat(c.tasks()).extracting(TaskStore.StoredTask::taskId).containsExactly(1L, 2L);
            TaskStore.StoredTask direct = c.tasks().get(1);
            assertThat(direct.clientUuid()).isEqualTo("client-a");
            assertThat(direct.submit().target()).isEqualTo(3);
            assertThat(direct.submit().taskId()).isEqualTo(12);
            assertThat(direct.submittedAt()).isEqualTo(101);
            assertThat(bytes(direct.submit().spec().value())).as("a large value, kept in a file of its own").isEqualTo(big);
            assertThat(c.results()).hasSize(1);
            assertThat(c.results().get(0).clientUuid()).isEqualTo("client-b");
            assertThat(c.results().get(0).result().taskId()).isEqualTo(13);
            assertThat(bytes(c.results().get(0).result().value())).isEqualTo(big);
            assertThat(c.nextTaskId()).isEqualTo(5);
            assertThat(c.nextEngineId()).as("new engines get new ids").isEqualTo(6);
            store.taken(3);
            store.finished(1, "client-a", result(11, new byte[] {1}));
            store.taken(1);
            store.finished(2, "client-a", result(12, new byte[] {2}));
            store.taken(2);
            store.stage();
            store.commit();
            assertThat(store.size()).isZero();
        }
        try (var files = Files.list(Path.of(file + ".blobs"))) {
            assertThat(files.toList()).as("value files go with their records").isEmpty();
        }
    }

    @Test
    void spilledTasksComeBackOldestFirstAndStaySpilledAcrossARestart() throws IOException {
        Path file = dir.resolve("store.mv");
        try (MvTaskStore store = MvTaskStore.open(file)) {
            for (long id = 1; id <= 5; id++) {
                store.accepted(id, "c", id, submit(100 + id, -1, new byte[] {(byte) id}));
                store.spill(id, "c", 100 + id);
            }
            assertThat(store.isSpilled("c", 103)).isTrue();
            assertThat(store.unspill("c", 103).taskId()).as("a cancel takes it out").isEqualTo(3);
            assertThat(store.unspill(1)).extracting(TaskStore.StoredTask::taskId).containsExactly(1L);
            store.stage();
            store.commit();
        }
        try (MvTaskStore store = MvTaskStore.open(file)) {
            TaskStore.Contents c = store.contents();
            assertThat(c.spilled()).isEqualTo(3);
            assertThat(c.tasks()).extracting(TaskStore.StoredTask::taskId).containsExactly(1L, 3L);
            assertThat(store.unspill(10)).extracting(TaskStore.StoredTask::taskId).containsExactly(2L, 4L, 5L);
        }
    }

    @Test
    void recordsNotYetStagedAreReadAndForgottenAsStagedOnesAre() throws IOException {
        Path file = dir.resolve("store.mv");
        byte[] big = new byte[MvTaskStore.INLINE_LIMIT + 1];
        big[0] = 5;
        try (MvTaskStore store = MvTaskStore.open(file)) {
            store.accepted(1, "c", 100, submit(11, -1, new byte[] {7}));
            assertThat(store.unsaved()).isTrue();
            assertThat(bytes(store.taskValue(1))).containsExactly(7);
            store.finished(1, "c", result(11, big));
            assertThat(store.taskValue(1)).as("a finished task's record goes").isNull();
            assertThat(bytes(store.result(1).value())).isEqualTo(big);
            assertThat(store.size()).isEqualTo(1);
            store.taken(1);
            assertThat(store.result(1)).isNull();
            assertThat(store.size()).isZero();

            store.accepted(2, "c", 101, submit(12, -1, new byte[] {8}));
            store.stage();
            store.finished(2, "c", result(12, new byte[] {9}));  // a staged task, a result not yet staged
            assertThat(store.taskValue(2)).isNull();
            assertThat(bytes(store.result(2).value())).containsExactly(9);
            store.accepted(3, "c", 102, submit(13, -1, new byte[] {3}));
            store.stage();
            store.commit();
        }
        try (MvTaskStore store = MvTaskStore.open(file)) {
            TaskStore.Contents c = store.contents();
            assertThat(c.tasks()).extracting(TaskStore.StoredTask::taskId).containsExactly(3L);
            assertThat(c.results()).extracting(r -> r.result().taskId()).containsExactly(12L);
        }
        try (var files = Files.list(Path.of(file + ".blobs"))) {
            assertThat(files.toList()).as("a large result taken before any commit leaves no file").isEmpty();
        }
    }

    @Test
    void aCommittedStoreHasNothingUnsavedUntilSomethingChanges() throws IOException {
        // an always-unsaved store makes the commit thread commit without end: a third of the task rate
        try (MvTaskStore store = MvTaskStore.open(dir.resolve("store.mv"))) {
            store.commit();
            assertThat(store.unsaved()).isFalse();
            store.note("adapt", "{}");
            assertThat(store.unsaved()).isTrue();
            store.commit();
            assertThat(store.unsaved()).as("after a note").isFalse();
        }
    }

    @Test
    void notesOutliveTheStoreAndAnEmptyTextRemovesOne() throws IOException {
        Path file = dir.resolve("store.mv");
        try (MvTaskStore store = MvTaskStore.open(file)) {
            store.note("adapt", "{\"failures\":2}");
            store.note("other", "x");
            store.note("other", "");
            store.commit();
        }
        try (MvTaskStore store = MvTaskStore.open(file)) {
            assertThat(store.contents().notes()).containsExactly(Map.entry("adapt", "{\"failures\":2}"));
        }
    }

    @Test
    void aSecondControllerCannotOpenAStoreInUse() throws IOException {
        Path file = dir.resolve("store.mv");
        try (MvTaskStore first = MvTaskStore.open(file)) {
            assertThatThrownBy(() -> MvTaskStore.open(file)).isInstanceOf(IOException.class)
                    .hasMessageContaining("another controller");
        }
    }

    @Test
    void damagedRecordsAreSetAsideNamedAndTheRestRestored() throws IOException {
        Path file = dir.resolve("store.mv");
        try (MvTaskStore store = MvTaskStore.open(file)) {
            for (long id = 1; id <= 4; id++) {
                store.accepted(id, "client-a", 100 + id, submit(10 + id, -1, new byte[] {(byte) id}));
            }
            store.finished(4, "client-a", result(14, new byte[] {44}));
            store.stage();
            store.commit();
        }
        // what a disk error or a stray write leaves: a task record cut after its client's task id, a
        // task record that is noise, and a result record cut short
        try (org.h2.mvstore.MVStore raw = new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).open()) {
            org.h2.mvstore.MVMap<Long, byte[]> tasks = raw.openMap("tasks");
            byte[] two = tasks.get(2L);
            tasks.put(2L, java.util.Arrays.copyOf(two, two.length - 6));
            tasks.put(3L, new byte[] {0, 0, 0, 1, 7});
            org.h2.mvstore.MVMap<Long, byte[]> results = raw.openMap("results");
            results.put(4L, java.util.Arrays.copyOf(results.get(4L), 12));
            raw.commit();
        }
        try (MvTaskStore store = MvTaskStore.open(file)) {
            TaskStore.Contents c = store.contents();
            assertThat(c.tasks()).extracting(TaskStore.StoredTask::taskId).as("the rest is restored").containsExactly(1L);
            assertThat(c.results()).as("the client of a task whose record still names it hears why")
                    .singleElement().satisfies(r -> {
                        assertThat(r.clientUuid()).isEqualTo("client-a");
                        assertThat(r.result().taskId()).isEqualTo(12);
                        assertThat(r.result().errorClass()).isEqualTo("dev.jcluster.StoreDamagedException");
                        assertThat(r.result().errorMessage()).contains("task 12 could not be restored");
                    });
        }
        Path quarantine = Path.of(file + ".quarantine");
        try (var files = Files.list(quarantine)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("result-4.bin", "task-2.bin", "task-3.bin");
        }
        try (MvTaskStore store = MvTaskStore.open(file)) {
            assertThat(store.contents().tasks()).as("set aside once, not met again").extracting(TaskStore.StoredTask::taskId)
                    .containsExactly(1L);
        }
    }
}
