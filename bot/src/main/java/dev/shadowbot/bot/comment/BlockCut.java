package dev.shadowbot.bot.comment;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts Markdown to a length limit <em>between</em> blocks: never inside a code fence or a
 * {@code <details>} element (a cut there would leave the rest of the page inside the fence, or an unclosed
 * element), and at a blank line where one is available. The note at the end says how much was left out and
 * names the headings and collapsed sections ({@code <summary>}: one per table in a plan) that were cut.
 */
public final class BlockCut {
    private static final int MAX_NAMED = 15;

    private BlockCut() {
    }

    /**
     * {@code md} unchanged when it fits in {@code max} characters; otherwise its longest clean prefix that,
     * with the note, fits, followed by the note. {@code elsewhere} says where the whole text is.
     */
    public static String cut(String md, int max, String elsewhere) {
        if (md.length() <= max) {
            return md;
        }
        // Reserve room for the note (its list of headings is bounded).
        int budget = max - 400 - MAX_NAMED * 80 - elsewhere.length();
        int best = 0;
        boolean fence = false;
        int details = 0;
        int pos = 0;
        while (pos < md.length()) {
            int nl = md.indexOf('\n', pos);
            int end = nl < 0 ? md.length() : nl + 1;
            String line = md.substring(pos, end).strip();
            if (line.startsWith("```") || line.startsWith("~~~")) {
                fence = !fence;
            } else if (!fence) {
                details += count(line, "<details") - count(line, "</details>");
            }
            if (end > budget) {
                break;
            }
            if (!fence && details <= 0 && (line.isEmpty() || best == 0)) {
                best = end; // a boundary between blocks
            }
            pos = end;
        }
        String kept = md.substring(0, best);
        String omitted = md.substring(best);
        List<String> headings = new ArrayList<>();
        int more = 0;
        for (String l : omitted.split("\n")) {
            String t = l.strip();
            int summary = t.indexOf("<summary>");
            boolean heading = t.startsWith("#### ") || t.startsWith("##### ");
            if (heading || summary >= 0) {
                if (headings.size() < MAX_NAMED) {
                    String h = heading ? t.replaceFirst("^#+\\s*", "")
                            : t.substring(summary + 9).replaceFirst("</summary>.*$", "").replaceAll("</?code>", "`");
                    headings.add(h.length() > 70 ? h.substring(0, 70) + "…" : h);
                } else {
                    more++;
                }
            }
        }
        StringBuilder note = new StringBuilder("\n---\n\n✂️ **Cut:** ").append(omitted.length())
                .append(" more characters do not fit here (GitHub's limit)");
        if (!headings.isEmpty()) {
            note.append(", including:\n\n");
            headings.forEach(h -> note.append("- ").append(h).append('\n'));
            if (more > 0) {
                note.append("- … and ").append(more).append(" more sections\n");
            }
            note.append('\n');
        } else {
            note.append(". ");
        }
        note.append(elsewhere).append('\n');
        return kept + note;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
