package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A value over the controller's limit: one failure for its caller, and nothing of it handed to the store. */
class SizeLimitsTest {
    @Test
    void aValueOverTheControllersLimitFailsItsTaskAndNeverReachesTheStore() throws Exception {
        List<Long> storedValues = new ArrayList<>();
        TaskStore none = TaskStore.none();
        // the store as the controller sees it, noting the size of every value it is given to keep
        TaskStore recording = (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(),
                new Class<?>[] {TaskStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("accepted")) {
                        storedValues.add((long) ((Submit) args[3]).spec().value().readableBytes());
                    }
                    try {
                        return method.invoke(none, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (Harness h = new Harness(recording, b -> b.maxValueBytes(100_000))) {
            Harness.Peer client = h.client();
            h.dispatcher.submit(client.client, Harness.withValue(1, 300_000));
            h.dispatcher.submit(client.client, Harness.withValue(2, 1_000));
            h.dispatcher.flush();

            List<Result> results = client.received(Result.class);
            assertThat(results).extracting(Result::taskId).containsExactly(1L);
            assertThat(results.get(0).errorClass()).isEqualTo(Result.VALUE_TOO_LARGE);
            assertThat(results.get(0).errorMessage()).contains("300,000").contains("100,000");
            assertThat(h.dispatcher.queries().status().queued()).as("the task within the limit waits for an engine")
                    .isEqualTo(1);
            assertThat(storedValues).as("values handed to the store").containsExactly(1_000L);
        }
    }
}
