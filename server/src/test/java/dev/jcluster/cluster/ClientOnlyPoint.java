package dev.jcluster.cluster;

import java.io.Serializable;

/** A class that exists only in the test classes: engines must fetch it from the client. */
record ClientOnlyPoint(double x, double y) implements Serializable {
    double norm() {
        return Math.hypot(x, y);
    }
}
