package dev.shadowbot.engine.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What server we are talking to.
 *
 * @param flavor  MySQL or MariaDB
 * @param version the full {@code VERSION()} string, e.g. {@code 11.4.5-MariaDB-log}
 * @param major   major version number
 * @param minor   minor version number
 * @param patch   patch version number
 */
public record ServerInfo(Flavor flavor, String version, int major, int minor, int patch) {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    static final String SELECT_VERSION = "SELECT VERSION(), @@version_comment";

    public static ServerInfo detect(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SELECT_VERSION)) {
            rs.next();
            return parse(rs.getString(1), rs.getString(2));
        }
    }

    static ServerInfo parse(String version, String comment) {
        String both = (version + " " + (comment == null ? "" : comment)).toLowerCase(Locale.ROOT);
        Flavor flavor = both.contains("mariadb") ? Flavor.MARIADB : Flavor.MYSQL;
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return new ServerInfo(flavor, version, 0, 0, 0);
        }
        return new ServerInfo(flavor, version, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    public boolean isMariaDb() {
        return flavor == Flavor.MARIADB;
    }

    /** True when this server's version is at least {@code major.minor.patch}. */
    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) {
            return this.major > major;
        }
        if (this.minor != minor) {
            return this.minor > minor;
        }
        return this.patch >= patch;
    }

    /** e.g. {@code MariaDB 11.4.5} or {@code MySQL 8.0.31}. */
    public String displayName() {
        return (isMariaDb() ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}
