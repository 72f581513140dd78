package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web dashboard of a real local cluster, in Debian's Chromium driven by Selenium: it shows the
 * engines, a running map moves its counters and task stream, a failed task opens to its stack trace,
 * and a request without the token is refused. Screenshots go to target/dashboard/.
 */
class DashboardIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SHOTS = Path.of("target/dashboard");

    @RegisterExtension
    final InstalledCommand installed = new InstalledCommand();
    private Process dashboard;
    private WebDriver browser;

    @AfterEach
    void closeBrowserAndDashboard() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.destroy();
            assertThat(dashboard.waitFor(20, TimeUnit.SECONDS)).as("the dashboard ends on SIGTERM").isTrue();
        }
    }

    @Test
    void thePageShowsTheEnginesFollowsAMapOpensAFailureAndRefusesAWrongToken() throws Exception {
        browser = chromium();
        JclusterCommand jcluster = installed.jcluster();
        var start = jcluster.run("start", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();

        dashboard = jcluster.builder("dashboard", "--port", "0").redirectErrorStream(true).start();
        String url = urlPrintedBy(dashboard);
        assertThat(url).startsWith("http://127.0.0.1:").contains("/?token=");
        String base = url.substring(0, url.indexOf("/?token="));
        assertThat(Files.readString(jcluster.home().resolve("clusters/local-default/dashboard.url")).strip())
                .isEqualTo(url);

        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, base + "/?token=wrong")).as("a wrong token").isEqualTo(403);
        assertThat(get(http, base + "/events")).as("no token").isEqualTo(403);
        assertThat(get(http, base + "/app.js")).as("no token, a file").isEqualTo(403);

        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        browser.get(base + "/?token=nope");
        assertThat(browser.getPageSource()).contains("403: this dashboard needs its token");

        browser.get(url);
        wait.until(d -> d.findElements(By.cssSelector("#engine-table tbody tr")).size() == 2);
        assertThat(browser.getCurrentUrl()).as("the token left the address bar for a cookie").doesNotContain("token");
        assertThat(browser.findElement(By.id("engines-count")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
        shot("1-engines");

        Path connection = jcluster.home().resolve("clusters/local-default/connection.properties");
        try (Client c = Client.connect(connection)) {
            AsyncResult<List<Integer>> map = c.loadBalanced().mapAsync(i -> {
                Thread.sleep(40);
                return i;
            }, IntStream.range(0, 300).boxed().toList());
            AsyncResult<Object> bad = c.loadBalanced().applyAsync(() -> {
                throw new IllegalStateException("bad input 42");
            });
            // the counters and the stream move while the map runs, pushed, without a reload
            wait.until(d -> number(d, "completed") > 0 && number(d, "completed") < 300);
            wait.until(d -> Integer.parseInt(d.findElement(By.id("stream")).getAttribute("data-bars")) > 0);
            shot("2-running");
            assertThat(map.get(WAIT)).hasSize(300);
            assertThatThrownBy(() -> bad.get(WAIT)).isInstanceOf(RemoteException.class);
        }
        wait.until(d -> number(d, "completed") >= 300 && number(d, "failed") == 1);
        wait.until(d -> Integer.parseInt(d.findElement(By.id("stream")).getAttribute("data-bars")) >= 250);
        shot("3-done");

        // the list is redrawn when a failure comes in: a click may meet an element just replaced
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#failure-list li[data-task]")).click();
            return true;
        });
        wait.until(d -> d.findElement(By.id("detail")).isDisplayed()
                && d.findElement(By.id("detail-trace")).getText().contains("IllegalStateException"));
        assertThat(browser.findElement(By.id("detail-message")).getText()).contains("bad input 42");
        assertThat(browser.findElement(By.id("detail-trace")).getText()).contains("at ");
        shot("4-failure");

        var stop = jcluster.run("stop");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(dashboard.waitFor(30, TimeUnit.SECONDS)).as("the dashboard ends when the cluster stops").isTrue();
        assertThat(jcluster.home().resolve("clusters/local-default/dashboard.url")).doesNotExist();
    }

    @Test
    void aProfileWithTheDashboardOnHasStartServeItAndStopEndIt() throws Exception {
        JclusterCommand jcluster = installed.jcluster();
        jcluster.userProfile("watched", "controller:\n  dashboard: true\n");
        var start = jcluster.run("start", "--profile", "watched", "-n", "1", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        String url = start.out().lines().filter(l -> l.contains("dashboard:")).map(l -> l.replaceAll(".*(http\\S+).*", "$1"))
                .findFirst().orElseThrow();
        assertThat(url).startsWith("http://127.0.0.1:").contains("/?token=");
        assertThat(jcluster.run("status", "--profile", "watched").out()).contains("dashboard: " + url);

        String base = url.substring(0, url.indexOf("/?token="));
        String token = url.substring(url.indexOf("token=") + 6);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Cookie", "jcluster-dashboard=" + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>jcluster dashboard</title>");
        assertThat(jcluster.launched()).extracting(l -> l.role()).contains("dashboard");

        var stop = jcluster.run("stop", "--profile", "watched");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).as("the dashboard stopped with the cluster").isEmpty();
    }

    @Test
    void scalingDecisionsAndEnginesJoiningAndLeavingShowAsEvents() throws Exception {
        browser = chromium();
        JclusterCommand jcluster = installed.jcluster();
        jcluster.userProfile("elastic", "adapt:\n  min: 1\n  max: 2\n  idle: 3s\n  interval: 1s\n");
        var start = jcluster.run("start", "--profile", "elastic", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        dashboard = jcluster.builder("dashboard", "--profile", "elastic", "--port", "0").redirectErrorStream(true)
                .start();
        browser.get(urlPrintedBy(dashboard));
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        wait.until(d -> d.findElements(By.cssSelector("#engine-table tbody tr")).size() == 1);

        Path connection = jcluster.home().resolve("clusters/elastic-default/connection.properties");
        try (Client c = Client.connect(connection)) {
            c.loadBalanced().map(i -> {
                Thread.sleep(300);
                return i;
            }, IntStream.range(0, 40).boxed().toList());
        }
        wait.until(d -> events(d).contains("adding 1 (") && events(d).contains(" joined"));
        assertThat(browser.findElement(By.id("adapt")).getText()).startsWith("adapt 1..2: ");
        wait.until(d -> events(d).contains("idle 3s, draining") && events(d).contains(" left"));
        shot("5-events");

        var stop = jcluster.run("stop", "--profile", "elastic");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(dashboard.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static String events(WebDriver d) {
        return d.findElement(By.id("event-list")).getText();
    }

    private static String urlPrintedBy(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.strip().startsWith("http://")) {
                        return line.strip();
                    }
                }
                return "";
            } catch (java.io.IOException e) {
                return "";
            }
        });
        return url.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long number(WebDriver d, String id) {
        String text = d.findElement(By.id(id)).getText().replace(",", "");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    /** Chromium and its driver come from test-cluster/setup.sh: required where CI ran it, else the test is skipped. */
    private static WebDriver chromium() {
        Path binary = Path.of(System.getProperty("jcluster.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("jcluster.chromedriver", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(binary) && Files.isExecutable(driver);
        String missing = binary + " or " + driver + " is missing; `bash test-cluster/setup.sh` (as root) installs them";
        if ("1".equals(System.getenv("JCLUSTER_REQUIRE_SCHEDULERS"))) {
            assertThat(present).as(missing).isTrue();
        }
        assumeTrue(present, missing);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void shot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
    }
}
