package io.streamz4j.frame.io;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Line-delimited JSON to frames, through Jackson: each string one JSON object, streamz's
 * {@code json.loads} step of the Collections example.
 *
 * <p>Thread safety: the shared ObjectMapper is thread-safe once configured; call from any thread.
 */
public final class FrameJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {
    };

    private FrameJson() {
    }

    /** Parses one JSON object; an IllegalArgumentException quoting the text if it is not one. */
    public static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, RECORD);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + json + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    public static Frame fromJson(Schema schema, List<String> jsonObjects, BufferAllocator allocator) {
        List<Map<String, Object>> records = new ArrayList<>(jsonObjects.size());
        for (String json : jsonObjects) {
            records.add(parse(json));
        }
        return FrameBuilder.fromRecords(schema, records, allocator);
    }
}
