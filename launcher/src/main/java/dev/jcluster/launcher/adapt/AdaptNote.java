package dev.jcluster.launcher.adapt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the supervisor's scaling is doing and remembers, kept by the controller as the note
 * {@value #KEY} (so its store has it across a restart) and read by `status`, `top` and a
 * supervisor that starts again. {@code events} are the last decisions that acted, oldest first.
 */
public record AdaptNote(String activity, int min, int max, int engines, int pendingEngines,
                        AdaptPolicy.Memory memory, List<String> events, long updatedAtMillis) {
    public static final String KEY = "adapt";
    static final int EVENTS = 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public AdaptNote {
        events = List.copyOf(events);
    }

    /** The note in a status's notes, if the cluster has one that reads. */
    public static Optional<AdaptNote> in(Map<String, String> notes) {
        String text = notes.get(KEY);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(text, AdaptNote.class));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write the adapt note", e);
        }
    }

    /** The events with {@code event} added, the oldest dropped past {@value #EVENTS}. */
    public static List<String> plus(List<String> events, String event) {
        List<String> out = new ArrayList<>(events);
        out.add(event);
        return out.subList(Math.max(0, out.size() - EVENTS), out.size());
    }
}
