/**
 * The client API ({@code dev.jcluster.client}) and the wire protocol ({@code dev.jcluster.protocol}):
 * all a program needs to use a running cluster. The rest is shared with jcluster-server only.
 */
module dev.jcluster.client {
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    requires transitive io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    requires static io.netty.transport.classes.epoll;
    requires org.slf4j;

    exports dev.jcluster.client;
    exports dev.jcluster.protocol;
    exports dev.jcluster.client.internal to dev.jcluster.server;
    exports dev.jcluster.internal to dev.jcluster.server;
}
