package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.RefusalLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Peers that connect and say nothing cannot grow the controller's descriptors or heap without
 * bound: past {@code maxConnectionsBeforeHello} a new connection is closed at once.
 */
class ControllerBoundsTest {
    private static final int SILENT = 5_000;
    private static final int CAP = 1_024;

    @Test
    void fiveThousandSilentConnectionsAreHeldToTheCap() throws Exception {
        try (Controller controller = Controller.start(ControllerConfig.builder(ClusterKey.random()).clusterId("bounds")
                .maxConnectionsBeforeHello(CAP).build())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1",
                    controller.connectionInfo().addresses().get(0).getPort());
            long fdsBefore = openDescriptors();
            long heapBefore = usedHeapAfterGc();
            List<SocketChannel> silent = new ArrayList<>(SILENT);
            try {
                for (int i = 0; i < SILENT; i++) {
                    silent.add(SocketChannel.open(address));
                }
                // each connection the controller keeps sent its 16-byte nonce; one it closed at once reads end of stream
                int kept = 0;
                for (SocketChannel c : silent) {
                    if (readsNonce(c)) {
                        kept++;
                    }
                }
                long fdsDuring = openDescriptors() - fdsBefore;
                long heapGrowth = usedHeapAfterGc() - heapBefore;
                RefusalLog refusals = controller.refusals();
                System.out.printf("silent: %d connected, %d kept by the controller, %d descriptors more in this JVM"
                        + " (both ends), heap +%d KiB, %d refused%n", SILENT, kept, fdsDuring, heapGrowth >> 10,
                        refusals.peersRefused());
                assertThat(kept).as("connections the controller keeps before a hello").isLessThanOrEqualTo(CAP)
                        .isGreaterThan(0);
                assertThat(refusals.peersRefused()).as("the rest, refused and counted").isGreaterThanOrEqualTo(SILENT - CAP);
                assertThat(fdsDuring).as("descriptors: the test's ends, and the controller's up to the cap")
                        .isLessThanOrEqualTo(SILENT + CAP + 64);
                assertThat(heapGrowth).as("controller heap for them (and the test's channels)")
                        .isLessThan(64L << 20);
            } finally {
                for (SocketChannel c : silent) {
                    c.close();
                }
            }
            try (Client c = Client.connect(controller.connectionInfo())) {
                assertThat(c.status().clusterId()).as("a real client is served after the flood").isEqualTo("bounds");
            }
        }
    }

    private static boolean readsNonce(SocketChannel c) throws IOException {
        ByteBuffer nonce = ByteBuffer.allocate(16);
        c.socket().setSoTimeout(10_000);
        while (nonce.hasRemaining()) {
            if (c.socket().getInputStream().read() < 0) {
                return false;
            }
            nonce.put((byte) 0);
        }
        return true;
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
