package io.s3flow.connection.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void sealsAndOpensWithoutPlaintextInTheSealedForm() {
        EnvelopeCipher cipher = new EnvelopeCipher(Map.of("k1", key()), "k1");
        SealedSecret sealed = cipher.seal("{\"s3SecretKey\":\"abc123\"}", "row-1");
        assertFalse(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1).contains("abc123"));
        assertEquals("{\"s3SecretKey\":\"abc123\"}", cipher.open(sealed, "row-1"));
        assertNotEquals(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1),
                new String(cipher.seal("{\"s3SecretKey\":\"abc123\"}", "row-1").ciphertext(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void aSealedValueMovedToAnotherRowDoesNotOpen() {
        EnvelopeCipher cipher = new EnvelopeCipher(Map.of("k1", key()), "k1");
        SealedSecret sealed = cipher.seal("secret", "row-1");
        assertThrows(IllegalStateException.class, () -> cipher.open(sealed, "row-2"));
    }

    @Test
    void rotationKeepsOldRowsReadable() {
        byte[] old = key();
        SealedSecret sealed = new EnvelopeCipher(Map.of("k1", old), "k1").seal("secret", "row-1");
        EnvelopeCipher rotated = new EnvelopeCipher(Map.of("k1", old, "k2", key()), "k2");
        assertEquals("secret", rotated.open(sealed, "row-1"));
        assertTrue(rotated.isStale(sealed));
        assertFalse(rotated.isStale(rotated.seal("secret", "row-1")));
        assertThrows(IllegalStateException.class, () -> new EnvelopeCipher(Map.of("k2", key()), "k2").open(sealed, "row-1"));
    }

    @Test
    void refusesBadKeys() {
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeCipher(Map.of("k1", new byte[16]), "k1"));
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeCipher(Map.of("k1", key()), "k9"));
    }
}
