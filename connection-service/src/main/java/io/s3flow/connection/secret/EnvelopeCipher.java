package io.s3flow.connection.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope encryption: each value gets a fresh data key, wrapped by a master key. The row id is the
 * associated data, so a sealed value copied onto another row does not decrypt.
 */
public final class EnvelopeCipher {

    private static final String AES_GCM = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> masterKeys;
    private final String activeKeyId;

    public EnvelopeCipher(Map<String, byte[]> masterKeys, String activeKeyId) {
        masterKeys.forEach((id, key) -> {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("master key " + id + " must be 32 bytes, is " + key.length);
            }
        });
        if (!masterKeys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("active master key " + activeKeyId + " is not configured");
        }
        this.masterKeys = Map.copyOf(masterKeys);
        this.activeKeyId = activeKeyId;
    }

    public SealedSecret seal(String plaintext, String rowId) {
        byte[] dataKey = randomBytes(KEY_BYTES);
        try {
            byte[] nonce = randomBytes(NONCE_BYTES);
            byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, dataKey, nonce, rowId, plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] keyNonce = randomBytes(NONCE_BYTES);
            byte[] wrapped = crypt(Cipher.ENCRYPT_MODE, masterKeys.get(activeKeyId), keyNonce, activeKeyId, dataKey);
            return new SealedSecret(ciphertext, nonce, concat(keyNonce, wrapped), activeKeyId);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public String open(SealedSecret sealed, String rowId) {
        byte[] masterKey = masterKeys.get(sealed.keyId());
        if (masterKey == null) {
            throw new IllegalStateException("secret sealed with master key " + sealed.keyId() + ", which is not configured");
        }
        byte[] wrapped = sealed.wrappedDataKey();
        byte[] dataKey = crypt(Cipher.DECRYPT_MODE, masterKey, Arrays.copyOf(wrapped, NONCE_BYTES), sealed.keyId(),
                Arrays.copyOfRange(wrapped, NONCE_BYTES, wrapped.length));
        try {
            return new String(crypt(Cipher.DECRYPT_MODE, dataKey, sealed.nonce(), rowId, sealed.ciphertext()), StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Whether a sealed value should be rewritten under the active master key. */
    public boolean isStale(SealedSecret sealed) {
        return !sealed.keyId().equals(activeKeyId);
    }

    private static byte[] crypt(int mode, byte[] key, byte[] nonce, String associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // never the cause: its message may describe key material
            throw new IllegalStateException("secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "decrypted"));
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
