package dev.jcluster.controller.store;

import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;

/** Keeps nothing: the controller's memory is the only record. */
final class NoTaskStore implements TaskStore {
    @Override
    public void accepted(long taskId, String clientUuid, long submittedAt, Submit submit) {
    }

    @Override
    public void finished(long taskId, String clientUuid, Result forwarded) {
    }

    @Override
    public void taken(long taskId) {
    }

    @Override
    public Result result(long taskId) {
        return null;
    }

    @Override
    public ByteBuf taskValue(long taskId) {
        return null;
    }

    @Override
    public void engineIdUsed(int id) {
    }

    @Override
    public void note(String key, String text) {
    }

    @Override
    public boolean unsaved() {
        return false;
    }

    @Override
    public void commit() {
    }

    @Override
    public Contents contents() {
        return new Contents(List.of(), List.of(), 1, 0, 0, Map.of(), Map.of());
    }

    @Override
    public void spill(long taskId, String clientUuid, long clientTaskId) {
        throw new UnsupportedOperationException("nothing spills without a store");
    }

    @Override
    public List<StoredTask> unspill(int n) {
        return List.of();
    }

    @Override
    public StoredTask unspill(String clientUuid, long clientTaskId) {
        return null;
    }

    @Override
    public boolean isSpilled(String clientUuid, long clientTaskId) {
        return false;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public void close() {
    }

    @Override
    public void clientAdmitted(String clientUuid, byte[] secretHash) {
    }

    @Override
    public void clientForgotten(String clientUuid) {
    }
}
