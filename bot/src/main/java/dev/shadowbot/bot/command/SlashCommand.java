package dev.shadowbot.bot.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A slash command from the first line of a comment, review body or review comment:
 * {@code /deploy [--allow-data-loss] [--allow-mass-drop]}, {@code /cancel}, {@code /revert}, {@code /skip-revert},
 * {@code /plan}, {@code /status}, {@code /help}. Anything else starting with {@code /} is
 * {@link Kind#UNKNOWN} (answered with the help text); a first line not starting with {@code /} is
 * not a command.
 *
 * @param kind     which command
 * @param flags    recognised flags
 * @param problems unknown flags or arguments, reported back to the user
 * @param raw      the first line as written
 */
public record SlashCommand(Kind kind, List<String> flags, List<String> problems, String raw) {
    /** The commands. */
    public enum Kind {
        DEPLOY("deploy", true, List.of("--allow-data-loss", "--allow-mass-drop")),
        CANCEL("cancel", true, List.of()),
        REVERT("revert", true, List.of()),
        SKIP_REVERT("skip-revert", true, List.of()),
        PLAN("plan", true, List.of()),
        STATUS("status", false, List.of()),
        HELP("help", false, List.of()),
        UNKNOWN("", false, List.of());

        private final String word;
        private final boolean needsWrite;
        private final List<String> flags;

        Kind(String word, boolean needsWrite, List<String> flags) {
            this.word = word;
            this.needsWrite = needsWrite;
            this.flags = flags;
        }

        public String word() {
            return word;
        }

        /**
         * Needs write permission on the repository: every command that changes something, and {@code /plan},
         * which reads the production database (and plans a fork's pull request there). Anyone may ask
         * {@code /status} and {@code /help}.
         */
        public boolean needsWrite() {
            return needsWrite;
        }
    }

    public SlashCommand {
        flags = List.copyOf(flags);
        problems = List.copyOf(problems);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Parses the first line of {@code body}; empty when it is not a command. */
    public static Optional<SlashCommand> parse(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String first = body.strip().lines().findFirst().orElse("").strip();
        if (!first.startsWith("/") || first.length() < 2 || !Character.isLetter(first.charAt(1))) {
            return Optional.empty();
        }
        String[] words = first.substring(1).split("\\s+");
        String word = words[0].toLowerCase(Locale.ROOT);
        Kind kind = Kind.UNKNOWN;
        for (Kind k : Kind.values()) {
            if (k != Kind.UNKNOWN && k.word.equals(word)) {
                kind = k;
            }
        }
        List<String> flags = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            if (kind.flags.contains(w)) {
                if (!flags.contains(w)) {
                    flags.add(w);
                }
            } else if (kind != Kind.UNKNOWN) {
                problems.add("`/" + kind.word + "` does not take `" + words[i] + "`"
                        + (kind.flags.isEmpty() ? "" : " (it takes " + String.join(", ", kind.flags) + ")"));
            }
        }
        return Optional.of(new SlashCommand(kind, flags, problems, first));
    }

    /** The text the bot answers {@code /help} and unknown commands with. */
    public static String help() {
        return """
                **shadowbot commands** (first line of a new comment; all but `/status` and `/help` need write access):

                | command | what it does |
                |---|---|
                | `/deploy` | queue the approved deploy request: shadow tables are built and kept in sync until merge |
                | `/deploy --allow-data-loss` | the same, for a plan that drops tables or columns or narrows types |
                | `/deploy --allow-data-loss --allow-mass-drop` | the same, for a plan that drops most of the live tables |
                | `/cancel` | stop the deploy request and drop its shadow tables |
                | `/revert` | after the merge, within the revert window: the old schema back, every row kept |
                | `/skip-revert` | close the revert window now |
                | `/plan` | plan again against the live database |
                | `/status` | show the deploy request's state |
                | `/help` | this list |
                """;
    }
}
