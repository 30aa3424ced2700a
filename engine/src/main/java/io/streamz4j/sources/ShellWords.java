package io.streamz4j.sources;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split(s)} (POSIX mode, no comments), which streamz's {@code from_process}
 * uses for a command given as one string: words split on blanks; single quotes keep everything;
 * double quotes keep everything but {@code \"} and {@code \\}; a backslash outside quotes keeps
 * the next character; {@code ''} is an empty word.
 *
 * <p>Thread safety: stateless.
 */
final class ShellWords {
    private static final char WORD = 'a';
    private static final char BLANK = ' ';
    private static final char ESCAPE = '\\';

    private ShellWords() {
    }

    /** The words of {@code command}; an IllegalArgumentException for an unclosed quote or a trailing backslash. */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        char state = BLANK;
        char escapedState = BLANK;
        for (int i = 0; i <= command.length(); i++) {
            boolean end = i == command.length();
            char c = end ? 0 : command.charAt(i);
            switch (state) {
                case BLANK, WORD -> {
                    if (end || isBlank(c)) {
                        if (word.length() > 0 || quoted) {
                            words.add(word.toString());
                        }
                        word.setLength(0);
                        quoted = false;
                        state = BLANK;
                    } else if (c == ESCAPE) {
                        escapedState = WORD;
                        state = ESCAPE;
                    } else if (c == '\'' || c == '"') {
                        state = c;
                    } else {
                        word.append(c);
                        state = WORD;
                    }
                }
                case '\'', '"' -> {
                    quoted = true;
                    if (end) {
                        throw new IllegalArgumentException("from_process: parameter 'command' has no closing quotation: "
                                + command);
                    }
                    if (c == state) {
                        state = WORD;
                    } else if (c == ESCAPE && state == '"') {
                        escapedState = state;
                        state = ESCAPE;
                    } else {
                        word.append(c);
                    }
                }
                default -> { // ESCAPE
                    if (end) {
                        throw new IllegalArgumentException("from_process: parameter 'command' ends with a lone "
                                + "backslash: " + command);
                    }
                    if (escapedState == '"' && c != ESCAPE && c != escapedState) {
                        word.append(ESCAPE);
                    }
                    word.append(c);
                    state = escapedState;
                }
            }
        }
        return words;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
