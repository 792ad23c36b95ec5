package io.s3flow.connection.secret;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Reads the master keys once at start-up, so a missing or malformed key stops the service instead of a request. */
@ApplicationScoped
public class SecretCipherProducer {

    @Produces
    @ApplicationScoped
    EnvelopeCipher cipher(SecretsConfig config) {
        Map<String, byte[]> keys = new HashMap<>();
        config.keyFiles().forEach((id, file) -> {
            try {
                keys.put(id, Base64.getDecoder().decode(Files.readString(Path.of(file), StandardCharsets.US_ASCII).trim()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read master key " + id + " from " + file, e);
            }
        });
        return new EnvelopeCipher(keys, config.activeKey());
    }
}
