package io.streamz4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.examples.ReadmeSnippets.Snippet;
import io.streamz4j.examples.ReadmeSnippets.TypeDeclaration;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of the project's README.md compiles against the artifacts (this module
 * depends on all of them), and every snippet not marked compile-only runs and prints exactly what
 * its {@code // prints} comments say ({@link ReadmeSnippets} gives the rules). So the README
 * cannot drift from the code: a renamed method, an undeclared variable or a changed result fails
 * here.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyReadmeSnippetCompilesAndRunsAsTheTextSays() throws IOException {
        List<Snippet> snippets = ReadmeSnippets.parse(Files.readAllLines(README));
        assertFalse(snippets.isEmpty(), "no ```java block in " + README.toAbsolutePath());
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            Snippet snippet = snippets.get(i);
            String pkg = "readme.snippet" + i;
            tests.add(DynamicTest.dynamicTest(snippet.name(), () -> {
                Path classes = compile(snippet, pkg, work.resolve(pkg));
                if (snippet.runs()) {
                    assertEquals(snippet.promisedOutput(), run(classes, pkg + ".Snippet"),
                            snippet.name() + ": its standard output, line by line, against its // prints comments");
                }
            }));
        }
        return tests.stream();
    }

    /** The checks above can fail: an undeclared name does not compile, a wrong promise is caught. */
    @Test
    void aBrokenSnippetFailsAndAWrongPromiseIsCaught() throws Exception {
        List<Snippet> broken = ReadmeSnippets.parse(List.of("# t", "```java", "import io.streamz4j.Stream;", "",
                "Stream<Integer> s = new Stream<>();", "s.map(Json::parse).sink(deque::add);", "```"));
        AssertionError error = assertThrows(AssertionError.class,
                () -> compile(broken.get(0), "readme.broken", work.resolve("broken")));
        assertTrue(error.getMessage().contains("Json") && error.getMessage().contains("deque"), error.getMessage());

        Snippet wrong = ReadmeSnippets.parse(List.of("# t", "```java", "import io.streamz4j.Stream;", "",
                "Stream<Integer> s = new Stream<>();", "s.map(x -> x + 1).sink(System.out::println);",
                "s.emit(1);   // prints 3", "```")).get(0);
        assertEquals(List.of("3"), wrong.promisedOutput());
        Path classes = compile(wrong, "readme.wrong", work.resolve("wrong"));
        assertEquals(List.of("2"), run(classes, "readme.wrong.Snippet"));
    }

    /** A compile-only marker, declared types and imports are told apart from the statements. */
    @Test
    void typesImportsAndMarkersAreRecognised() {
        List<Snippet> snippets = ReadmeSnippets.parse(List.of("## Plugins", "<!-- compile-only: needs a jar -->",
                "", "```java", "import java.util.List;", "", "public final class P implements Runnable {",
                "    public void run() {", "    }", "}", "", "new P().run();", "```", "```java", "int x = 1;",
                "```"));
        assertEquals(2, snippets.size());
        Snippet plugins = snippets.get(0);
        assertEquals("needs a jar", plugins.compileOnlyBecause());
        assertEquals(List.of("import java.util.List;"), plugins.imports());
        assertEquals(List.of("P"), plugins.types().stream().map(TypeDeclaration::name).collect(Collectors.toList()));
        assertEquals(List.of("", "", "new P().run();"), plugins.statements());
        assertEquals(4, plugins.line());
        assertTrue(snippets.get(1).runs());
    }

    /** Compiles the snippet's units into {@code dir}/classes; an AssertionError with javac's messages if it fails. */
    private static Path compile(Snippet snippet, String pkg, Path dir) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src").resolve(pkg.replace('.', File.separatorChar)));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(sources.resolve("Snippet.java"), snippet.mainSource(pkg, "Snippet")));
        for (TypeDeclaration type : snippet.types()) {
            files.add(Files.writeString(sources.resolve(type.name() + ".java"), snippet.typeSource(pkg, type)));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "the tests run on a JRE without javac");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", testClassPath(), "-d", classes.toString(), "-proc:none",
                    "-Xlint:all", "-encoding", "UTF-8");
            boolean ok = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                String errors = diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> "  " + d.getSource().getName().replaceFirst(".*[/\\\\]", "") + ":"
                                + d.getLineNumber() + ": " + d.getMessage(null))
                        .collect(Collectors.joining("\n"));
                throw new AssertionError(snippet.name() + " does not compile:\n" + errors + "\nas wrapped:\n"
                        + snippet.mainSource(pkg, "Snippet"));
            }
        }
        return classes;
    }

    /**
     * Surefire may start the JVM with a manifest-only jar; its property names the real class
     * path then.
     */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Runs {@code main} of {@code className} from {@code classes}, returning the lines it printed. */
    private static List<String> run(Path classes, String className) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeSnippetsTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            // a guard against a snippet that never ends, not a timing check
            assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
                try {
                    main.invoke(null, (Object) new String[0]);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out.isEmpty() ? List.of() : out.lines().collect(Collectors.toList());
    }
}
