package dev.jcluster.protocol;

import java.io.ObjectInputFilter;
import java.util.List;

/**
 * The JEP 290 filter every Java-serialized value is read through, on engines (tasks) and clients
 * (results). The cluster key proves a value came from a holder of the key; this limits what a
 * holder gone bad (a stolen engine host) can do with one: classes known from deserialization
 * gadget chains are refused, and depth, references and array lengths are bounded by the stream's
 * own size, so no few-byte stream makes the reader allocate gigabytes. A JVM-wide filter
 * ({@code -Djdk.serialFilter}) applies too.
 */
public final class ValueFilter {
    /** Deeper object graphs than this are refused (default serialization recurses once per level). */
    static final long MAX_DEPTH = 2_000;

    /** Packages and classes of published gadget chains (ysoserial and successors). */
    static final List<String> REFUSED = List.of(
            "org.apache.commons.collections.functors.", "org.apache.commons.collections4.functors.",
            "org.apache.commons.beanutils.BeanComparator", "org.codehaus.groovy.runtime.",
            "org.springframework.beans.factory.", "org.springframework.aop.", "com.mchange.v2.c3p0.",
            "org.hibernate.engine.spi.TypedValue", "com.sun.rowset.JdbcRowSetImpl",
            "com.sun.org.apache.xalan.internal.xsltc.trax.", "org.apache.xalan.xsltc.trax.",
            "sun.reflect.annotation.AnnotationInvocationHandler", "java.rmi.server.", "sun.rmi.",
            "javax.management.", "com.sun.jndi.", "javax.naming.", "org.python.core.", "bsh.",
            "clojure.", "org.mozilla.javascript.", "com.sun.syndication.", "net.sf.json.",
            "org.apache.wicket.util.upload.", "org.jboss.interceptor.", "javassist.");

    private ValueFilter() {
    }

    /** The filter for one stream of {@code streamBytes} bytes. */
    public static ObjectInputFilter forStream(long streamBytes) {
        ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
        return info -> {
            if (jvmWide != null) {
                ObjectInputFilter.Status status = jvmWide.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED) {
                    return status;
                }
            }
            Class<?> type = info.serialClass();
            if (type != null && refused(type)) {
                return ObjectInputFilter.Status.REJECTED;
            }
            // every array element and every reference takes at least a byte of the stream
            if (info.arrayLength() > streamBytes || info.references() > streamBytes || info.depth() > MAX_DEPTH) {
                return ObjectInputFilter.Status.REJECTED;
            }
            return ObjectInputFilter.Status.UNDECIDED;
        };
    }

    static boolean refused(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        String name = c.getName();
        for (String prefix : REFUSED) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Why a stream was refused, for the task's or result's error. */
    static String explain(String filterMessage, long streamBytes) {
        return "refused by jcluster's deserialization filter (" + filterMessage + "): a class known from"
                + " deserialization attacks, an object graph deeper than " + MAX_DEPTH + " levels, or an array or"
                + " reference count larger than the " + streamBytes + "-byte stream can hold";
    }
}
