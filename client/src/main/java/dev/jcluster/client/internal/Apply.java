package dev.jcluster.client.internal;

import dev.jcluster.client.RemoteFunction;
import dev.jcluster.client.RemoteCallable;

/** A function and its argument travelling together as one task. */
public record Apply<A, R>(RemoteFunction<A, R> function, A argument) implements RemoteCallable<R> {
    @Override
    public R call() throws Exception {
        return function.apply(argument);
    }
}
