package io.streamz4j.bench.scatter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --name value} pairs of a main's command line; anything else is refused with the main's
 * usage in the message.
 *
 * <p>Thread safety: built and read by the main thread.
 */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(List<String> args) {
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!name.startsWith("--") || i + 1 == args.size()) {
                throw new IllegalArgumentException("scatter bench: expected --name value pairs, got '" + name + "'"
                        + (i + 1 == args.size() ? " without a value" : ""));
            }
            values.put(name, args.get(i + 1));
        }
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("scatter bench: parameter '" + name + "' is required");
        }
        return value;
    }

    String get(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int getInt(String name, int otherwise, int least) {
        int value = Integer.parseInt(get(name, Integer.toString(otherwise)));
        if (value < least) {
            throw new IllegalArgumentException("scatter bench: parameter '" + name + "' must be at least " + least
                    + ", got " + value);
        }
        return value;
    }

    double getSeconds(String name, double otherwise) {
        double value = Double.parseDouble(get(name, Double.toString(otherwise)));
        if (!(value >= 0)) {
            throw new IllegalArgumentException("scatter bench: parameter '" + name + "' must be at least 0, got "
                    + value);
        }
        return value;
    }
}
