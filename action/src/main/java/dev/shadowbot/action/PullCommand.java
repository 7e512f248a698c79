package dev.shadowbot.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.schema.SchemaPull;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shadowbot pull}: write the live schema into a schema folder, one canonical CREATE TABLE file
 * per table. The first step for a team with an existing database, and the way to take in changes
 * made outside shadowbot; {@code plan} right after finds no changes. Nothing on the database changes.
 */
@Command(name = "pull", description = "Write the database's tables into a schema folder, one CREATE TABLE file per"
        + " table (updates an existing folder; files that define no table are left alone).",
        mixinStandardHelpOptions = true)
final class PullCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    CommonOptions common;

    @Option(names = "--schema-dir", paramLabel = "DIR", required = true,
            description = "Folder to write the .sql files into (created when missing)")
    Path schemaDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (common.database() == null) {
            throw ShadowbotException.badInput("pull needs the database to read",
                    "pass --database mysql://user@host:3306/db or set SHADOWBOT_DATABASE_URL");
        }
        SchemaPull.Result r = SchemaPull.pull(DatabaseUrl.parse(common.database()), schemaDir);
        spec.commandLine().getOut().print(render(r, common.format()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String render(SchemaPull.Result r, OutputFormat format) {
        return switch (format) {
            case json -> json(r);
            case markdown -> markdown(r);
            case text -> text(r);
        };
    }

    private static String text(SchemaPull.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Pulled ").append(r.tables()).append(" table").append(r.tables() == 1 ? "" : "s")
                .append(" of database `").append(r.database()).append("` into ").append(r.directory()).append(": ")
                .append(r.written().size()).append(" written, ").append(r.removed().size()).append(" removed, ")
                .append(r.unchanged().size()).append(" unchanged\n");
        r.written().forEach(f -> sb.append("  wrote    ").append(f).append('\n'));
        r.removed().forEach(f -> sb.append("  removed  ").append(f).append('\n'));
        sb.append("Next: commit the folder; `shadowbot plan --schema-dir ").append(r.directory())
                .append("` against this database finds no changes.\n");
        return sb.toString();
    }

    private static String markdown(SchemaPull.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("**Pulled ").append(r.tables()).append(" tables** of `").append(r.database()).append("` into `")
                .append(r.directory()).append("`\n\n");
        r.written().forEach(f -> sb.append("- wrote `").append(f).append("`\n"));
        r.removed().forEach(f -> sb.append("- removed `").append(f).append("`\n"));
        sb.append("- ").append(r.unchanged().size()).append(" unchanged\n");
        return sb.toString();
    }

    private static String json(SchemaPull.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", r.database());
        m.put("schemaDir", r.directory().toString());
        m.put("tables", r.tables());
        m.put("written", r.written());
        m.put("removed", r.removed());
        m.put("unchanged", r.unchanged());
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
