package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.profiles.ProfileLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "List the profiles, built-in and yours.",
        footer = {"", "Examples:", "  jcluster profile list", "  jcluster profile list --json"})
final class ProfileListCommand extends BaseCommand {
    @Mixin
    JsonOption json;

    ProfileListCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        List<ProfileLoader.Entry> entries = ctx.profiles().list();
        if (json.enabled) {
            List<Map<String, Object>> doc = new ArrayList<>();
            for (ProfileLoader.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("file", e.file().toString());
                m.put("builtIn", e.builtIn());
                m.put("overridesBuiltIn", e.overridesBuiltIn());
                doc.add(m);
            }
            out().println(Json.of(doc));
            return ExitCode.OK;
        }
        for (ProfileLoader.Entry e : entries) {
            String kind = e.builtIn() ? "built-in" : e.overridesBuiltIn() ? "yours, overrides built-in" : "yours";
            out().printf("%-16s %-26s %s%n", e.name(), kind, e.file());
        }
        return ExitCode.OK;
    }
}
