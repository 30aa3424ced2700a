package io.streamz4j.frame.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the frame kernels that have a SIMD form run it. They do when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the Vector API, an incubating module on Java 17,
 * so not resolved unless asked for) and {@code -Dstreamz4j.simd=false} does not turn them off;
 * otherwise the scalar kernels run, with the same results to the last few units in the last
 * place. Decided once, when first asked, and logged, so that an embedder sees which it got.
 *
 * <p>Thread safety: immutable after class initialisation.
 */
public final class Simd {
    /** The system property that turns the SIMD kernels off ({@code false}) or leaves them on ({@code true}, the default). */
    public static final String PROPERTY = "streamz4j.simd";
    /** The module that has to be in the boot layer. */
    public static final String MODULE = "jdk.incubator.vector";
    private static final boolean ENABLED = decide();

    private Simd() {
    }

    /** Whether the SIMD kernels run in this JVM. */
    public static boolean enabled() {
        return ENABLED;
    }

    private static boolean decide() {
        String wanted = System.getProperty(PROPERTY, "true");
        if (!wanted.equals("true") && !wanted.equals("false")) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be true or false, got '"
                    + wanted + "'");
        }
        boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
        Logger log = LoggerFactory.getLogger(Simd.class);
        if (!present) {
            log.info("SIMD frame kernels off: start the JVM with --add-modules {} to turn them on", MODULE);
        } else if (wanted.equals("false")) {
            log.info("SIMD frame kernels off: -D{}=false", PROPERTY);
        } else {
            log.info("SIMD frame kernels on ({})", MODULE);
        }
        return present && wanted.equals("true");
    }
}
