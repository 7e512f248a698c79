package dev.shadowbot.engine.db;

/** The server families shadowbot supports; behaviour that differs between them is keyed on this. */
public enum Flavor {
    MYSQL,
    MARIADB
}
