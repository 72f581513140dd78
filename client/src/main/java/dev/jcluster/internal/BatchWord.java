package dev.jcluster.internal;

/**
 * The word in front of each batch on a {@link DataLink}'s socket. A positive word is the length of
 * the batch that follows on the socket; a word with the high bit set names a {@link SharedRing}
 * slot instead: either a batch of the given length waits in it, or (the next bit set) the peer has
 * emptied one of this side's slots and it may be filled again.
 */
final class BatchWord {
    private static final int SHARED = 0x8000_0000;
    private static final int EMPTIED = 0x4000_0000;
    private static final int SLOT_SHIFT = 24;
    private static final int SLOT_MASK = 0x3f;
    private static final int LENGTH_MASK = 0x00ff_ffff;

    private BatchWord() {
    }

    static int inSlot(int slot, int length) {
        return SHARED | slot << SLOT_SHIFT | length;
    }

    static int emptied(int slot) {
        return SHARED | EMPTIED | slot << SLOT_SHIFT;
    }

    static boolean isShared(int word) {
        return (word & SHARED) != 0;
    }

    static boolean isEmptied(int word) {
        return (word & EMPTIED) != 0;
    }

    static int slot(int word) {
        return word >>> SLOT_SHIFT & SLOT_MASK;
    }

    static int length(int word) {
        return word & LENGTH_MASK;
    }
}
