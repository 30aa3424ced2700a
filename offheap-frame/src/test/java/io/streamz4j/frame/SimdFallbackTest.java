package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.kernel.Simd;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD kernels are optional: a JVM started without {@code --add-modules jdk.incubator.vector},
 * or with {@code -Dstreamz4j.simd=false}, runs the scalar kernels and gets the rolling means this
 * (SIMD) JVM gets; a bad value of the property is refused by name. Each case is a real child JVM
 * ({@link Probe}) on this test's class path.
 */
class SimdFallbackTest {
    private static final int ROWS = 20_000;

    @Test
    void withoutTheModuleTheScalarKernelsGiveTheSameMeans() throws Exception {
        List<String> flags = parentFlags();
        flags.removeIf(flag -> flag.contains(Simd.MODULE));
        assertSameMeans(run(flags));
    }

    @Test
    void thePropertyTurnsTheSimdKernelsOff() throws Exception {
        List<String> flags = parentFlags();
        flags.add("-D" + Simd.PROPERTY + "=false");
        assertSameMeans(run(flags));
    }

    @Test
    void aBadPropertyValueIsRefusedByName() throws Exception {
        List<String> flags = parentFlags();
        flags.add("-D" + Simd.PROPERTY + "=maybe");
        Result child = run(flags);
        assertTrue(child.exit != 0, "the child should fail, it printed: " + child.out);
        assertTrue(child.err.contains("system property streamz4j.simd must be true or false, got 'maybe'"), child.err);
    }

    private static void assertSameMeans(Result child) {
        assertEquals(0, child.exit, child.err);
        String[] lines = child.out.strip().split("\n");
        assertEquals("simd=false", lines[0], child.out);
        double[] scalar = Arrays.stream(lines[1].split(",")).mapToDouble(Double::parseDouble).toArray();
        assertTrue(Simd.enabled(), "this JVM runs the SIMD kernels");
        double[] simd = Probe.rollingMeans();
        assertEquals(ROWS, scalar.length);
        for (int i = 0; i < ROWS; i++) {
            // NaN while the window is not yet full
            boolean same = Double.isNaN(simd[i]) ? Double.isNaN(scalar[i])
                    : Math.abs(simd[i] - scalar[i]) <= 1e-12 * Math.abs(simd[i]);
            assertTrue(same, "row " + i + ": scalar " + scalar[i] + ", simd " + simd[i]);
        }
        assertTrue(Double.isNaN(simd[998]) && !Double.isNaN(simd[999]), "the first full window is row 999");
    }

    /** This JVM's --add-* and -D flags, which the children start from. */
    private static List<String> parentFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        Process child = new ProcessBuilder(command).start();
        try {
            // the outputs are small; read both to the end before waiting
            byte[] out = child.getInputStream().readAllBytes();
            byte[] err = child.getErrorStream().readAllBytes();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
            return new Result(child.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * The child: prints whether the SIMD kernels are on, then the rolling(1000) means of a fixed
     * series of uniform values in frames of 3,000 rows, comma-separated.
     */
    public static final class Probe {
        private Probe() {
        }

        public static void main(String[] args) {
            StringBuilder line = new StringBuilder();
            for (double mean : rollingMeans()) {
                line.append(line.length() == 0 ? "" : ",").append(mean);
            }
            System.out.println("simd=" + Simd.enabled());
            System.out.println(line);
        }

        static double[] rollingMeans() {
            Schema schema = Schema.builder().add("x", ColumnType.DOUBLE).build();
            Random random = new Random(3);
            double[] means = new double[ROWS];
            int[] seen = new int[1];
            try (BufferAllocator allocator = new RootAllocator()) {
                DataFrame df = DataFrame.create(schema, allocator);
                Stream<?> sink = df.rolling(1000).mean().stream().sink(f -> {
                    for (double d : f.doubles("x")) {
                        means[seen[0]++] = d;
                    }
                });
                for (int done = 0; done < ROWS; done += 3000) {
                    List<Object[]> rows = new ArrayList<>();
                    for (int i = done; i < Math.min(ROWS, done + 3000); i++) {
                        rows.add(new Object[] {random.nextDouble() * 1000});
                    }
                    try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                        df.emit(f);
                    }
                }
                sink.destroy();
                df.stream().destroy();
            }
            return means;
        }
    }
}
