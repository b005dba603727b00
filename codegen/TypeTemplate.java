import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Instantiates Java source templates once per primitive element type, so that code which Java generics cannot
 * share (loops over {@code float[]} and {@code double[]}) is written once. Run by the build (exec-maven-plugin,
 * generate-sources) as a single-file program:
 *
 * <pre>java codegen/TypeTemplate.java TEMPLATE_ROOT OUT_ROOT</pre>
 *
 * Every {@code NAME.java.template} under TEMPLATE_ROOT becomes {@code OUT_ROOT/<same folders>/NAME.java}
 * (rewritten only when its text changes). Lines outside blocks are copied as they are. Directives are whole lines
 * (leading blanks allowed):
 * <ul>
 *   <li>{@code //#for T in float double}: the lines up to the matching {@code //#end} are emitted once per type,
 *       in the order listed (blocks do not nest);</li>
 *   <li>{@code //#if T == float} ... {@code //#endif}: inside a block, lines kept only for that type.</li>
 * </ul>
 * Inside a block, {@code $T} is the type ({@code float}), {@code $TYPE} its dtype ({@code FLOAT32}),
 * {@code $narrow} the cast that rounds a double to the type ({@code (float) }; nothing for double) and
 * {@code $wide} the cast that widens the type to double ({@code (double) }; nothing for double). A token may be
 * written {@code ${narrow}} where a letter follows it. Any other token, an unknown directive or an unclosed block
 * fails with the template's file and line.
 */
public final class TypeTemplate {
    private static final Pattern FOR = Pattern.compile("\\s*//#for T in ((?:\\s*\\w+)+)\\s*");
    private static final Pattern IF = Pattern.compile("\\s*//#if T == (\\w+)\\s*");
    private static final Pattern TOKEN = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Map<String, Type> TYPES = Map.of(
            "float", new Type("float", "FLOAT32", "(float) ", "(double) "),
            "double", new Type("double", "FLOAT64", "", ""));

    /** One element type and its substitutions. */
    private record Type(String name, String dtype, String narrow, String wide) {
        String substitute(String line, String where) {
            Matcher m = TOKEN.matcher(line);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String token = m.group(1) != null ? m.group(1) : m.group(2);
                String value = switch (token) {
                    case "T" -> name;
                    case "TYPE" -> dtype;
                    case "narrow" -> narrow;
                    case "wide" -> wide;
                    default -> throw new IllegalArgumentException(where + ": unknown template token $" + m.group(1)
                            + " (known: $T, $TYPE, $narrow, $wide)");
                };
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            return m.appendTail(out).toString();
        }
    }

    private TypeTemplate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java TypeTemplate.java TEMPLATE_ROOT OUT_ROOT");
        }
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path template : files.filter(p -> p.toString().endsWith(".java.template")).toList()) {
                String relative = root.relativize(template).toString();
                Path target = out.resolve(relative.substring(0, relative.length() - ".template".length()));
                String text = expand(Files.readAllLines(template, StandardCharsets.UTF_8), relative);
                if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, text, StandardCharsets.UTF_8);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The expanded text of one template, whose lines are {@code lines}; {@code name} names it in errors. */
    static String expand(List<String> lines, String name) {
        StringBuilder out = new StringBuilder("// Generated from ").append(name)
                .append(" by codegen/TypeTemplate.java: edit the template, not this file.\n");
        for (int i = 0; i < lines.size(); i++) {
            Matcher block = FOR.matcher(lines.get(i));
            if (!block.matches()) {
                rejectDirective(lines.get(i), name + ":" + (i + 1));
                out.append(lines.get(i)).append('\n');
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).trim().equals("//#end")) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": //#for without //#end");
            }
            for (String typeName : block.group(1).trim().split("\\s+")) {
                Type type = TYPES.get(typeName);
                if (type == null) {
                    throw new IllegalArgumentException(name + ":" + (i + 1) + ": unknown type " + typeName
                            + " (known: " + TYPES.keySet() + ")");
                }
                emitBlock(lines, start, end, type, name, out);
            }
            i = end;
        }
        return out.toString();
    }

    private static void emitBlock(List<String> lines, int start, int end, Type type, String name, StringBuilder out) {
        String only = null;
        for (int j = start; j < end; j++) {
            String line = lines.get(j);
            String where = name + ":" + (j + 1);
            Matcher cond = IF.matcher(line);
            if (cond.matches()) {
                if (only != null) {
                    throw new IllegalArgumentException(where + ": //#if inside //#if");
                }
                only = cond.group(1);
                continue;
            }
            if (line.trim().equals("//#endif")) {
                if (only == null) {
                    throw new IllegalArgumentException(where + ": //#endif without //#if");
                }
                only = null;
                continue;
            }
            rejectDirective(line, where);
            if (only == null || only.equals(type.name())) {
                out.append(type.substitute(line, where)).append('\n');
            }
        }
        if (only != null) {
            throw new IllegalArgumentException(name + ":" + end + ": //#if without //#endif");
        }
    }

    private static void rejectDirective(String line, String where) {
        if (line.trim().startsWith("//#")) {
            throw new IllegalArgumentException(where + ": unexpected directive '" + line.trim() + "'");
        }
    }
}
