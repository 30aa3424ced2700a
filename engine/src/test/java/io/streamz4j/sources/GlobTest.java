package io.streamz4j.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glob that filenames uses, and the command splitting from_process uses for a string: each
 * expected value below is what Python 3.11's {@code sorted(glob.glob(p))} and
 * {@code shlex.split(s)} return for the same tree and strings (streamz calls both).
 */
class GlobTest {
    @TempDir
    Path tmp;

    private String root;

    private void tree() throws IOException {
        root = tmp.toString();
        for (String dir : List.of("d1/sub", "d2", ".hid")) {
            Files.createDirectories(tmp.resolve(dir));
        }
        for (String file : List.of("a.csv", "b.csv", "c.txt", ".h.csv", "x[1].csv", "a-b", "d1/one.csv",
                "d1/two.txt", "d2/three.csv", "d1/sub/deep.csv", ".hid/h.csv", "B.csv", "!x")) {
            Files.createFile(tmp.resolve(file));
        }
    }

    /** Python's sorted(glob.glob(p)) for p = root + "/" + pattern, with "root/" taken off again. */
    private List<String> glob(String pattern) {
        List<String> found = new ArrayList<>();
        for (String path : Glob.glob(root + "/" + pattern)) {
            assertTrue(path.startsWith(root + "/"), path);
            found.add(path.substring(root.length() + 1));
        }
        found.sort(Glob.CODE_POINT_ORDER);
        return found;
    }

    // streamz4j: filenames globs as Python's glob.glob does (streamz sources.py::filenames).
    @Test
    void globMatchesWhatPythonMatches() throws IOException {
        tree();
        Map<String, List<String>> python = new java.util.LinkedHashMap<>();
        python.put("*.csv", List.of("B.csv", "a.csv", "b.csv", "x[1].csv"));
        python.put("./*.csv", List.of("./B.csv", "./a.csv", "./b.csv", "./x[1].csv"));
        python.put("d*/*.csv", List.of("d1/one.csv", "d2/three.csv"));
        python.put("*/*.csv", List.of("d1/one.csv", "d2/three.csv"));
        python.put(".*", List.of(".h.csv", ".hid"));
        python.put("*", List.of("!x", "B.csv", "a-b", "a.csv", "b.csv", "c.txt", "d1", "d2", "x[1].csv"));
        python.put("[ab].csv", List.of("a.csv", "b.csv"));
        python.put("[!ab].csv", List.of("B.csv"));
        python.put("[a-c].csv", List.of("a.csv", "b.csv"));
        python.put("[c-a].csv", List.of());
        python.put("?.csv", List.of("B.csv", "a.csv", "b.csv"));
        python.put("x[[]1].csv", List.of("x[1].csv"));
        python.put("[!]x", List.of());
        python.put("[]", List.of());
        python.put("d1/", List.of("d1/"));
        python.put("d*/", List.of("d1/", "d2/"));
        python.put("d1", List.of("d1"));
        python.put("nope/*", List.of());
        python.put("d1//*.csv", List.of("d1/one.csv"));
        python.put(".*/*.csv", List.of(".hid/h.csv"));
        python.put("[a-]-b", List.of("a-b"));
        python.put("*.[ct]*", List.of("B.csv", "a.csv", "b.csv", "c.txt", "x[1].csv"));
        python.put("[!-a]*", List.of("!x", "B.csv", "b.csv", "c.txt", "d1", "d2", "x[1].csv"));
        python.forEach((pattern, expected) -> assertEquals(expected, glob(pattern), pattern));
    }

    // streamz4j: a pattern without a directory lists the working directory and yields bare names,
    // as Python's glob does (surefire runs in the module directory, which holds pom.xml).
    @Test
    void aBarePatternListsTheWorkingDirectory() {
        assertEquals(List.of("pom.xml"), Glob.glob("pom.x?l"));
        assertEquals(List.of(), Glob.glob(""));
    }

    // streamz4j: fnmatch reads sets as Python does, including its odd corners.
    @Test
    void setsAreReadAsFnmatchReadsThem() {
        assertTrue(Glob.translate("[a-c-e]").matcher("-").matches(), "the hyphen after a range is literal");
        assertTrue(Glob.translate("[a-c-e]").matcher("e").matches());
        assertTrue(!Glob.translate("[a-c-e]").matcher("d").matches());
        assertTrue(Glob.translate("[!b-a]").matcher("z").matches(), "a negated empty set matches anything");
        assertTrue(Glob.translate("a\\b").matcher("a\\b").matches(), "a backslash is literal");
        assertTrue(Glob.translate("[").matcher("[").matches(), "an unclosed '[' is literal");
        assertTrue(Glob.translate("*.*").matcher("x.y.z").matches());
        assertTrue(!Glob.translate("?").matcher("ab").matches());
    }

    // streamz4j: Stream.fromProcess(String) splits its command as streamz does, with shlex.split.
    @Test
    void commandsSplitAsShlexSplits() {
        assertEquals(List.of("python", "-c", "for i in range(4): print(i)"),
                ShellWords.split("python -c \"for i in range(4): print(i)\""));
        assertEquals(List.of("a", "b", "c"), ShellWords.split("a  b\tc"));
        assertEquals(List.of("x y", "q\"z\\n", "s\\t", "", "", "e\\f"),
                ShellWords.split("x\\ y \"q\\\"z\\n\" 's\\t' \"\" '' e\\\\f"));
        assertEquals(List.of(), ShellWords.split("  "));
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> ShellWords.split("echo 'x"));
        assertTrue(unclosed.getMessage().contains("'command'"), unclosed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo x\\"));
    }
}
