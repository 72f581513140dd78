package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.ProcessSpec;
import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The {@code <Task>} elements of a Windows HPC job: one per process, its id and environment as
 * variables. Written with the JDK's XML writer (it escapes what XML needs escaped); command lines
 * follow the rules Windows programs split them by ({@code CommandLineToArgvW}).
 */
final class HpcTasks {
    private HpcTasks() {
    }

    static String xml(PlannedJob job) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            for (ProcessSpec s : job.specs()) {
                String workDir = s.workingDirectory() == null ? job.logDir().toString() : s.workingDirectory().toString();
                w.writeCharacters("\n    ");
                w.writeStartElement("Task");
                w.writeAttribute("Version", "2.000");
                w.writeAttribute("Name", s.role());
                w.writeAttribute("MinCores", "1");
                w.writeAttribute("MaxCores", "1");
                w.writeAttribute("CommandLine", commandLine(s.command()));
                w.writeAttribute("WorkDirectory", workDir);
                w.writeAttribute("StdOutFilePath", s.logFile().toString());
                w.writeAttribute("StdErrFilePath", s.logFile().toString());
                w.writeAttribute("IsRerunnable", "false");
                w.writeCharacters("\n      ");
                w.writeStartElement("EnvironmentVariables");
                if (!job.isController()) {
                    variable(w, "JCLUSTER_ENGINE_ID", Integer.toString(s.index()));
                }
                for (var e : s.environment().entrySet()) {
                    variable(w, e.getKey(), e.getValue());
                }
                w.writeCharacters("\n      ");
                w.writeEndElement();
                w.writeCharacters("\n    ");
                w.writeEndElement();
            }
            w.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the Windows HPC tasks: " + e.getMessage(), e);
        }
        return out.toString().strip().isEmpty() ? "" : "    " + out.toString().strip();
    }

    private static void variable(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n        ");
        w.writeStartElement("Variable");
        w.writeStartElement("Name");
        w.writeCharacters(name);
        w.writeEndElement();
        w.writeStartElement("Value");
        w.writeCharacters(value);
        w.writeEndElement();
        w.writeEndElement();
    }

    /** The words as one Windows command line, each coming back whole from {@code CommandLineToArgvW}. */
    static String commandLine(List<String> argv) {
        return String.join(" ", argv.stream().map(HpcTasks::word).toList());
    }

    /**
     * A word as is when it needs nothing; else in double quotes, where backslashes are literal
     * except before a quote: each backslash before a quote (or before the closing quote) is doubled,
     * and the quote itself escaped with one more.
     */
    static String word(String w) {
        if (!w.isEmpty() && w.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '"')) {
            return w;
        }
        StringBuilder sb = new StringBuilder("\"");
        int i = 0;
        while (i < w.length()) {
            int backslashes = 0;
            while (i < w.length() && w.charAt(i) == '\\') {
                backslashes++;
                i++;
            }
            if (i == w.length()) {
                sb.append("\\".repeat(backslashes * 2));
            } else if (w.charAt(i) == '"') {
                sb.append("\\".repeat(backslashes * 2 + 1)).append('"');
                i++;
            } else {
                sb.append("\\".repeat(backslashes)).append(w.charAt(i));
                i++;
            }
        }
        return sb.append('"').toString();
    }
}
