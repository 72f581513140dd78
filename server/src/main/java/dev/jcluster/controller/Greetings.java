package dev.jcluster.controller;

/**
 * Connections that have not said hello yet, and their cap: past it, a new connection is closed at
 * once, so that silent peers cannot pile up sockets and buffers (each is dropped after its hello
 * timeout anyway). Controller's thread only.
 */
final class Greetings {
    private final int max;
    private int waiting;

    Greetings(int max) {
        this.max = max;
    }

    boolean full() {
        return waiting >= max;
    }

    int max() {
        return max;
    }

    void opened() {
        waiting++;
    }

    /** It said hello, or went away. */
    void ended() {
        waiting--;
    }

    int waiting() {
        return waiting;
    }
}
