package io.fisherselect.job.cli;

import io.fisherselect.job.select.Selection;
import java.util.Locale;

/** The short human summary a command prints after a selection. */
final class Summary {
    private Summary() {
    }

    static String of(Selection s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: selected %d of %d items (d = %d, C = %d, D = %d)%n",
                s.config().selectionParams().method().cliName(), s.picks().size(), s.sizes().get("pool"),
                s.sizes().get("d"), s.sizes().get("C"), s.sizes().get("D")));
        int show = Math.min(5, s.picks().size());
        for (int i = 0; i < show; i++) {
            Selection.Picked p = s.picks().get(i);
            b.append(String.format(Locale.ROOT, "  %3d  %-20s gain %.6g%n", p.rank(), p.id(), p.gain()));
        }
        if (s.picks().size() > show) {
            b.append(String.format(Locale.ROOT, "  ... %d more%n", s.picks().size() - show));
        }
        b.append("timings (s):");
        s.timings().forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.2f", k, v)));
        b.append(System.lineSeparator());
        b.append("outputs: ").append(s.config().run().out()).append("/{selection.csv, selection/, report.json, report.html}");
        return b.toString();
    }
}
