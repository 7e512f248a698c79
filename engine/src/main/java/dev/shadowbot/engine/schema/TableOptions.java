package dev.shadowbot.engine.schema;

import java.util.Map;

/**
 * Table options as printed after the column list, without the volatile {@code AUTO_INCREMENT=n}.
 *
 * @param engine       storage engine
 * @param charset      default character set
 * @param collation    default collation
 * @param rowFormat    explicit ROW_FORMAT, or null
 * @param comment      table comment, empty when none
 * @param partitioning the partitioning clause as text, or null
 * @param raw          every printed option, in order: key (e.g. {@code DEFAULT CHARSET}) to value as printed
 */
public record TableOptions(String engine, String charset, String collation, String rowFormat, String comment,
                           String partitioning, Map<String, String> raw) {
    public TableOptions {
        raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw));
    }
}
