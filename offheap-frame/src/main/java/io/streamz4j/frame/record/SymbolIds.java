package io.streamz4j.frame.record;

import io.streamz4j.frame.StringDictionary;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The dictionary ids of one fixed-length character field's values, found from the record's bytes
 * without making a String: an open-addressing table keyed by the field's raw bytes (kept in one
 * growing buffer, {@code length} bytes per key). Only a value never seen before costs a String, which the
 * column's {@link StringDictionary} turns into the id every frame of the schema shares; from then
 * on a lookup hashes and compares the bytes in place and allocates nothing.
 *
 * <p>Thread safety: used by one thread, the one filling frames; the dictionary it feeds is
 * thread-safe.
 */
final class SymbolIds {
    private static final int EMPTY = -1;

    private final StringDictionary dictionary;
    private final int length;
    /** Per table slot, the entry number stored there, or EMPTY. */
    private int[] table = newTable(64);
    private final ExpandableArrayBuffer keys;
    private int[] ids;
    private int size;

    SymbolIds(StringDictionary dictionary, int length) {
        this.dictionary = dictionary;
        this.length = length;
        this.keys = new ExpandableArrayBuffer(32 * length);
        this.ids = new int[32];
    }

    /** The id of the characters at {@code offset} of {@code buffer}, up to the first NUL. */
    int idOf(DirectBuffer buffer, int offset) {
        int mask = table.length - 1;
        for (int slot = hash(buffer, offset) & mask;; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == EMPTY) {
                return add(buffer, offset, slot);
            }
            if (sameKey(buffer, offset, entry)) {
                return ids[entry];
            }
        }
    }

    private int hash(DirectBuffer buffer, int offset) { // keys and records hash alike, so both are buffers
        int h = 0x9e3779b9;
        for (int i = 0; i < length; i++) {
            h = (h ^ buffer.getByte(offset + i)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private boolean sameKey(DirectBuffer buffer, int offset, int entry) {
        int base = entry * length;
        for (int i = 0; i < length; i++) {
            if (keys.getByte(base + i) != buffer.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** A value seen for the first time: its String goes to the dictionary once. */
    private int add(DirectBuffer buffer, int offset, int slot) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        int base = size * length;
        keys.putBytes(base, buffer, offset, length); // grows the buffer as needed
        int end = 0;
        while (end < length && keys.getByte(base + end) != 0) {
            end++;
        }
        int id = dictionary.idOf(keys.getStringWithoutLengthAscii(base, end));
        ids[size] = id;
        table[slot] = size++;
        if (size * 2 > table.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] grown = newTable(table.length * 2);
        int mask = grown.length - 1;
        for (int entry = 0; entry < size; entry++) {
            int slot = hash(keys, entry * length) & mask;
            while (grown[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            grown[slot] = entry;
        }
        table = grown;
    }

    private static int[] newTable(int slots) {
        int[] table = new int[slots];
        Arrays.fill(table, EMPTY);
        return table;
    }
}
