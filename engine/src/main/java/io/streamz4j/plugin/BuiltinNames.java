package io.streamz4j.plugin;

import io.streamz4j.Stream;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a plugin may not take because {@link Stream} already has them (streamz's
 * {@code hasattr(Stream, name)} check): every public method of {@code Stream}, by its Java name
 * ({@code sinkToList}) and by its streamz spelling ({@code sink_to_list}). Read from the class
 * itself, so a built-in added later reserves its name with no list to keep up to date. A method
 * marked {@link ProvidedByPlugin} forwards to the plugin of its name and reserves nothing.
 *
 * <p>Thread safety: stateless; the set it returns is immutable.
 */
final class BuiltinNames {
    private BuiltinNames() {
    }

    /** Every reserved name, sorted. */
    static Set<String> of(Class<?> streamClass) {
        Set<String> names = new TreeSet<>();
        for (Method method : streamClass.getMethods()) {
            if (method.isAnnotationPresent(ProvidedByPlugin.class)) {
                continue;
            }
            names.add(method.getName());
            names.add(snakeCase(method.getName()));
        }
        return Collections.unmodifiableSet(names);
    }

    /** {@code combineLatest} to {@code combine_latest}. */
    static String snakeCase(String javaName) {
        StringBuilder snake = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
