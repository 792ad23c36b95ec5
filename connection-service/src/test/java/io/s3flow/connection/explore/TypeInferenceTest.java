package io.s3flow.connection.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s3flow.connection.explore.TypeInference.Type;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TypeInferenceTest {

    private static Type of(String... values) {
        return TypeInference.of(Arrays.asList(values));
    }

    @Test
    void narrowestTypeThatFitsEveryValue() {
        assertEquals(Type.INTEGER, of("1", "-2", "", null));
        assertEquals(Type.NUMBER, of("1", "2.5", "1e3"));
        assertEquals(Type.BOOLEAN, of("true", "FALSE"));
        assertEquals(Type.DATE, of("2026-11-22"));
        assertEquals(Type.TIMESTAMP, of("2026-11-22", "2026-11-22T10:00:00+01:00"));
        assertEquals(Type.STRING, of("1", "x"));
        assertEquals(Type.STRING, of("", null));
        assertEquals(Type.NUMBER, of("12345678901234567890123"), "too long for an integer, still a number");
    }
}
