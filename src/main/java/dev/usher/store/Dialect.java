package dev.usher.store;

/**
 * Which SQL the database speaks. Stores write SQL both understand; where they cannot (a JSON
 * function, a type name), the store is given this and asks it.
 */
public enum Dialect {
    SQLITE,
    POSTGRESQL
}
