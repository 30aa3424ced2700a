package io.streamz4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java snippets of a Markdown document, each turned into compilation units: every
 * {@code ```java} block, its imports, the types it declares at the left margin (each becomes a file
 * of its own) and its statements (the body of a generated {@code main}). A snippet is written as
 * for {@code jshell}: JShell's default imports ({@code java.util.*}, {@code java.nio.file.*},
 * {@code java.util.concurrent.*}, ...) are implied, every other import is written out.
 *
 * <p>A block preceded by {@code <!-- compile-only: why -->} is only compiled; every other block is
 * run, and its standard output must be exactly the lines its {@code // prints X} comments name,
 * in order.
 *
 * <p>Thread safety: immutable once parsed.
 */
final class ReadmeSnippets {
    /** JShell's default imports. */
    static final List<String> DEFAULT_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*",
            "java.nio.file.*", "java.util.*", "java.util.concurrent.*", "java.util.function.*",
            "java.util.prefs.*", "java.util.regex.*", "java.util.stream.*");

    private static final Pattern COMPILE_ONLY = Pattern.compile("<!--\\s*compile-only:\\s*(.+?)\\s*-->");
    private static final Pattern PRINTS = Pattern.compile("//\\s*prints (.+)$");
    private static final Pattern TYPE = Pattern.compile(
            "^(?:public\\s+)?(?:final\\s+|abstract\\s+)?(?:class|interface|record|enum)\\s+(\\w+)");

    /** One block: where it starts, its parts, and whether it runs. */
    record Snippet(int line, String heading, List<String> imports, List<TypeDeclaration> types,
            List<String> statements, String compileOnlyBecause, List<String> promisedOutput) {

        boolean runs() {
            return compileOnlyBecause == null;
        }

        String name() {
            return "README.md line " + line + " (" + heading + ")" + (runs() ? "" : ", compile-only");
        }

        /** The statements as the body of {@code main} of class {@code className} in {@code pkg}. */
        String mainSource(String pkg, String className) {
            StringBuilder out = header(pkg);
            out.append("public final class ").append(className).append(" {\n")
                    .append("    public static void main(String[] args) throws Exception {\n");
            for (String statement : statements) {
                out.append("        ").append(statement).append('\n');
            }
            return out.append("    }\n}\n").toString();
        }

        /** A declared type as a compilation unit of its own in {@code pkg}. */
        String typeSource(String pkg, TypeDeclaration type) {
            return header(pkg).append(String.join("\n", type.lines())).append('\n').toString();
        }

        private StringBuilder header(String pkg) {
            StringBuilder out = new StringBuilder("package ").append(pkg).append(";\n\n");
            imports.forEach(i -> out.append(i).append('\n'));
            DEFAULT_IMPORTS.forEach(i -> out.append("import ").append(i).append(";\n"));
            return out.append('\n');
        }
    }

    /** A type a snippet declares at the left margin, from its first line to its closing brace. */
    record TypeDeclaration(String name, List<String> lines) {
    }

    private ReadmeSnippets() {
    }

    /** Every {@code ```java} block of {@code markdown}, in order. */
    static List<Snippet> parse(List<String> markdown) {
        List<Snippet> snippets = new ArrayList<>();
        String heading = "top";
        for (int i = 0; i < markdown.size(); i++) {
            String line = markdown.get(i);
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
            }
            if (!line.strip().equals("```java")) {
                continue;
            }
            int end = i + 1;
            while (end < markdown.size() && !markdown.get(end).strip().equals("```")) {
                end++;
            }
            if (end == markdown.size()) {
                throw new IllegalArgumentException("the ```java block at line " + (i + 1) + " is not closed");
            }
            snippets.add(snippet(i + 1, heading, compileOnlyBecause(markdown, i), markdown.subList(i + 1, end)));
            i = end;
        }
        return snippets;
    }

    /** The reason of a {@code compile-only} comment on the last non-blank line before {@code fence}. */
    private static String compileOnlyBecause(List<String> markdown, int fence) {
        for (int j = fence - 1; j >= 0; j--) {
            String before = markdown.get(j).strip();
            if (!before.isEmpty()) {
                Matcher m = COMPILE_ONLY.matcher(before);
                return m.matches() ? m.group(1) : null;
            }
        }
        return null;
    }

    private static Snippet snippet(int line, String heading, String compileOnlyBecause, List<String> body) {
        List<String> imports = new ArrayList<>();
        List<TypeDeclaration> types = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        List<String> promised = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String code = body.get(i);
            Matcher type = TYPE.matcher(code);
            if (code.startsWith("import ")) {
                imports.add(code);
            } else if (type.find()) {
                int close = i;
                while (close < body.size() && !body.get(close).equals("}")) {
                    close++;
                }
                if (close == body.size()) {
                    throw new IllegalArgumentException("README.md line " + (line + 1 + i) + ": type "
                            + type.group(1) + " has no closing brace at the left margin");
                }
                types.add(new TypeDeclaration(type.group(1), List.copyOf(body.subList(i, close + 1))));
                i = close;
            } else {
                statements.add(code);
                Matcher prints = PRINTS.matcher(code);
                if (prints.find()) {
                    promised.add(prints.group(1).strip());
                }
            }
        }
        return new Snippet(line, heading, imports, types, statements, compileOnlyBecause, promised);
    }
}
