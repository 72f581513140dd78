package dev.jcluster.protocol;

/** Who opened a connection, as said in its hello. */
public enum Role { ENGINE, CLIENT }
