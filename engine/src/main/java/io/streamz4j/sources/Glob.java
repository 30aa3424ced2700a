package io.streamz4j.sources;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python's {@code glob.glob(pathname)} (non-recursive, hidden files excluded) and
 * {@code fnmatch}, on POSIX paths, so {@link Filenames} finds exactly the names streamz finds:
 * {@code *}, {@code ?} and {@code [...]} (with {@code [!...]} and ranges) in any path component;
 * names starting with a dot match only a pattern starting with a dot; results are the pattern's
 * directory joined with each name, as {@code os.path.join} writes it.
 *
 * <p>Thread safety: stateless.
 */
final class Glob {
    /** Python's order of strings: by code point. */
    static final Comparator<String> CODE_POINT_ORDER = Glob::compareCodePoints;

    private Glob() {
    }

    /** The paths matching {@code pathname}, in directory order (unsorted, as Python's glob). */
    static List<String> glob(String pathname) {
        List<String> found = new ArrayList<>();
        glob(pathname, false, found);
        return found;
    }

    private static void glob(String pathname, boolean dirsOnly, List<String> found) {
        String[] split = split(pathname);
        String dirname = split[0];
        String basename = split[1];
        if (!hasMagic(pathname)) {
            if (basename.isEmpty() ? isDirectory(dirname) : exists(pathname)) {
                found.add(pathname);
            }
            return;
        }
        if (dirname.isEmpty()) {
            found.addAll(matchInDirectory("", basename, dirsOnly));
            return;
        }
        List<String> dirs;
        if (!dirname.equals(pathname) && hasMagic(dirname)) {
            dirs = new ArrayList<>();
            glob(dirname, true, dirs);
        } else {
            dirs = List.of(dirname);
        }
        for (String dir : dirs) {
            List<String> names;
            if (hasMagic(basename)) {
                names = matchInDirectory(dir, basename, dirsOnly);
            } else if (basename.isEmpty() ? isDirectory(dir) : exists(join(dir, basename))) {
                names = List.of(basename);
            } else {
                names = List.of();
            }
            for (String name : names) {
                found.add(join(dir, name));
            }
        }
    }

    /** glob's {@code _glob1}: the names in {@code dir} matching {@code pattern}. */
    private static List<String> matchInDirectory(String dir, String pattern, boolean dirsOnly) {
        Pattern regex = translate(pattern);
        boolean hiddenToo = pattern.startsWith(".");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(dir.isEmpty() ? "." : dir))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((hiddenToo || !name.startsWith("."))
                        && (!dirsOnly || Files.isDirectory(entry))
                        && regex.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException | InvalidPathException | SecurityException e) {
            return List.of(); // Python's glob ignores directories it cannot list
        }
        return names;
    }

    /** {@code os.path.split}: the head without trailing slashes (unless all slashes), and the tail. */
    static String[] split(String path) {
        int cut = path.lastIndexOf('/') + 1;
        String head = path.substring(0, cut);
        String tail = path.substring(cut);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            int end = head.length();
            while (head.charAt(end - 1) == '/') {
                end--;
            }
            head = head.substring(0, end);
        }
        return new String[] {head, tail};
    }

    /** {@code os.path.join(dir, name)} on POSIX. */
    static String join(String dir, String name) {
        if (name.startsWith("/")) {
            return name;
        }
        if (dir.isEmpty() || dir.endsWith("/")) {
            return dir + name;
        }
        return dir + "/" + name;
    }

    static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static boolean exists(String path) {
        try {
            return !path.isEmpty() && Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException | SecurityException e) {
            return false;
        }
    }

    private static boolean isDirectory(String path) {
        try {
            return !path.isEmpty() && Files.isDirectory(Path.of(path));
        } catch (InvalidPathException | SecurityException e) {
            return false;
        }
    }

    /**
     * {@code fnmatch.translate}: a regex matching a whole name. {@code *} is any run, {@code ?}
     * any character, {@code [...]} a set as Python reads it (a leading {@code !} negates, a
     * leading {@code ]} is literal, an unclosed {@code [} is literal, a reversed range matches
     * nothing); everything else is literal, backslash included.
     */
    static Pattern translate(String pattern) {
        int[] pat = pattern.codePoints().toArray();
        int n = pat.length;
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < n) {
            int c = pat[i++];
            if (c == '*') {
                if (!endsWithStar(regex)) {
                    regex.append(".*");
                }
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat[j] == '!') {
                    j++;
                }
                if (j < n && pat[j] == ']') {
                    j++;
                }
                while (j < n && pat[j] != ']') {
                    j++;
                }
                if (j >= n) {
                    literal(regex, '[');
                } else {
                    boolean negated = pat[i] == '!';
                    characterSet(regex, pat, negated ? i + 1 : i, j, negated);
                    i = j + 1;
                }
            } else {
                literal(regex, c);
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static boolean endsWithStar(StringBuilder regex) {
        int length = regex.length();
        return length >= 2 && regex.charAt(length - 2) == '.' && regex.charAt(length - 1) == '*';
    }

    /**
     * The set {@code pat[from, to)} as fnmatch reads it: the first character is never a range's
     * hyphen; {@code a-c} is a range; the character after a range's end cannot start another
     * range; a trailing hyphen is literal.
     */
    private static void characterSet(StringBuilder regex, int[] pat, int from, int to, boolean negated) {
        StringBuilder members = new StringBuilder();
        int p = from;
        int search = from + 1;
        while (true) {
            int k = indexOf(pat, '-', search, to);
            if (k < 0) {
                literals(members, pat, p, to);
                break;
            }
            if (k + 1 == to) {
                literals(members, pat, p, to);
                break;
            }
            literals(members, pat, p, k - 1);
            int low = pat[k - 1];
            int high = pat[k + 1];
            if (low <= high) {
                members.append("\\x{").append(Integer.toHexString(low)).append("}-\\x{")
                        .append(Integer.toHexString(high)).append('}');
            }
            p = k + 2;
            search = k + 3;
        }
        if (members.length() == 0) {
            regex.append(negated ? "." : "(?!)");
        } else {
            regex.append(negated ? "[^" : "[").append(members).append(']');
        }
    }

    private static int indexOf(int[] pat, int c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (pat[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private static void literals(StringBuilder out, int[] pat, int from, int to) {
        for (int k = from; k < to; k++) {
            literal(out, pat[k]);
        }
    }

    private static void literal(StringBuilder out, int codePoint) {
        out.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
