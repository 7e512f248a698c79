package dev.shadowbot.engine.lint;

import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.schema.TableChange;
import dev.shadowbot.engine.schema.TableSource;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the rules look at: the plan (with old and new table models per change), the source files
 * (for line numbers), the settings, and — when a live database was given — its data.
 */
public record LintContext(Plan plan, SchemaSource source, LintSettings settings, Optional<LiveData> live) {

    /** The line of the first mention of {@code identifier} inside the table's CREATE statement. */
    public int lineOf(TableChange change, String identifier) {
        Optional<TableSource> src = source.table(change.table());
        if (src.isEmpty()) {
            return change.line();
        }
        String[] lines = src.get().createSql().split("\n", -1);
        Pattern word = Pattern.compile("(?<![\\w$])`?" + Pattern.quote(identifier.toLowerCase(Locale.ROOT)) + "`?(?![\\w$])");
        for (int i = 1; i < lines.length; i++) {
            if (word.matcher(lines[i].toLowerCase(Locale.ROOT)).find()) {
                return src.get().line() + i;
            }
        }
        return src.get().line();
    }

    /** The file a change's finding points at ({@code ""} for a dropped table: it has no file any more). */
    public static String fileOf(TableChange change) {
        return change.file() == null ? "" : change.file();
    }
}
