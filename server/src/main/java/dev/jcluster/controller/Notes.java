package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Note;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts clients asked the controller to keep (the supervisor's scaling state): kept in the store,
 * so a restored controller still has them, and shown in every status. Bounded in count and size;
 * a note past the bounds is refused with a warning. Controller's thread only.
 */
final class Notes {
    private static final Logger log = LoggerFactory.getLogger(Notes.class);
    private static final int MAX_KEY = 200;

    private final Map<String, String> notes = new LinkedHashMap<>();
    private final TaskStore store;

    Notes(TaskStore store, Map<String, String> restored) {
        this.store = store;
        notes.putAll(restored);
    }

    void put(Note note) {
        String key = note.key();
        String text = note.text() == null ? "" : note.text();
        if (key == null || key.isEmpty() || key.length() > MAX_KEY || text.length() > Note.MAX_TEXT
                || (!notes.containsKey(key) && !text.isEmpty() && notes.size() >= Note.MAX_NOTES)) {
            log.warn("note '{}' of {} characters refused: keys of 1 to {} characters, texts of at most {}, {} notes",
                    key, text.length(), MAX_KEY, Note.MAX_TEXT, Note.MAX_NOTES);
            return;
        }
        if (text.isEmpty()) {
            notes.remove(key);
        } else {
            notes.put(key, text);
        }
        store.note(key, text);
    }

    Map<String, String> all() {
        return Map.copyOf(notes);
    }
}
