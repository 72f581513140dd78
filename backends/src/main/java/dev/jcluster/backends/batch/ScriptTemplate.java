package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job script template: {@code {{name}}} is replaced by a value, and a line whose every
 * variable is empty is left out, so that "#SBATCH --partition={{queue}}" disappears when no
 * queue is asked for. A variable whose value spans lines (prologue, launch) takes the lines'
 * place. Unknown names are an error naming the template, so a typo never reaches the scheduler.
 */
final class ScriptTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    private final String text;
    private final String source;

    ScriptTemplate(String text, String source) {
        this.text = text;
        this.source = source;
    }

    String render(Map<String, String> values) throws BackendException {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = VARIABLE.matcher(lines[i]);
            StringBuilder sb = new StringBuilder();
            boolean anyVariable = false;
            boolean anyValue = false;
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new BackendException(source + ":" + (i + 1) + ": unknown template variable {{" + m.group(1)
                            + "}}; known: " + String.join(", ", new TreeSet<>(values.keySet())));
                }
                anyVariable = true;
                anyValue |= !value.isEmpty();
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            if (!anyVariable || anyValue) {
                out.add(sb.toString());
            }
        }
        return String.join("\n", out);
    }
}
