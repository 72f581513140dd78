package dev.jcluster.backends.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of an OpenSSH client configuration (~/.ssh/config) that say how to reach a host: for a
 * name as the profile writes it, its HostName, User, Port, IdentityFile and ProxyJump, from the
 * Host blocks whose patterns match it (* and ?, ! to exclude), the first value of each keyword
 * winning, as ssh(1) reads it. Match blocks and Include are not followed.
 */
final class SshConfig {
    /** What the configuration says of one host; empty fields: it says nothing. */
    record Entry(String hostName, int port, String user, String identityFile, String proxyJump) {
        static final Entry NONE = new Entry("", 0, "", "", "");
    }

    private record Block(List<String> patterns, Map<String, String> values) {
    }

    private final List<Block> blocks;

    private SshConfig(List<Block> blocks) {
        this.blocks = blocks;
    }

    static SshConfig empty() {
        return new SshConfig(List.of());
    }

    /** The file, or an empty configuration when there is none. */
    static SshConfig read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            return empty();
        }
        return parse(Files.readAllLines(file));
    }

    static SshConfig parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new HashMap<>());  // lines before any Host apply to all
        blocks.add(current);
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (key.equals("host")) {
                current = new Block(List.of(value.split("\\s+")), new HashMap<>());
                blocks.add(current);
            } else if (key.equals("match")) {
                current = new Block(List.of(), new HashMap<>());  // not followed: matches nothing
                blocks.add(current);
            } else {
                current.values().putIfAbsent(key, value);
            }
        }
        return new SshConfig(blocks);
    }

    Entry entry(String host) {
        Map<String, String> found = new HashMap<>();
        for (Block b : blocks) {
            if (matches(b.patterns(), host)) {
                b.values().forEach(found::putIfAbsent);
            }
        }
        if (found.isEmpty()) {
            return Entry.NONE;
        }
        String hostName = Optional.ofNullable(found.get("hostname")).map(h -> h.replace("%h", host)).orElse("");
        int port = Optional.ofNullable(found.get("port")).filter(p -> p.matches("\\d+")).map(Integer::parseInt).orElse(0);
        String identity = Optional.ofNullable(found.get("identityfile")).orElse("");
        String jump = Optional.ofNullable(found.get("proxyjump")).filter(j -> !j.equalsIgnoreCase("none")).orElse("");
        return new Entry(hostName, port, found.getOrDefault("user", ""), identity, jump);
    }

    private static boolean matches(List<String> patterns, String host) {
        boolean any = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            if (glob(negated ? p.substring(1) : p).matcher(host).matches()) {
                if (negated) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
