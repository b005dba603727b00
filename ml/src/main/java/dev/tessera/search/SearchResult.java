package dev.tessera.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Every trial of a search, best first (failed trials last, ties in evaluation order), with the space's columns:
 * as a text table ({@link #toTable()}) and as CSV ({@link #toCsv()}).
 */
public final class SearchResult {
    private final List<TrialResult> ranked;
    private final List<String> columns;
    private final Goal goal;

    SearchResult(List<TrialResult> trials, List<String> columns, Goal goal) {
        List<TrialResult> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparing((TrialResult t) -> t.failed())
                .thenComparing((a, b) -> goal.better(a.score(), b.score()) ? -1 : goal.better(b.score(), a.score())
                        ? 1 : 0)
                .thenComparingInt(TrialResult::index));
        this.ranked = Collections.unmodifiableList(sorted);
        this.columns = List.copyOf(columns);
        this.goal = goal;
    }

    /**
     * The result of the given trials (e.g. those that finished before a search was stopped), ranked for
     * {@code goal}; {@code columns} are the hyperparameter names, in table order.
     */
    public static SearchResult of(List<TrialResult> trials, List<String> columns, Goal goal) {
        return new SearchResult(trials, columns, goal);
    }

    /** The trials, best first. */
    public List<TrialResult> ranked() {
        return ranked;
    }

    /**
     * The best trial.
     *
     * @throws IllegalStateException when every trial failed
     */
    public TrialResult best() {
        if (ranked.isEmpty() || ranked.get(0).failed()) {
            throw new IllegalStateException("SearchResult: every one of the " + ranked.size() + " trials failed");
        }
        return ranked.get(0);
    }

    /** Whether lower or higher scores won. */
    public Goal goal() {
        return goal;
    }

    /**
     * An aligned table: rank, trial (its {@linkplain TrialResult#number() number}, from 1), each hyperparameter,
     * score, seconds (and the error of failed trials).
     */
    public String toTable() {
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("rank", "trial"));
        head.addAll(columns);
        head.addAll(List.of("score", "seconds"));
        rows.add(head.toArray(new String[0]));
        for (int r = 0; r < ranked.size(); r++) {
            TrialResult t = ranked.get(r);
            List<String> row = new ArrayList<>(List.of(Integer.toString(r + 1), Integer.toString(t.number())));
            for (String c : columns) {
                row.add(format(t.params().get(c)));
            }
            row.add(t.failed() ? "failed" + (t.error() == null ? "" : ": " + t.error()) : format(t.score()));
            row.add(String.format(Locale.ROOT, "%.2f", t.seconds()));
            rows.add(row.toArray(new String[0]));
        }
        int[] width = new int[head.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", row[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /**
     * CSV: {@code rank,trial,generation,<hyperparameters>,score,seconds,error}, values exact, trials by their
     * {@linkplain TrialResult#number() number} (from 1).
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("rank,trial,generation");
        for (String c : columns) {
            sb.append(',').append(csv(c));
        }
        sb.append(",score,seconds,error\n");
        for (int r = 0; r < ranked.size(); r++) {
            TrialResult t = ranked.get(r);
            sb.append(r + 1).append(',').append(t.number()).append(',').append(t.generation());
            for (String c : columns) {
                sb.append(',').append(csv(String.valueOf(t.params().get(c))));
            }
            sb.append(',').append(t.score()).append(',').append(t.seconds()).append(',')
                    .append(t.error() == null ? "" : csv(t.error())).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} to {@code path}. */
    public void writeCsv(Path path) throws IOException {
        Files.writeString(path, toCsv());
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            String s = String.format(Locale.ROOT, "%.6g", d);
            if (s.contains("e") || !s.contains(".")) {
                return s;
            }
            s = s.replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        return String.valueOf(v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
