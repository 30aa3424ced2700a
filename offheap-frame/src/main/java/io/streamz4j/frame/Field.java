package io.streamz4j.frame;

import java.util.Objects;

/**
 * One column of a {@link Schema}: its name, type and, for strings, the dictionary its ids index.
 * Derived schemas (a projection, an assign) share the field, and so the dictionary, so ids stay
 * comparable along a pipeline.
 *
 * <p>Thread safety: immutable (the dictionary is thread-safe).
 */
public final class Field {
    private final String name;
    private final ColumnType type;
    private final StringDictionary dictionary;

    private Field(String name, ColumnType type, StringDictionary dictionary) {
        this.name = name;
        this.type = type;
        this.dictionary = dictionary;
    }

    /** A field named {@code name} of type {@code type}; a string field gets a fresh dictionary. */
    public static Field of(String name, ColumnType type) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a column needs a non-empty name, got " + name);
        }
        Objects.requireNonNull(type, () -> "column '" + name + "': type is null");
        return new Field(name, type, type == ColumnType.STRING ? new StringDictionary() : null);
    }

    /** This field under another name, sharing the dictionary. */
    public Field renamed(String newName) {
        return new Field(newName, type, dictionary);
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    /** The dictionary of a string field; throws for other types. */
    public StringDictionary dictionary() {
        if (dictionary == null) {
            throw new IllegalStateException("column '" + name + "' is " + type + ", not STRING: it has no dictionary");
        }
        return dictionary;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Field f && f.name.equals(name) && f.type == type && f.dictionary == dictionary;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return name + ": " + type;
    }
}
