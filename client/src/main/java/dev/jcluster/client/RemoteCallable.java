package dev.jcluster.client;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A task that returns a value; a lambda assigned to this type can be sent to an engine. */
@FunctionalInterface
public interface RemoteCallable<T> extends Callable<T>, Serializable {
}
