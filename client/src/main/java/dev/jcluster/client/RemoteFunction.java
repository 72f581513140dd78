package dev.jcluster.client;

import java.io.Serializable;

/** A function applied on an engine to an argument sent with it. */
@FunctionalInterface
public interface RemoteFunction<A, R> extends Serializable {
    R apply(A argument) throws Exception;
}
