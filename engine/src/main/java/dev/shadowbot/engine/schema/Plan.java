package dev.shadowbot.engine.schema;

import java.util.List;

/**
 * The result of planning a schema folder against a database.
 *
 * @param database     the target database (schema) name
 * @param changes      per-table changes, ordered by when their first statement runs
 * @param problems     source problems (empty for a plan that was computed)
 * @param ddl          every statement in run order: foreign keys are dropped before what they
 *                     reference changes and added after it; otherwise CREATEs (referenced tables
 *                     first), ALTERs, DROPs (referencing tables first)
 * @param orderProblem why no order of the statements works, found by running them on a copy of the
 *                     tables involved; null when the order was checked or needed no check
 */
public record Plan(String database, List<TableChange> changes, List<SourceProblem> problems, List<String> ddl,
                   OrderProblem orderProblem) {
    public Plan {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
        ddl = List.copyOf(ddl);
    }

    /** A plan whose statements run change by change, in the order given. */
    public Plan(String database, List<TableChange> changes, List<SourceProblem> problems) {
        this(database, changes, problems, changes.stream().flatMap(c -> c.ddl().stream()).toList(), null);
    }

    /**
     * No order of the plan's statements satisfies the foreign keys.
     *
     * @param table     the table of the statement the server refused
     * @param statement that statement
     * @param error     the server's message
     */
    public record OrderProblem(String table, String statement, String error) {
        /** One line for reviewers. */
        public String message() {
            return "no order of this plan's statements works with its foreign keys: run in the safest order on a"
                    + " copy of the tables, `" + statement + "` fails: " + error;
        }
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** Every statement of the plan, in run order. */
    public List<String> allDdl() {
        return ddl;
    }

    /** This plan with the outcome of checking its order. */
    public Plan withOrderProblem(OrderProblem problem) {
        return new Plan(database, changes, problems, ddl, problem);
    }
}
