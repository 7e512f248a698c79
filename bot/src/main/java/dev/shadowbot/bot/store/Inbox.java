package dev.shadowbot.bot.store;

import dev.shadowbot.engine.ShadowbotException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;

/**
 * The durable inbox: one row per {@code X-GitHub-Delivery}, plus its payload in a side table written
 * once. Payloads are stored gzip-compressed (a 25 MB webhook body would exceed MariaDB's default 16 MB
 * max_allowed_packet; JSON shrinks several-fold). The status row and payload are committed together.
 * Every state change is a guarded UPDATE on the current status and claim holder.
 */
public final class Inbox {
    private static final int MYSQL_DUPLICATE_KEY = 1062;
    private static final int MAX_ERROR_CHARS = 4000;

    private final DataSource ds;

    Inbox(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Stores a delivery. Returns false when the delivery id is already stored (a redelivery), in which
     * case nothing changes. {@code handled=false} stores it directly as IGNORED, without its payload.
     */
    public boolean accept(String deliveryId, String event, byte[] body, boolean handled) {
        InboxStatus status = handled ? InboxStatus.PENDING : InboxStatus.IGNORED;
        byte[] compressed = handled ? gzip(body) : null;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(StateSql.INBOX_INSERT)) {
                ps.setString(1, deliveryId);
                ps.setString(2, event);
                ps.setInt(3, body.length);
                ps.setString(4, status.name());
                ps.setString(5, status.name());
                ps.executeUpdate();
                if (handled) {
                    try (PreparedStatement pp = c.prepareStatement(StateSql.INBOX_PAYLOAD_INSERT)) {
                        pp.setString(1, deliveryId);
                        pp.setBytes(2, compressed);
                        pp.executeUpdate();
                    }
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (e.getErrorCode() == MYSQL_DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("store webhook delivery " + deliveryId, e);
        }
    }

    /** Claims the oldest due event for {@code worker}, or empty when none is due. */
    public Optional<InboxEvent> claim(String worker, Duration claimFor) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                String id = null;
                InboxEvent event = null;
                try (PreparedStatement ps = c.prepareStatement(StateSql.INBOX_PICK_DUE);
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getString(1);
                        event = new InboxEvent(id, rs.getString(2), gunzip(rs.getBytes(3)), rs.getInt(4) + 1);
                    }
                }
                if (id == null) {
                    c.commit();
                    return Optional.empty();
                }
                try (PreparedStatement ps = c.prepareStatement(StateSql.INBOX_CLAIM)) {
                    ps.setString(1, worker);
                    ps.setLong(2, Math.max(1, claimFor.toSeconds()));
                    ps.setString(3, id);
                    if (ps.executeUpdate() != 1) {
                        event = null;
                    }
                }
                c.commit();
                return Optional.ofNullable(event);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("claim an inbox event", e);
        }
    }

    /** Marks a claimed event DONE or IGNORED. Returns false if the claim was lost meanwhile. */
    public boolean finish(String deliveryId, String worker, InboxStatus status) {
        if (status != InboxStatus.DONE && status != InboxStatus.IGNORED) {
            throw new IllegalArgumentException("finish with " + status);
        }
        return update(StateSql.INBOX_FINISH, status.name(), deliveryId, worker) == 1;
    }

    /** Puts a claimed event back, due again after {@code delay}, keeping the error. */
    public boolean retry(String deliveryId, String worker, String error, Duration delay) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INBOX_RETRY)) {
            ps.setString(1, clip(error));
            ps.setLong(2, delay.toNanos() / 1000);
            ps.setString(3, deliveryId);
            ps.setString(4, worker);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("reschedule inbox event " + deliveryId, e);
        }
    }

    /**
     * Puts a claimed event back for a GitHub rate limit: due after {@code delay} (the limit's reset) and
     * without using up an attempt, so a long wait never parks it.
     */
    public boolean defer(String deliveryId, String worker, String reason, Duration delay) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INBOX_DEFER)) {
            ps.setString(1, clip(reason));
            ps.setLong(2, Math.max(0, delay.toNanos() / 1000));
            ps.setString(3, deliveryId);
            ps.setString(4, worker);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("reschedule inbox event " + deliveryId, e);
        }
    }

    /** Parks a claimed event for good, keeping the error. */
    public boolean park(String deliveryId, String worker, String error) {
        return update(StateSql.INBOX_PARK, clip(error), deliveryId, worker) == 1;
    }

    /** Makes events whose worker vanished due again, or parks them once attempts are used up. */
    public int releaseExpired(int maxAttempts) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(StateSql.INBOX_RELEASE_EXPIRED)) {
            ps.setInt(1, maxAttempts);
            ps.setInt(2, maxAttempts);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("release expired inbox claims", e);
        }
    }

    /** The stored state of one delivery, for operators and tests. */
    public Optional<InboxRow> find(String deliveryId) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INBOX_STATUS)) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new InboxRow(deliveryId, rs.getString(4), InboxStatus.valueOf(rs.getString(1)),
                        rs.getInt(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw failure("read inbox event " + deliveryId, e);
        }
    }

    public long count() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INBOX_COUNT);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("count inbox events", e);
        }
    }

    /** A parked event: which delivery, about which pull request (from its payload), and why it was parked. */
    public record Parked(String deliveryId, String event, int attempts, String lastError, java.time.Instant parkedAt,
                         String repo, int number) {
    }

    /** The newest {@code limit} parked events. */
    public java.util.List<Parked> parked(int limit) {
        java.util.List<Parked> out = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INBOX_PARKED)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String repo = "";
                    int number = 0;
                    try {
                        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(gunzip(rs.getBytes(6)));
                        repo = root.path("repository").path("full_name").asText("");
                        number = root.path("number").asInt(root.path("pull_request").path("number")
                                .asInt(root.path("issue").path("number").asInt(0)));
                    } catch (IOException | RuntimeException notJson) {
                        // parked because it is not JSON: shown without a pull request
                    }
                    java.sql.Timestamp at = rs.getTimestamp(5);
                    out.add(new Parked(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            at == null ? null : at.toInstant(), repo, number));
                }
            }
        } catch (SQLException e) {
            throw failure("list parked inbox events", e);
        }
        return out;
    }

    /** Makes a parked event due again with fresh attempts; false when it is not parked (any more). */
    public boolean requeue(String deliveryId) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INBOX_REQUEUE)) {
            ps.setString(1, deliveryId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("retry parked inbox event " + deliveryId, e);
        }
    }

    /** One inbox row as stored. */
    public record InboxRow(String deliveryId, String event, InboxStatus status, int attempts, String lastError) {
    }

    private int update(String sql, String a, String b, String c2) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.setString(3, c2);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update inbox event " + b, e);
        }
    }

    private static String clip(String error) {
        String e = error == null ? "unknown error" : error;
        return e.length() > MAX_ERROR_CHARS ? e.substring(0, MAX_ERROR_CHARS) + "…" : e;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 8));
        // Fastest level: this runs inside the webhook acknowledgement; JSON still shrinks several-fold.
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] data) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ShadowbotException failure(String what, SQLException e) {
        return ShadowbotException.database("cannot " + what + " in the state database: " + e.getMessage(),
                "check that the state database is reachable", e);
    }
}
