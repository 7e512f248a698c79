package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.db.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of shadow tables: {@code <table>_shadowbot_<id>_new}, or, when that exceeds 64 characters,
 * {@code _shadowbot_<id>_<prefix>_<8 hex of sha-256(table)>} so two long names never collide (such a
 * table cannot be cut over anyway: its retired name would not fit either).
 *
 * <p>Every name a cutover's RENAME touches sorts after the live name ({@code <table>} is a prefix of
 * each), so the RENAME's first metadata lock is the live table's. A session that holds the shadow
 * (any open transaction that read it) then delays the RENAME only after the RENAME already holds the
 * live table, never before: with the shadow sorting first, "the RENAME is waiting" could mean waiting
 * on the shadow, the cutover's lock would be released, and writes queued on the live table would land
 * in the retired table (ShadowReaderCutoverIT).
 */
public final class ShadowNames {
    public static final String PREFIX = "_shadowbot_";
    private static final Pattern SHADOW = Pattern.compile("^(.+)_shadowbot_(\\d+)_new$");
    private static final Pattern LONG_SHADOW = Pattern.compile("^_shadowbot_(\\d+)_(.+)$");

    private ShadowNames() {
    }

    public static String shadow(long id, String table) {
        String name = table + "_shadowbot_" + id + "_new";
        return name.length() <= Identifiers.MAX_LENGTH ? name : name(PREFIX + id + "_", table);
    }

    /**
     * The name the old table gets at cutover: {@code <table>_shadowbot_<id>_old}, or empty when that
     * exceeds 64 characters. It must sort after the live name: the RENAME takes its metadata locks in
     * name order, and only a RENAME already queued on the live table when the cutover's lock is released
     * is sure to run before the queued writes (see docs/online-migration.md).
     */
    public static java.util.Optional<String> retired(long id, String table) {
        String name = table + "_shadowbot_" + id + "_old";
        return name.length() <= Identifiers.MAX_LENGTH ? java.util.Optional.of(name) : java.util.Optional.empty();
    }

    /**
     * The name the new table gets when a revert swaps the old one back: {@code <table>_shadowbot_<id>_rev},
     * which sorts after the live name for the same reason as {@link #retired}. Empty when too long.
     */
    public static java.util.Optional<String> reverted(long id, String table) {
        String name = table + "_shadowbot_" + id + "_rev";
        return name.length() <= Identifiers.MAX_LENGTH ? java.util.Optional.of(name) : java.util.Optional.empty();
    }

    private static String name(String head, String table) {
        String full = head + table;
        if (full.length() <= Identifiers.MAX_LENGTH) {
            return full;
        }
        String hash = sha8(table);
        int room = Identifiers.MAX_LENGTH - head.length() - hash.length() - 1;
        return head + table.substring(0, Math.max(0, room)) + "_" + hash;
    }

    /** True when {@code name} looks like a shadow of some deploy request (any id). */
    public static boolean isShadow(String name) {
        return SHADOW.matcher(name).matches() || LONG_SHADOW.matcher(name).matches();
    }

    /** True when {@code name} is a shadow of {@code table} made by a deploy request other than {@code id}. */
    public static boolean isShadowOfOther(String name, String table, long id) {
        var m = SHADOW.matcher(name);
        var l = LONG_SHADOW.matcher(name);
        String other = m.matches() ? m.group(2) : l.matches() ? l.group(1) : null;
        if (other == null || Long.parseLong(other) == id) {
            return false;
        }
        return name.equals(shadow(Long.parseLong(other), table));
    }

    private static String sha8(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
