package io.s3flow.credential.externalid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The external id of an org: HMAC-SHA256 of the org id under a secret key. Stable per org (nothing to store), and
 * unguessable without the key, which is what protects customers' roles from the confused-deputy problem. The same
 * key derives each org's bucket-ownership token, under another label, so neither can be computed from the other.
 */
@ApplicationScoped
public class ExternalIds {

    private final SecretKeySpec key;

    @Inject
    ExternalIds(ExternalIdConfig config) {
        this(config.secret());
    }

    public ExternalIds(String secret) {
        if (secret.length() < 16) {
            throw new IllegalArgumentException("s3flow.external-id.secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String org) {
        return hmac("s3flow-external-id:" + org);
    }

    /** What an org's bucket holds to prove it is the org's: see {@code platform/BucketOwnership}. */
    public String ownershipToken(String org) {
        return hmac("s3flow-bucket-owner:" + org);
    }

    private String hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
