/**
 * The controller and the engine, and a cluster inside one JVM ({@code dev.jcluster.server.InProcessCluster}).
 * The task store stays inside.
 */
module dev.jcluster.server {
    requires transitive dev.jcluster.client;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.transport.classes.epoll;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires com.h2database.mvstore;
    requires java.compiler;
    requires java.management;
    requires jdk.jshell;
    requires jdk.management;

    exports dev.jcluster.server;
    exports dev.jcluster.controller;
    exports dev.jcluster.engine;

    provides ch.qos.logback.classic.spi.Configurator with dev.jcluster.server.DefaultLogging;
}
