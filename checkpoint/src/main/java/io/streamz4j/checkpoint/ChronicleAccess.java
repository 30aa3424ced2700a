package io.streamz4j.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, when a journaled source is built, that the JVM was started with the
 * {@code --add-opens}/{@code --add-exports} flags Chronicle Queue needs on Java 17+ (memory-mapping,
 * cleaners, its runtime compiler; the list is the root POM's {@code streamz4j.jvm.flags} and the
 * README's "JVM flags for embedders"). Without them Chronicle fails later, on its first mapped file,
 * with a bare {@code AssertionError} or an access error that names none of them; this names every
 * missing one at once. A flag whose module the runtime does not have (a trimmed runtime without
 * {@code jdk.compiler}) is not asked for.
 *
 * <p>Thread safety: stateless; any thread.
 */
final class ChronicleAccess {
    /** What Chronicle reaches into: the module, the package, and whether it reflects (opens) or only links (exports). */
    private record Need(String module, String pkg, boolean open) {
        String flag(String target) {
            return (open ? "--add-opens=" : "--add-exports=") + module + "/" + pkg + "=" + target;
        }
    }

    private static final List<Need> NEEDS = List.of(
            new Need("java.base", "jdk.internal.ref", false),
            new Need("java.base", "sun.nio.ch", false),
            new Need("jdk.unsupported", "sun.misc", false),
            new Need("jdk.compiler", "com.sun.tools.javac.file", false),
            new Need("jdk.compiler", "com.sun.tools.javac", true),
            new Need("java.base", "java.lang", true),
            new Need("java.base", "java.lang.reflect", true),
            new Need("java.base", "java.io", true),
            new Need("java.base", "java.util", true));

    private ChronicleAccess() {
    }

    /** Throws a {@link JournalException} naming each missing flag, for a journal in {@code dir}. */
    static void require(Object dir) {
        // Chronicle core does the reflective work; naming the class does not initialise it.
        Module chronicle = net.openhft.chronicle.core.Jvm.class.getModule();
        List<String> missing = missing(chronicle);
        if (!missing.isEmpty()) {
            throw new JournalException("journal " + dir + ": this JVM was started without flags Chronicle Queue"
                    + " needs; add to the java command line: " + String.join(" ", missing)
                    + " (README, \"JVM flags for embedders\")");
        }
    }

    /** The flags {@code chronicle} would need and this JVM does not grant, in the README's order. */
    static List<String> missing(Module chronicle) {
        String target = chronicle.isNamed() ? chronicle.getName() : "ALL-UNNAMED";
        List<String> missing = new ArrayList<>();
        for (Need need : NEEDS) {
            Optional<Module> module = ModuleLayer.boot().findModule(need.module());
            if (module.isEmpty()) {
                continue;
            }
            boolean granted = need.open() ? module.get().isOpen(need.pkg(), chronicle)
                    : module.get().isExported(need.pkg(), chronicle);
            if (!granted) {
                missing.add(need.flag(target));
            }
        }
        return missing;
    }
}
