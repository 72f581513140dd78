package dev.jcluster.launcher.profiles;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The line of every key in a YAML text, by dotted path ("engines.count"), for errors found after parsing. */
final class YamlLocations {
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLocations() {
    }

    static YamlLocations of(String yaml) {
        YamlLocations out = new YamlLocations();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<Boolean> inObject = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> inObject.push(t == JsonToken.START_OBJECT);
                    case END_OBJECT, END_ARRAY -> {
                        inObject.pop();
                        if (!inObject.isEmpty() && inObject.peek() && !path.isEmpty()) {
                            path.pop();
                        }
                    }
                    case FIELD_NAME -> {
                        path.push(p.currentName());
                        out.lines.put(String.join(".", reversed(path)), p.currentLocation().getLineNr());
                    }
                    default -> {
                        if (!inObject.isEmpty() && inObject.peek() && !path.isEmpty()) {
                            path.pop();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the strict parse reports syntax errors with their own location
        }
        return out;
    }

    private static Iterable<String> reversed(Deque<String> path) {
        return () -> path.descendingIterator();
    }

    /** The line of the key, or 0 when the key is not in the text (it then came from a default). */
    int line(String dottedPath) {
        return lines.getOrDefault(dottedPath, 0);
    }
}
