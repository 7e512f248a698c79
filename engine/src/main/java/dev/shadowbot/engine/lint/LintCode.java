package dev.shadowbot.engine.lint;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every finding shadowbot can report. The names are a stable contract: users put them in
 * {@code .github/shadowbot.yml} and in {@code -- shadowbot:ignore <code> <reason>} comments, and
 * {@code docs/lint.md} has a section per code (anchor = the name).
 */
public enum LintCode {
    NO_UNIQUE_KEY("no-unique-key", LintCategory.DEPLOYABILITY, Severity.error),
    NO_SHARED_UNIQUE_KEY("no-shared-unique-key", LintCategory.DEPLOYABILITY, Severity.error),
    FOREIGN_KEY("foreign-key", LintCategory.DEPLOYABILITY, Severity.error),
    NON_INNODB("non-innodb", LintCategory.DEPLOYABILITY, Severity.error),
    FK_ORDER("fk-order", LintCategory.DEPLOYABILITY, Severity.error),
    TRIGGERS("triggers", LintCategory.DEPLOYABILITY, Severity.error),
    ADDED_NOT_NULL_NO_DEFAULT("added-not-null-no-default", LintCategory.DEPLOYABILITY, Severity.error),

    DROP_TABLE("drop-table", LintCategory.DATA_LOSS, Severity.error),
    DROP_COLUMN("drop-column", LintCategory.DATA_LOSS, Severity.error),
    NARROWING("narrowing", LintCategory.DATA_LOSS, Severity.error),

    NOT_NULL_NO_DEFAULT("not-null-no-default", LintCategory.DATA_DEPENDENT, Severity.warning),
    NEW_UNIQUE("new-unique", LintCategory.DATA_DEPENDENT, Severity.warning),

    REDUNDANT_INDEX("redundant-index", LintCategory.HYGIENE, Severity.warning),
    DUPLICATE_INDEX("duplicate-index", LintCategory.HYGIENE, Severity.warning),
    AUTO_INC_CAPACITY("auto-inc-capacity", LintCategory.HYGIENE, Severity.warning),
    ZERO_DATE("zero-date", LintCategory.HYGIENE, Severity.warning),
    FLOAT_TYPE("float-type", LintCategory.HYGIENE, Severity.warning),
    CHARSET("charset", LintCategory.HYGIENE, Severity.warning),
    RESERVED_WORD("reserved-word", LintCategory.HYGIENE, Severity.warning),
    RENAME_HINT("rename-hint", LintCategory.HYGIENE, Severity.warning),

    REVERT_LOSES_COLUMN_DATA("revert-loses-column-data", LintCategory.REVERTABILITY, Severity.info),
    REVERT_MAY_FAIL_WIDENING("revert-may-fail-widening", LintCategory.REVERTABILITY, Severity.info),
    REVERT_MAY_FAIL_UNIQUE("revert-may-fail-unique", LintCategory.REVERTABILITY, Severity.info),
    REVERT_MAY_FAIL_NOT_NULL("revert-may-fail-not-null", LintCategory.REVERTABILITY, Severity.info),

    PARSE_ERROR("parse-error", LintCategory.INPUT, Severity.error),
    UNSUPPORTED_STATEMENT("unsupported-statement", LintCategory.INPUT, Severity.error),
    DUPLICATE_TABLE("duplicate-table", LintCategory.INPUT, Severity.error),
    SERVER_REJECTED("server-rejected", LintCategory.INPUT, Severity.error),
    IGNORED_STATEMENT("ignored-statement", LintCategory.INPUT, Severity.info);

    private final String id;
    private final LintCategory category;
    private final Severity defaultSeverity;

    LintCode(String id, LintCategory category, Severity defaultSeverity) {
        this.id = id;
        this.category = category;
        this.defaultSeverity = defaultSeverity;
    }

    /** The stable kebab-case name. */
    public String id() {
        return id;
    }

    public LintCategory category() {
        return category;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** Input problems cannot be silenced: a file that does not parse has no plan to review. */
    public boolean configurable() {
        return category != LintCategory.INPUT;
    }

    /** Link target in docs/lint.md. */
    public String docAnchor() {
        return "docs/lint.md#" + id;
    }

    public static Optional<LintCode> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /** All ids, comma separated, for error messages that list the accepted values. */
    public static String allIds() {
        return String.join(", ", Arrays.stream(values()).map(LintCode::id).toList());
    }
}
