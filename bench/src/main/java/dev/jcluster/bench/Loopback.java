package dev.jcluster.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/** The floor: a minimal Java socket ping-pong and stream on loopback, nothing else in the way. */
final class Loopback {
    private Loopback() {
    }

    /** Median round trip of one byte, microseconds. */
    static double roundTripMicros(int count) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(b);
                    }
                } catch (IOException e) {
                    // the client closed
                }
            }, "loopback-echo");
            echo.start();
            long[] samples = new long[count];
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                c.setTcpNoDelay(true);
                OutputStream out = c.getOutputStream();
                InputStream in = c.getInputStream();
                for (int i = 0; i < count + 2000; i++) {
                    long t = System.nanoTime();
                    out.write(1);
                    if (in.read() < 0) {
                        throw new IOException("echo closed");
                    }
                    if (i >= 2000) {
                        samples[i - 2000] = System.nanoTime() - t;
                    }
                }
            }
            echo.join(10_000);
            Arrays.sort(samples);
            return samples[count / 2] / 1e3;
        }
    }

    /** Bytes per second of one stream of {@code megabytes}, MB/s. */
    static double streamMegabytesPerSecond(int megabytes) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long[] received = new long[1];
            Thread sink = new Thread(() -> {
                try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                    byte[] buf = new byte[1 << 20];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        received[0] += n;
                    }
                } catch (IOException e) {
                    // done
                }
            }, "loopback-sink");
            sink.start();
            byte[] chunk = new byte[1 << 20];
            long t = System.nanoTime();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                OutputStream out = c.getOutputStream();
                for (int i = 0; i < megabytes; i++) {
                    out.write(chunk);
                }
            }
            sink.join(60_000);
            return received[0] / 1048576.0 / ((System.nanoTime() - t) / 1e9);
        }
    }
}
