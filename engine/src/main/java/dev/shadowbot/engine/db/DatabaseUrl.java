package dev.shadowbot.engine.db;

import dev.shadowbot.engine.ShadowbotException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A parsed connection URL. Accepts {@code mysql://user:pass@host:port/db}, {@code mariadb://…},
 * {@code jdbc:mysql://…} and {@code jdbc:mariadb://…}; user and password may also come as query
 * parameters. {@link #toString()} never shows the password.
 *
 * @param host      host name or address
 * @param port      TCP port (3306 when absent)
 * @param user      user name (may be empty)
 * @param password  password (may be empty); never logged
 * @param database  the schema named in the path, empty when the URL names only a server
 * @param params    remaining query parameters, passed to the driver
 */
public record DatabaseUrl(String host, int port, String user, String password, String database,
                          Map<String, String> params) {

    private static final String HELP =
            "use mysql://user:password@host:3306/database (or jdbc:mysql://… / jdbc:mariadb://…)";

    public DatabaseUrl {
        params = Map.copyOf(params);
    }

    /** Parses a URL or throws a BAD_INPUT error that names what is wrong, without echoing the password. */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw ShadowbotException.badInput("database URL is empty", HELP);
        }
        String s = url.trim();
        if (s.startsWith("jdbc:")) {
            s = s.substring(5);
        }
        int schemeEnd = s.indexOf("://");
        if (schemeEnd < 0) {
            throw ShadowbotException.badInput("database URL has no scheme", HELP);
        }
        String scheme = s.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("mysql") && !scheme.equals("mariadb")) {
            throw ShadowbotException.badInput("database URL scheme '" + scheme + "' is not supported", HELP);
        }
        String rest = s.substring(schemeEnd + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        // The user-info part may contain '/', so split on the last '@' first.
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at) : "";
        String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
        int slash = hostPart.indexOf('/');
        if (slash >= 0) {
            path = hostPart.substring(slash + 1);
            hostPart = hostPart.substring(0, slash);
        }
        String user = "";
        String password = "";
        if (!userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : "";
        }
        String host = hostPart;
        int port = 3306;
        if (hostPart.startsWith("[")) {
            int close = hostPart.indexOf(']');
            if (close < 0) {
                throw ShadowbotException.badInput("database URL has an unclosed IPv6 address", HELP);
            }
            host = hostPart.substring(1, close);
            String after = hostPart.substring(close + 1);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1));
            }
        } else {
            int colon = hostPart.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPart.substring(0, colon);
                port = parsePort(hostPart.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw ShadowbotException.badInput("database URL has no host", HELP);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
                String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
                switch (k) {
                    case "user" -> user = v;
                    case "password" -> password = v;
                    default -> params.put(k, v);
                }
            }
        }
        String database = decode(path);
        if (database.contains("/")) {
            throw ShadowbotException.badInput("database URL path must name at most one database", HELP);
        }
        return new DatabaseUrl(host, port, user, password, database, params);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw ShadowbotException.badInput("database URL port '" + text + "' is not a number from 1 to 65535", HELP);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ShadowbotException.badInput("database URL has a malformed %-escape", HELP);
        }
    }

    public Optional<String> databaseName() {
        return database.isEmpty() ? Optional.empty() : Optional.of(database);
    }

    /** The same server with another default database. */
    public DatabaseUrl withDatabase(String name) {
        return new DatabaseUrl(host, port, user, password, name, params);
    }

    /** The JDBC URL for mysql-connector-j, without credentials (those go in {@link #driverProperties()}). */
    public String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:mysql://" + h + ":" + port + "/" + database;
    }

    /** Driver properties: credentials plus our defaults, overridable by the URL's own parameters. */
    public Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "5000");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("useUnicode", "true");
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("connectionTimeZone", "SERVER");
        p.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        p.setProperty("rewriteBatchedStatements", "true");
        p.setProperty("allowLoadLocalInfile", "false");
        p.setProperty("allowMultiQueries", "false");
        params.forEach(p::setProperty);
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** A display form with the password replaced by {@code ***}. */
    @Override
    public String toString() {
        String auth = user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":***") + "@";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "mysql://" + auth + h + ":" + port + "/" + database;
    }
}
