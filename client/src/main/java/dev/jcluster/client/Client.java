package dev.jcluster.client;

import dev.jcluster.client.internal.ClientConnection;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.DefaultSerializer;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.Note;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.TaskState;
import dev.jcluster.protocol.ValueSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a cluster, the entry point of the API. Create one per program and share it;
 * views are cheap. Several clients may use one cluster at once; each gets its own results. If the
 * controller dies and is restored from its store, the client reconnects on its own (for up to 60 s)
 * and every task it submitted still gets its one result.
 *
 * <pre>{@code
 * try (Client client = Client.connect(Path.of(System.getProperty("user.home"),
 *         ".jcluster/clusters/local-default/connection.properties"))) {
 *     List<String> hosts = client.direct().apply(() -> java.net.InetAddress.getLocalHost().getHostName());
 *     List<Integer> squares = client.loadBalanced().map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 */
public final class Client implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ClientConnection connection;
    private final Work work;

    private Client(ClientConnection connection) {
        this.connection = connection;
        this.work = new Work(connection);
    }

    /** Connects with the connection file a running cluster wrote (its folder under ~/.jcluster/clusters). */
    public static Client connect(Path connectionFile) throws IOException {
        return connect(ConnectionInfo.read(connectionFile));
    }

    public static Client connect(ConnectionInfo info) throws IOException {
        return connect(info, new DefaultSerializer(), Duration.ofSeconds(10));
    }

    public static Client connect(ConnectionInfo info, ValueSerializer serializer, Duration timeout) throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Client.class.getClassLoader();
        }
        return new Client(ClientConnection.open(info, serializer, loader, timeout));
    }

    /** All engines registered now. */
    public DirectView direct() throws IOException {
        return new DirectView(work, ids());
    }

    /** The given engines. */
    public DirectView direct(int... engineIds) {
        return new DirectView(work, Arrays.stream(engineIds).boxed().toList());
    }

    public LoadBalancedView loadBalanced() {
        return new LoadBalancedView(work, TaskOptions.DEFAULTS);
    }

    /**
     * Load balancing over these engines only (ipyparallel's {@code targets}): a task waits for one
     * of them, and fails, naming them, when none is left in the cluster.
     */
    public LoadBalancedView loadBalanced(int... engineIds) {
        if (engineIds.length == 0) {
            throw new IllegalArgumentException("no engines given: use loadBalanced() for all of them");
        }
        return new LoadBalancedView(work.onlyOn(Arrays.stream(engineIds).boxed().toList()), TaskOptions.DEFAULTS);
    }

    /** Ids of the engines registered now (lost ones excluded), ascending. */
    public List<Integer> ids() throws IOException {
        return status().engines().stream().filter(e -> e.state().live()).map(EngineInfo::id).toList();
    }

    public Status status() throws IOException {
        return ClientConnection.await(connection.status(), REQUEST_TIMEOUT);
    }

    /**
     * Tasks newest first, those in {@code state} or all when it is null; {@code engineId} -1 for any;
     * at most {@code limit}. Finished tasks come from the controller's bounded history.
     */
    public TaskList tasks(TaskState state, int engineId, int limit) throws IOException {
        return ClientConnection.await(connection.tasks(new TaskListRequest(state, engineId, limit)), REQUEST_TIMEOUT);
    }

    /** One task in full (attempts, output, remote stack trace), from any client; {@code found()} false if unknown. */
    public TaskDetail task(long id) throws IOException {
        return ClientConnection.await(connection.task(id), REQUEST_TIMEOUT);
    }

    /**
     * The value of a finished task, whichever client submitted it, by the id {@link #tasks} and
     * `jcluster tasks` show (ipyparallel's {@code get_result}). Its classes are loaded from this
     * client's class path. A task that failed throws its {@link RemoteException}. The controller
     * keeps the values of its newest tasks up to {@code controller.history-values} (32 MiB):
     * an older task's value is gone, which, like an unknown or unfinished task, is an
     * {@link IOException} saying so.
     */
    public <T> T result(long taskId) throws IOException {
        ClientConnection.Fetched f = ClientConnection.await(connection.result(taskId), REQUEST_TIMEOUT);
        if (f.outcome() == null) {
            throw new IOException(f.note());
        }
        if (f.outcome().failed()) {
            throw f.outcome().failure();
        }
        @SuppressWarnings("unchecked") T value = (T) f.outcome().value();
        return value;
    }

    /**
     * Waits until at least {@code count} engines are registered; polls the controller every 100 ms
     * up to {@code timeout}. Returns the ids.
     */
    public List<Integer> waitForEngines(int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Integer> ids = ids();
            if (ids.size() >= count) {
                return ids;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(ids.size() + " of " + count + " engines registered within " + timeout.toSeconds()
                        + " s; see the engines' logs (jcluster logs)");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100); // polling the controller, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for engines", e);
            }
        }
    }

    /** Asks the controller to stop every engine and itself. */
    public Status shutdownCluster(String reason) throws IOException {
        return ClientConnection.await(connection.shutdown(reason), REQUEST_TIMEOUT);
    }

    /**
     * Asks the controller to keep a short text under {@code key} (at most {@value Note#MAX_NOTES} notes of
     * {@value Note#MAX_TEXT} characters), in its store too, and show it in {@link #status()}; an empty
     * text removes it. The cluster supervisor keeps its scaling state so.
     */
    public Status note(String key, String text) throws IOException {
        if (text.length() > Note.MAX_TEXT) {
            throw new IllegalArgumentException("a note holds at most " + Note.MAX_TEXT + " characters, not "
                    + text.length());
        }
        return ClientConnection.await(connection.note(new Note(key, text)), REQUEST_TIMEOUT);
    }

    /** Asks the controller to stop the given engines now: a task they run fails, or is retried elsewhere. */
    public CompletableFuture<Status> stopEngines(String reason, int... ids) {
        return connection.shutdown(reason, ids);
    }

    /**
     * Asks the controller to retire the given engines without losing work: they get no more tasks,
     * give back those sent ahead that have not started, finish what runs, and then exit.
     */
    public CompletableFuture<Status> drainEngines(String reason, int... ids) {
        return connection.shutdown(new Shutdown(reason, ids, true));
    }

    @Override
    public void close() {
        connection.close();
    }
}
