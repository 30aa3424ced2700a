package io.streamz4j.frame;

import io.streamz4j.OracleScript;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs one of this module's oracle scripts (a test resource) through {@code shared/tools/streamz-oracle}
 * on an input written as JSON, and reads back the JSON it prints after a marker: the differential
 * tests' one way to ask streamz + pandas. The test is aborted, saying why, when the oracle is missing
 * or cannot import streamz and pandas.
 *
 * <p>Thread safety: stateless; each call runs its own Python process.
 */
final class PythonOracle {
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private PythonOracle() {
    }

    /** The JSON {@code script} printed after {@code marker} for {@code input}. */
    static JsonNode run(String script, Object input, String marker) throws IOException, InterruptedException {
        Path oracle = OracleScript.locate();
        Path dir = Files.createTempDirectory("frame-oracle");
        Path code = dir.resolve(script);
        try (InputStream in = PythonOracle.class.getResourceAsStream(script)) {
            Files.write(code, in.readAllBytes());
        }
        Path data = dir.resolve("input.json");
        JSON.writeValue(data.toFile(), input);
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder("bash", oracle.toString(), code.toString(), data.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(540, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("the streamz oracle did not finish in 540 s");
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        Assumptions.assumeFalse(err.contains("No module named 'streamz'") || err.contains("No module named 'pandas'"),
                "streamz + pandas could not be installed for the oracle: " + err);
        for (String line : Files.readString(stdout, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(marker)) {
                return JSON.readTree(line.substring(marker.length()));
            }
        }
        fail("the streamz oracle printed no results; exit " + p.exitValue() + ", stderr: "
                + err.substring(Math.max(0, err.length() - 4000)));
        return null;
    }
}
