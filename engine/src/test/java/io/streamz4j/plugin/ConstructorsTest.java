package io.streamz4j.plugin;

import static io.streamz4j.plugin.PluginDiscoveryTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which public constructor a plugin's arguments select, as a Java call would. */
class ConstructorsTest {

    /** Overloads whose choice the tests observe. */
    public static final class Overloads {
        public Overloads(int x) {
        }

        public Overloads(long x) {
        }

        public Overloads(Object x) {
        }

        public Overloads(double d, boolean flag) {
        }

        public Overloads(String a, Object b) {
        }

        public Overloads(Object a, String b) {
        }

        public Overloads(Number a, List<?> b, CharSequence c) {
        }

        public Overloads(Integer a, List<?> b, String c) {
        }
    }

    private static String chosen(Object... args) {
        Constructor<?> constructor = Constructors.choose(
                Overloads.class.getConstructors(), args, "plugin 'test'", "(args...)");
        return Arrays.toString(constructor.getParameterTypes());
    }

    @Test
    void boxedNumbersSelectTheirPrimitiveOrAWiderOne() {
        assertEquals("[int]", chosen(3));
        assertEquals("[long]", chosen(3L));
        assertEquals("[int]", chosen((short) 3));
        assertEquals("[int]", chosen('c'));
        assertEquals("[class java.lang.Object]", chosen(2.5));
        assertEquals("[double, boolean]", chosen(1, true));
        assertEquals("[double, boolean]", chosen(1.5f, false));
    }

    @Test
    void referencesSelectTheMostSpecificConstructor() {
        assertEquals("[class java.lang.Object]", chosen("text"));
        assertEquals("[class java.lang.Object]", chosen((Object) null));
        assertEquals("[class java.lang.String, class java.lang.Object]", chosen("a", 1));
        assertEquals("[class java.lang.Integer, interface java.util.List, class java.lang.String]",
                chosen(1, List.of(), "c"));
        assertEquals("[class java.lang.Number, interface java.util.List, interface java.lang.CharSequence]",
                chosen(1L, List.of(), "c"));
    }

    @Test
    void ambiguousArgumentsAreAnError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> chosen("a", "b"));
        assertContains(error.getMessage(), "plugin 'test'", "ambiguous",
                "Overloads(java.lang.String, java.lang.Object)",
                "Overloads(java.lang.Object, java.lang.String)");
    }

    @Test
    void noApplicableConstructorListsThemAll() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> chosen(1, 2, 3, 4));
        assertContains(error.getMessage(), "no public constructor accepts (java.lang.Integer, "
                + "java.lang.Integer, java.lang.Integer, java.lang.Integer)", "(args...)",
                "Overloads(int)", "Overloads(double, boolean)");
    }

    @Test
    void primitivesRejectNullNarrowingAndOtherKinds() {
        assertFalse(Constructors.accepts(int.class, null));
        assertFalse(Constructors.accepts(int.class, 3L));
        assertFalse(Constructors.accepts(int.class, 3.0));
        assertFalse(Constructors.accepts(boolean.class, 1));
        assertFalse(Constructors.accepts(char.class, 65));
        assertTrue(Constructors.accepts(double.class, (byte) 1));
        assertTrue(Constructors.accepts(float.class, 1L));
        assertTrue(Constructors.accepts(boolean.class, true));
        assertTrue(Constructors.accepts(String.class, null));
    }
}
