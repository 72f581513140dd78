package com.example.quickstart;

import dev.jcluster.client.Client;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Connects to a running cluster, asks every engine where it runs, then load-balances 100 tasks.
 * The lambdas' classes are not copied anywhere: engines fetch them from this program on demand.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path connection = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("user.home"), ".jcluster/clusters/local-default/connection.properties");
        try (Client client = Client.connect(connection)) {
            List<String> engines = client.direct().apply(() ->
                    InetAddress.getLocalHost().getHostName() + " pid " + ProcessHandle.current().pid());
            engines.forEach(e -> System.out.println("engine on " + e));

            List<Long> squares = client.loadBalanced().map(x -> (long) x * x,
                    IntStream.rangeClosed(1, 100).boxed().toList());
            long sum = squares.stream().mapToLong(Long::longValue).sum();
            System.out.println("sum of the squares of 1..100, computed on " + engines.size() + " engines: " + sum);
        }
    }
}
