package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.List;

/**
 * Client to controller: run this. {@code target} is an engine id, or -1 for the load-balanced
 * queue; {@code retries} applies to load-balanced tasks only; {@code timeoutMillis} 0 means none.
 * With {@code moreTargets}, the same task runs on those engines too, as tasks {@code taskId + 1},
 * {@code taskId + 2}...: its value leaves the client once and the controller fans it out.
 * {@code retryOn} names the failures a load-balanced task is re-run after, while its retries last:
 * remote exception class names, or {@link #ANY_FAILURE} (any exception, or a non-zero exit).
 * {@code onlyOn} keeps a load-balanced task to those engines (empty: any). {@code needs} makes a
 * load-balanced task wait for others of the same client, and maybe run where one of them ran.
 */
public record Submit(long taskId, int target, int retries, long timeoutMillis, TaskSpec spec,
                     List<Integer> moreTargets, List<String> retryOn, List<Integer> onlyOn, Needs needs)
        implements Message {
    public static final int ANY_ENGINE = -1;
    public static final String ANY_FAILURE = "*";

    public Submit {
        moreTargets = List.copyOf(moreTargets);
        retryOn = List.copyOf(retryOn);
        onlyOn = List.copyOf(onlyOn);
        if (target == ANY_ENGINE && !moreTargets.isEmpty()) {
            throw new IllegalArgumentException("a load-balanced task has no more targets");
        }
        if (target != ANY_ENGINE && (!onlyOn.isEmpty() || !needs.isEmpty())) {
            throw new IllegalArgumentException("a direct task has its engine already");
        }
    }

    /** One task for one target (or the load-balanced queue). */
    public Submit(long taskId, int target, int retries, long timeoutMillis, TaskSpec spec) {
        this(taskId, target, retries, timeoutMillis, spec, List.of(), List.of(), List.of(), Needs.NONE);
    }

    /**
     * What a load-balanced task waits for (ipyparallel's {@code after} and {@code follow}): the
     * client's tasks {@code after} to finish, and task {@code follow} (-1: none) to finish, to run
     * on the engine that ran it. A prerequisite that fails fails the task, unless {@code evenIfFailed}.
     */
    public record Needs(List<Long> after, long follow, boolean evenIfFailed) {
        public static final Needs NONE = new Needs(List.of(), -1, false);

        public Needs {
            after = List.copyOf(after);
        }

        public boolean isEmpty() {
            return after.isEmpty() && follow < 0;
        }

        void write(ByteBuf out) {
            out.writeInt(after.size());
            after.forEach(out::writeLong);
            out.writeLong(follow);
            out.writeBoolean(evenIfFailed);
        }

        static Needs read(ByteBuf in) {
            int n = in.readInt();
            if (n < 0 || n > in.readableBytes() / Long.BYTES) {
                throw new CorruptedFrameException("bad prerequisite count " + n);
            }
            List<Long> after = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                after.add(in.readLong());
            }
            return new Needs(after, in.readLong(), in.readBoolean());
        }
    }

    /** The same submission with another spec (this one's value is not released). */
    public Submit withSpec(TaskSpec newSpec) {
        return new Submit(taskId, target, retries, timeoutMillis, newSpec, moreTargets, retryOn, onlyOn, needs);
    }

    /** How many tasks this submission makes: one per target. */
    public int taskCount() {
        return 1 + moreTargets.size();
    }

    /**
     * One submission per target, each with a reference of its own to the value (this one's is
     * not taken): what the controller runs when it fans a submission out.
     */
    public List<Submit> perTarget() {
        List<Submit> out = new ArrayList<>(taskCount());
        out.add(new Submit(taskId, target, retries, timeoutMillis, spec.retainedDuplicate(), List.of(), retryOn,
                onlyOn, needs));
        for (int i = 0; i < moreTargets.size(); i++) {
            out.add(new Submit(taskId + 1 + i, moreTargets.get(i), retries, timeoutMillis, spec.retainedDuplicate(),
                    List.of(), retryOn, onlyOn, needs));
        }
        return out;
    }

    /** The same submission with a reference of its own to the value, to keep and send again. */
    public Submit retainedDuplicate() {
        return new Submit(taskId, target, retries, timeoutMillis, spec.retainedDuplicate(), moreTargets, retryOn,
                onlyOn, needs);
    }

    @Override
    public MessageType type() {
        return MessageType.SUBMIT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
        out.writeInt(target);
        out.writeInt(retries);
        out.writeLong(timeoutMillis);
        writeInts(out, moreTargets);
        Wire.writeStrings(out, retryOn);
        writeInts(out, onlyOn);
        needs.write(out);
        spec.writeFields(out);  // last: the value follows the spec's fields
    }

    @Override
    public ByteBuf value() {
        return spec.value();
    }

    static Submit read(ByteBuf in) {
        long taskId = in.readLong();
        int target = in.readInt();
        int retries = in.readInt();
        long timeout = in.readLong();
        List<Integer> targets = readInts(in);
        List<String> retryOn = Wire.readStrings(in);
        List<Integer> onlyOn = readInts(in);
        Needs needs = Needs.read(in);
        return new Submit(taskId, target, retries, timeout, TaskSpec.read(in), targets, retryOn, onlyOn, needs);
    }

    private static void writeInts(ByteBuf out, List<Integer> ints) {
        out.writeInt(ints.size());
        for (int i : ints) {
            out.writeInt(i);
        }
    }

    private static List<Integer> readInts(ByteBuf in) {
        int n = in.readInt();
        if (n < 0 || n > in.readableBytes() / Integer.BYTES) {
            throw new CorruptedFrameException("bad engine count " + n);
        }
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readInt());
        }
        return out;
    }
}
