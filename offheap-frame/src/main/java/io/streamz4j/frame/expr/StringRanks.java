package io.streamz4j.frame.expr;

import io.streamz4j.frame.StringDictionary;

import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * The strings of two dictionaries (or of one and a scalar) ranked together in Python's string
 * order, so that comparing two string columns compares ranks: {@code rank[id]} of one side against
 * the other's, one int compare a row, whatever dictionaries the columns carry (each column has its
 * own, so raw ids of two columns mean nothing to each other). Equal strings get equal ranks. A
 * snapshot of the dictionaries' sizes when built: dictionaries only grow, so it serves until a
 * frame brings an id past them ({@link #covers}). Two dictionaries are ranked by sorting their
 * union again when either grows; against a scalar each string is only compared with it (0, 1 or 2
 * for below, equal, above; the scalar 1), and a grown dictionary's new strings only.
 *
 * <p>Thread safety: immutable once built.
 */
final class StringRanks {
    /** Python's order: by code point, where Java's compareTo orders UTF-16 units (and so puts U+FFFF above emoji). */
    static final Comparator<String> CODE_POINT_ORDER = StringRanks::compareCodePoints;

    final StringDictionary left;
    final StringDictionary right;
    final int[] leftRanks;
    final int[] rightRanks;
    /** The scalar's rank, when the right side is a scalar (the left ranks are 0, 1, 2 for below, equal, above it). */
    final int scalarRank;

    private StringRanks(StringDictionary left, StringDictionary right, int[] leftRanks, int[] rightRanks,
            int scalarRank) {
        this.left = left;
        this.right = right;
        this.leftRanks = leftRanks;
        this.rightRanks = rightRanks;
        this.scalarRank = scalarRank;
    }

    /** Ranks of every string {@code left} and {@code right} hold now (right may be left itself). */
    static StringRanks of(StringDictionary left, StringDictionary right) {
        String[] l = strings(left);
        String[] r = right == left ? l : strings(right);
        String[] order = sortedUnion(l, r);
        int[] lr = ranks(l, order);
        return new StringRanks(left, right, lr, right == left ? lr : ranks(r, order), -1);
    }

    /** Ranks of every string {@code left} holds now against {@code scalar}, reusing {@code before}'s (null: none) for the ids it has. */
    static StringRanks of(StringDictionary left, String scalar, StringRanks before) {
        int n = left.size();
        int[] ranks = new int[n];
        int known = 0;
        if (before != null && before.left == left && before.right == null) {
            known = Math.min(n, before.leftRanks.length);
            System.arraycopy(before.leftRanks, 0, ranks, 0, known);
        }
        for (int id = known; id < n; id++) {
            ranks[id] = Integer.signum(compareCodePoints(left.valueOf(id), scalar)) + 1;
        }
        return new StringRanks(left, null, ranks, null, 1);
    }

    /** Whether these ranks are of {@code l} and {@code r} and cover ids below their present sizes. */
    boolean covers(StringDictionary l, StringDictionary r) {
        return l == left && r == right && leftRanks.length >= l.size() && (r == null || rightRanks.length >= r.size());
    }

    private static String[] strings(StringDictionary d) {
        int n = d.size();
        String[] out = new String[n];
        for (int id = 0; id < n; id++) {
            out[id] = d.valueOf(id);
        }
        return out;
    }

    private static String[] sortedUnion(String[] a, String[] b) {
        TreeSet<String> all = new TreeSet<>(CODE_POINT_ORDER);
        all.addAll(Arrays.asList(a));
        all.addAll(Arrays.asList(b));
        return all.toArray(new String[0]);
    }

    private static int[] ranks(String[] strings, String[] order) {
        int[] out = new int[strings.length];
        for (int id = 0; id < strings.length; id++) {
            out[id] = Arrays.binarySearch(order, strings[id], CODE_POINT_ORDER);
        }
        return out;
    }

    /** {@link String#compareTo} moved into code point order: only surrogates against U+E000..U+FFFF differ. */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
                    // surrogates (code points above U+FFFF) rank above U+E000..U+FFFF, below nothing else
                    return fixup(x) - fixup(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int fixup(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
