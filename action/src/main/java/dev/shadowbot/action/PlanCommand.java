package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.SchemaLoader;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.schema.SourceProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shadowbot plan}: diff a schema folder against a database and lint the change. */
@Command(name = "plan", description = "Diff a schema folder against the database and lint the change.",
        mixinStandardHelpOptions = true)
final class PlanCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--schema-dir", paramLabel = "DIR", required = true,
            description = "Folder of .sql files with the desired CREATE TABLE statements")
    Path schemaDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SchemaSource source = SchemaLoader.load(schemaDir);
        if (source.hasProblems()) {
            for (SourceProblem p : source.problems()) {
                err.println(p.render());
            }
            err.flush();
            int n = source.problems().size();
            throw new ShadowbotException(ErrorCode.BAD_INPUT,
                    n + " problem" + (n > 1 ? "s" : "") + " in the schema files under " + schemaDir,
                    "fix the statements at the locations above; only CREATE TABLE statements are accepted");
        }
        PlanResult result;
        try (DatabaseTarget target = DatabaseTarget.resolve(common.database(), "app", err)) {
            Plan plan = Planner.plan(source, target.url());
            result = new PlanResult(plan, target.isEmbedded());
        }
        String text = switch (common.format()) {
            case text -> PlanTextRenderer.render(result);
            case markdown -> PlanMarkdownRenderer.render(result);
            case json -> PlanJsonRenderer.render(result);
        };
        out.print(text);
        out.flush();
        return 0;
    }
}
