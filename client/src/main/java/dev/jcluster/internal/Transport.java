package dev.jcluster.internal;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Netty's native epoll transport where it is on the class path and loads (jcluster's own processes
 * on Linux x86-64), NIO elsewhere (a client program with jcluster-client alone, which does not
 * bring epoll) or when {@code -Djcluster.transport=nio} asks. Epoll wakes a loop with fewer system calls per read and
 * write than NIO's selector, which is most of what a no-op task or a heartbeat costs.
 */
public enum Transport {
    EPOLL, NIO;

    /** This process's choice, made once when first asked. */
    public static Transport current() {
        return Choice.CURRENT;
    }

    public IoHandlerFactory ioHandlers() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Holder: Epoll.isAvailable() loads the native library, so it is asked only when a channel is made. */
    private static final class Choice {
        static final Transport CURRENT = !"nio".equals(System.getProperty("jcluster.transport"))
                && epollOnClassPath() && Epoll.isAvailable() ? EPOLL : NIO;

        private static boolean epollOnClassPath() {
            try {
                Class.forName("io.netty.channel.epoll.Epoll", false, Transport.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
