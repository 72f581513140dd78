package dev.jcluster.client.internal;

import dev.jcluster.client.RemoteFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** A function over a block of elements, run as one task so small elements do not each pay a round trip. */
public record MapChunk<A, R>(RemoteFunction<A, R> function, List<A> elements)
        implements Callable<List<R>>, java.io.Serializable {
    @Override
    public List<R> call() throws Exception {
        List<R> out = new ArrayList<>(elements.size());
        for (A a : elements) {
            out.add(function.apply(a));
        }
        return out;
    }
}
