package io.personalizekit.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of long work on standard error: a bar redrawn in place ({@link ProgressMode#BAR}), or plain lines
 * ({@link ProgressMode#LINES}): one per note and one each time a task passes another tenth of its total.
 * Thread-safe (the fetcher reports from its workers).
 */
final class Progress {
    static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final ProgressMode mode;
    private String drawn = "";
    private String lastTask = "";
    private long lastTenth = -1;

    Progress(PrintWriter err, ProgressMode mode) {
        this.err = err;
        this.mode = mode;
    }

    ProgressMode mode() {
        return mode;
    }

    /** A line of its own; on a terminal the bar is cleared first and redrawn after it. */
    synchronized void note(String line) {
        if (mode == ProgressMode.NONE) {
            return;
        }
        String bar = drawn;
        clear();
        err.println(line);
        if (!bar.isEmpty()) {
            draw(bar);
        }
        err.flush();
    }

    /**
     * The state of a task: {@code done} of {@code total} units (total 0 when unknown), and what it is doing now.
     *
     * @param task what is in progress, for example {@code "fetch"}
     * @param done units done
     * @param total units in all, or 0 when unknown
     * @param detail the current activity, may be empty
     */
    synchronized void update(String task, long done, long total, String detail) {
        if (mode == ProgressMode.BAR) {
            draw(bar(task, done, total, detail));
            err.flush();
        } else if (mode == ProgressMode.LINES && total > 0) {
            long tenth = Math.min(10, done * 10 / total);
            if (!task.equals(lastTask) || tenth > lastTenth) {
                lastTask = task;
                lastTenth = tenth;
                err.println(String.format(
                        Locale.ROOT,
                        "%s: %d/%d (%d %%)%s",
                        task,
                        done,
                        total,
                        tenth * 10,
                        detail.isEmpty() ? "" : " " + detail));
                err.flush();
            }
        }
    }

    /** Ends the bar (the cursor moves to a new line). */
    synchronized void finish() {
        if (!drawn.isEmpty()) {
            clear();
            err.flush();
        }
        lastTask = "";
        lastTenth = -1;
    }

    static String bar(String task, long done, long total, String detail) {
        StringBuilder sb = new StringBuilder(task).append(" [");
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
            sb.append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%3d %% %d/%d", Math.min(100, done * 100 / total), done, total));
        } else {
            sb.append(".".repeat(BAR_WIDTH)).append("] ").append(done);
        }
        if (!detail.isEmpty()) {
            sb.append("  ").append(detail);
        }
        return sb.length() > 150 ? sb.substring(0, 149) + "…" : sb.toString();
    }

    private void draw(String bar) {
        String pad = drawn.length() > bar.length() ? " ".repeat(drawn.length() - bar.length()) : "";
        err.print("\r" + bar + pad);
        drawn = bar;
    }

    private void clear() {
        if (!drawn.isEmpty()) {
            err.print("\r" + " ".repeat(drawn.length()) + "\r");
            drawn = "";
        }
    }
}
