package io.streamz4j.frame;

import io.streamz4j.OracleScript;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs an oracle script (one of this module's test resources, or code a test composed) through the project's {@code tools/streamz-oracle}
 * on an input written as JSON, and reads back the JSON it prints after a marker: the differential
 * tests' one way to ask streamz + pandas. The test is aborted, saying why, when the oracle is missing
 * or cannot import streamz and pandas.
 *
 * <p>Thread safety: stateless; each call runs its own Python process.
 */
public final class PythonOracle {
    /** Reads the NaN and infinities that Python's json module writes. */
    public static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * The head of every composed script: warnings off, numpy, pandas, streamz's Stream and
     * DataFrame, the input as {@code spec}, and {@code num(v)}: a value as a float, NaN as None
     * (JSON has no NaN).
     */
    public static final String PRELUDE = String.join("\n",
            "import json, math, sys, warnings",
            "warnings.simplefilter('ignore')",
            "import numpy as np, pandas as pd",
            "from streamz import Stream",
            "from streamz.dataframe import DataFrame",
            "spec = json.load(open(sys.argv[1]))",
            "def num(v):",
            "    v = float(v)",
            "    return None if math.isnan(v) else v",
            "");

    private PythonOracle() {
    }

    /** The JSON that the resource {@code script} (next to this class) printed after {@code marker} for {@code input}. */
    public static JsonNode run(String script, Object input, String marker) throws IOException, InterruptedException {
        try (InputStream in = PythonOracle.class.getResourceAsStream(script)) {
            return exec(new String(in.readAllBytes(), StandardCharsets.UTF_8), input, marker, 540);
        }
    }

    /**
     * The JSON that the Python {@code body}, run after {@link #PRELUDE}, printed after {@code marker};
     * the body finds {@code input} as {@code spec}. The run fails after {@code timeoutS} seconds,
     * which the caller keeps below its test's own timeout so that the failure names the oracle
     * rather than the test's clock.
     */
    public static JsonNode runCode(String body, Object input, String marker, int timeoutS)
            throws IOException, InterruptedException {
        return exec(PRELUDE + body, input, marker, timeoutS);
    }

    /** The seed of a randomized oracle test: {@code -Dstreamz.seed}, else {@code fallback}; printed to reproduce a run. */
    public static long seed(String test, long fallback) {
        long seed = Long.getLong("streamz.seed", fallback);
        System.out.println(test + ": seed " + seed + " (override with -Dstreamz.seed=N)");
        return seed;
    }

    /** Runs {@code code} with the input written as JSON to the file named by {@code sys.argv[1]}. */
    private static JsonNode exec(String code, Object input, String marker, int timeoutS)
            throws IOException, InterruptedException {
        Path oracle = OracleScript.locate();
        Path dir = Files.createTempDirectory("frame-oracle");
        Path script = dir.resolve("oracle.py");
        Files.writeString(script, code, StandardCharsets.UTF_8);
        Path data = dir.resolve("input.json");
        JSON.writeValue(data.toFile(), input);
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder("bash", oracle.toString(), script.toString(), data.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("the streamz oracle did not finish in " + timeoutS + " s; script kept at " + script);
        }
        for (String line : Files.readString(stdout, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(marker)) {
                return JSON.readTree(line.substring(marker.length()));
            }
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        fail("the streamz oracle printed no results; exit " + p.exitValue() + ", script kept at " + script
                + ", stderr: " + err.substring(Math.max(0, err.length() - 4000)));
        return null;
    }
}
