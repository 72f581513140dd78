package dev.jcluster.launcher.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds profiles (user ones in $JCLUSTER_HOME/profiles override the built-in ones of the same
 * name), reads them strictly, merges them over the defaults, and checks their values. Every error
 * names the file, the line and the key.
 */
public final class ProfileLoader {
    public static final String DEFAULT_PROFILE = "local";
    private static final String DEFAULTS = "/dev/jcluster/launcher/profiles/defaults.yaml";

    private final Path builtInDir;
    private final Path userDir;
    private final Collection<String> backendNames;
    private final Set<String> thisHostOnly;
    private final ObjectMapper mapper;

    /** A profile file found on disk. */
    public record Entry(String name, Path file, boolean builtIn, boolean overridesBuiltIn) {
    }

    /** {@code thisHostOnly}: the backends whose processes run on this host only, for {@code controller.bind: auto}. */
    public ProfileLoader(Path builtInDir, Path userDir, Collection<String> backendNames, Set<String> thisHostOnly) {
        this.builtInDir = builtInDir;
        this.userDir = userDir;
        this.backendNames = backendNames;
        this.thisHostOnly = Set.copyOf(thisHostOnly);
        this.mapper = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .registerModule(DurationText.module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    public Path userDir() {
        return userDir;
    }

    /** Every profile by name; a user profile hides the built-in one of the same name. */
    public List<Entry> list() throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        for (Path f : yamlFiles(builtInDir)) {
            out.put(nameOf(f), new Entry(nameOf(f), f, true, false));
        }
        for (Path f : yamlFiles(userDir)) {
            String name = nameOf(f);
            out.put(name, new Entry(name, f, false, out.containsKey(name)));
        }
        return new ArrayList<>(out.values());
    }

    public Profile load(String name) throws ProfileException {
        try {
            for (Entry e : list()) {
                if (e.name().equals(name)) {
                    return loadFile(e.file());
                }
            }
            List<String> names = list().stream().map(Entry::name).toList();
            throw new ProfileException("no profile named '" + name + "'" + Suggestions.didYouMean(name, names)
                    + " (profiles: " + String.join(", ", names) + "; create one with `jcluster profile create "
                    + name + " --backend local`)");
        } catch (IOException e) {
            throw new ProfileException("cannot list profiles: " + e.getMessage(), e);
        }
    }

    public Profile loadFile(Path file) throws ProfileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), nameOf(file), text);
    }

    /** Parses a profile text; {@code source} names it in errors. */
    public Profile parse(String source, String name, String text) throws ProfileException {
        JsonNode own;
        YamlLocations locations = YamlLocations.of(text);
        try {
            own = text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
            if (own == null || own.isMissingNode() || own.isNull()) {
                own = mapper.createObjectNode();
            }
            if (!own.isObject()) {
                throw new ProfileException(source + ":1: a profile is a mapping of keys (controller:, engines:, ...)");
            }
            // strict pass over the file alone, from its text, so that errors carry its line numbers
            mapper.readValue(text.isBlank() ? "{}" : text, Profile.class);
        } catch (UnrecognizedPropertyException e) {
            String key = path(e);
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            throw new ProfileException(source + ":" + line(e, key, locations) + ": unknown key '" + key + "'"
                    + Suggestions.didYouMean(e.getPropertyName(), known) + " (known here: " + String.join(", ", known)
                    + ")");
        } catch (JsonMappingException e) {
            throw new ProfileException(source + ":" + line(e, path(e), locations) + ": bad value for '" + path(e) + "': "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ProfileException(source + ":" + line(e) + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
        Profile merged;
        try {
            ObjectNode base = (ObjectNode) mapper.readTree(defaultsText());
            merge(base, own);
            NetworkDefaults.resolve(base, thisHostOnly);
            merged = mapper.treeToValue(base, Profile.class).withName(name, source);
        } catch (IOException e) {
            throw new ProfileException(source + ": " + e.getMessage(), e);
        }
        new ProfileChecks(source, locations, backendNames).check(merged);
        return merged;
    }

    /** The profile as YAML, every default filled in. */
    public String toYaml(Profile profile) {
        try {
            return mapper.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a new profile for {@code backend}: the built-in profile of that name, or the defaults. */
    public String template(String backend) throws ProfileException {
        if (!backendNames.contains(backend)) {
            throw new ProfileException("unknown backend '" + backend + "'" + Suggestions.didYouMean(backend, backendNames)
                    + "; known: " + String.join(", ", backendNames));
        }
        Path builtIn = builtInDir.resolve(backend + ".yaml");
        try {
            if (Files.exists(builtIn)) {
                return Files.readString(builtIn);
            }
            return defaultsText().replace("backend: local", "backend: " + backend);
        } catch (IOException e) {
            throw new ProfileException("cannot read " + builtIn + ": " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode base, JsonNode over) {
        Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = base.get(f.getKey());
            if (existing instanceof ObjectNode eo && f.getValue().isObject()) {
                merge(eo, f.getValue());
            } else {
                base.set(f.getKey(), f.getValue());
            }
        }
    }

    private static String defaultsText() throws IOException {
        try (InputStream in = ProfileLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IOException("built-in defaults missing from the jcluster jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The key's own line when the text has it; the parser's position is often the token after it. */
    private static int line(JsonProcessingException e, String key, YamlLocations locations) {
        int own = locations.line(key);
        return own > 0 ? own : line(e);
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static String nameOf(Path file) {
        String f = file.getFileName().toString();
        return f.endsWith(".yaml") ? f.substring(0, f.length() - 5) : f;
    }
}
