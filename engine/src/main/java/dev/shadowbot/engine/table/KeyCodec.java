package dev.shadowbot.engine.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Stores key values (Strings, or byte[] for binary columns) as JSON text for checkpoints:
 * {@code [["s","42"],["b","AAE="]]}. Strings keep the column's collation semantics when bound back;
 * bytes keep binary order.
 */
public final class KeyCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyCodec() {
    }

    public static String encode(Object[] key) {
        List<List<String>> out = new ArrayList<>();
        for (Object v : key) {
            if (v instanceof byte[] b) {
                out.add(List.of("b", Base64.getEncoder().encodeToString(b)));
            } else {
                out.add(List.of("s", String.valueOf(v)));
            }
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Object[] decode(String text) {
        try {
            List<?> list = JSON.readValue(text, List.class);
            Object[] out = new Object[list.size()];
            for (int i = 0; i < out.length; i++) {
                List<?> pair = (List<?>) list.get(i);
                String v = (String) pair.get(1);
                out[i] = "b".equals(pair.get(0)) ? Base64.getDecoder().decode(v) : v;
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt copy checkpoint: " + text, e);
        }
    }
}
