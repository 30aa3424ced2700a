package io.streamz4j.bench.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Kafka suite's command line, run by bench/compare-kafka:
 * <ul>
 * <li>{@code broker}: starts a {@link BenchBroker}, prints {@code BOOTSTRAP <servers>}, and runs
 * until its standard input closes;</li>
 * <li>{@code preload --bootstrap B --topic T --partitions P --records N --keys K}: creates and
 * fills the topic ({@link TopicLoader});</li>
 * <li>{@code sides}: prints the sides this build has, one a line;</li>
 * <li>{@code side --side S --bootstrap B --topic T --records N --keys K [--warmup 1] [--rounds 3]}:
 * runs side {@code S} over the whole topic, warm-up rounds first, and prints
 * {@code RESULT {json}} with messages/s of each measured round (from the side's call to the last
 * row summed, consumer start included) and how many sums differed from the expected ones (any
 * makes the figures worthless: the main then exits with status 1).</li>
 * </ul>
 *
 * <p>The sides are those in {@link #SIDES}: the plain consumer loop ({@code floor}) and
 * {@code streamz4j} (fromKafkaBatched into a frame group-by).
 *
 * <p>Thread safety: single-threaded (a side starts and ends its own threads).
 */
public final class KafkaBench {
    /** The sides by name, in the order they are listed. */
    static final Map<String, KafkaSide> SIDES = sides();

    private KafkaBench() {
    }

    private static Map<String, KafkaSide> sides() {
        Map<String, KafkaSide> sides = new LinkedHashMap<>();
        sides.put("floor", new ConsumerLoopFloor());
        sides.put("streamz4j", new FromKafkaBatchedSide());
        return sides;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("kafka bench: a command is required: broker, preload, sides or side");
        }
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "broker" -> broker(System.in);
            case "preload" -> TopicLoader.load(required(options, "--bootstrap"), required(options, "--topic"),
                    intOption(options, "--partitions", 4), longOption(options, "--records", 1_000_000),
                    intOption(options, "--keys", 100));
            case "sides" -> SIDES.keySet().forEach(System.out::println);
            case "side" -> {
                Result result = measure(required(options, "--side"), required(options, "--bootstrap"),
                        required(options, "--topic"), longOption(options, "--records", 1_000_000),
                        intOption(options, "--keys", 100), intOption(options, "--warmup", 1),
                        intOption(options, "--rounds", 3));
                System.out.println(result.json());
                if (result.mismatches() != 0) {
                    System.err.println("kafka bench: side " + result.side() + " got " + result.mismatches()
                            + " sums wrong");
                    System.exit(1);
                }
            }
            default -> throw new IllegalArgumentException("kafka bench: unknown command '" + args[0] + "'");
        }
    }

    /** What one side measured: messages/s of each round, and wrong sums over every round, warm-up included. */
    record Result(String side, long records, List<Double> messagesPerSecond, int mismatches) {
        String json() {
            StringJoiner rates = new StringJoiner(", ", "[", "]");
            messagesPerSecond.forEach(r -> rates.add(String.format(Locale.ROOT, "%.1f", r)));
            return String.format(Locale.ROOT, "RESULT {\"side\": \"%s\", \"records\": %d, \"messagesPerSecond\": %s,"
                    + " \"mismatches\": %d}", side, records, rates, mismatches);
        }
    }

    static Result measure(String sideName, String bootstrap, String topic, long records, int keys, int warmup,
            int rounds) throws Exception {
        KafkaSide side = SIDES.get(sideName);
        if (side == null) {
            throw new IllegalArgumentException("kafka bench: parameter '--side' must be one of " + SIDES.keySet()
                    + ", got '" + sideName + "'");
        }
        GroupSums expected = Rows.expected(records, keys);
        int mismatches = 0;
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < warmup + rounds; round++) {
            long start = System.nanoTime();
            GroupSums got = side.consume(bootstrap, topic, records, keys);
            long nanos = System.nanoTime() - start;
            mismatches += got.mismatches(expected);
            if (round >= warmup) {
                rates.add(records * 1e9 / nanos);
            }
        }
        return new Result(sideName, records, rates, mismatches);
    }

    /**
     * Runs the broker until {@code untilClosed} ends, then exits the JVM: a broker that failed to
     * start or stop may leave threads of its own behind, which must not keep the process (and the
     * script waiting on it) alive.
     */
    private static void broker(InputStream untilClosed) {
        int status = 0;
        try (BenchBroker broker = new BenchBroker()) {
            System.out.println("BOOTSTRAP " + broker.bootstrapServers());
            System.out.flush();
            drain(untilClosed);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] ignored = new byte[256];
        while (in.read(ignored) >= 0) {
            // the parent holds the pipe open while it needs the broker
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("kafka bench: expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("kafka bench: parameter '" + name + "' is required");
        }
        return value;
    }

    private static long longOption(Map<String, String> options, String name, long otherwise) {
        long value = Long.parseLong(options.getOrDefault(name, Long.toString(otherwise)));
        if (value < 0) {
            throw new IllegalArgumentException("kafka bench: parameter '" + name + "' must not be negative, got "
                    + value);
        }
        return value;
    }

    private static int intOption(Map<String, String> options, String name, int otherwise) {
        return Math.toIntExact(longOption(options, name, otherwise));
    }
}
