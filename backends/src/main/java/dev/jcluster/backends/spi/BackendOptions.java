package dev.jcluster.backends.spi;

/** A profile's settings for backends, one part per kind; each backend reads only its own part. */
public record BackendOptions(JobOptions batch, MpiOptions mpi, SshOptions ssh) {
    public static final BackendOptions DEFAULTS = new BackendOptions(JobOptions.DEFAULTS, MpiOptions.DEFAULTS,
            SshOptions.DEFAULTS);
}
