package dev.jcluster.bench;

import dev.jcluster.client.Client;
import dev.jcluster.launcher.dashboard.Dashboard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The web dashboard watching a bench cluster with one page open on it (its event stream read and
 * dropped, as a browser would draw it): what having it open costs the controller.
 */
final class OpenDashboard implements AutoCloseable {
    private final Client watcher;
    private final Dashboard dashboard;
    private final CompletableFuture<HttpResponse<Void>> page;

    OpenDashboard(BenchCluster cluster) throws IOException {
        this.watcher = cluster.client();
        this.dashboard = Dashboard.start(watcher, "bench", "127.0.0.1", 0, System.err::println);
        String url = dashboard.url("127.0.0.1");
        String token = url.substring(url.indexOf("token=") + 6);
        HttpRequest events = HttpRequest.newBuilder(URI.create(url.substring(0, url.indexOf("/?")) + "/events"))
                .header("Cookie", "jcluster-dashboard=" + token).build();
        this.page = HttpClient.newHttpClient().sendAsync(events, HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        page.cancel(true);
        dashboard.close();
        watcher.close();
    }
}
