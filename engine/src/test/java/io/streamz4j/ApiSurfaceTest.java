package io.streamz4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The split between the engine's API and its internals, which the engine states in its
 * package-info files instead of a module-info: the machinery lives in
 * {@code io.streamz4j.runtime.internal}, and the API packages do not hand its types to users
 * except in the few places CONTRIBUTING lists.
 */
class ApiSurfaceTest {
    private static final String INTERNAL = "io.streamz4j.runtime.internal.";

    /** The places an API class shows an internal type, each one documented in CONTRIBUTING. */
    private static final Set<String> DOCUMENTED = Set.of(
            "io.streamz4j.core.Buffer extends RingNode",
            "io.streamz4j.sources.ThreadSafeSource extends RingNode",
            "io.streamz4j.core.Partition implements Receiver",
            "io.streamz4j.runtime.EventLoop.post takes Receiver");

    @Test
    void theRingAndLoopMachineryIsInTheInternalPackage() {
        for (String name : List.of("RingBoundary", "RingNode", "RingDrain", "Held", "Slot", "Receiver", "LoopCalls",
                "Delivery", "Failures", "Backpressure", "NodeGraph", "Placement", "Construction")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.streamz4j.runtime." + name),
                    name + " is in the API package io.streamz4j.runtime");
            assertTrue(exists(INTERNAL + name), name + " is not in " + INTERNAL);
        }
    }

    @Test
    void apiClassesShowInternalTypesOnlyWhereDocumented() throws Exception {
        Set<String> shown = new TreeSet<>();
        for (Class<?> type : apiClasses()) {
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            if (type.getSuperclass() != null && internal(type.getSuperclass())) {
                shown.add(type.getName() + " extends " + type.getSuperclass().getSimpleName());
            }
            for (Class<?> implemented : type.getInterfaces()) {
                if (internal(implemented)) {
                    shown.add(type.getName() + " implements " + implemented.getSimpleName());
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic()) {
                    note(shown, type.getName() + "." + method.getName(), method.getReturnType(),
                            method.getParameterTypes());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers())) {
                    note(shown, type.getName() + ".<init>", void.class, constructor.getParameterTypes());
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers())) {
                    note(shown, type.getName() + "." + field.getName(), field.getType());
                }
            }
        }
        assertEquals(new TreeSet<>(DOCUMENTED), shown);
    }

    private static void note(Set<String> shown, String member, Class<?> result, Class<?>... parameters) {
        if (internal(result)) {
            shown.add(member + " returns " + result.getSimpleName());
        }
        for (Class<?> parameter : parameters) {
            if (internal(parameter)) {
                shown.add(member + " takes " + parameter.getSimpleName());
            }
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean internal(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element.getName().startsWith(INTERNAL);
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Every top-level and nested class the engine's main classes hold outside the internal package. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(io.streamz4j.Stream.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/streamz4j"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (!name.startsWith(INTERNAL) && !name.endsWith("package-info")) {
                    classes.add(Class.forName(name, false, ApiSurfaceTest.class.getClassLoader()));
                }
            }
        }
        return classes;
    }
}
