package io.s3flow.connection.registry;

import io.s3flow.common.tenant.TenantEntity;
import io.s3flow.connection.secret.SealedSecret;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A base connection as stored. Secret params live only in the sealed columns; {@link #params} holds the rest. */
@Entity
@Table(name = "connection")
public class Connection extends TenantEntity {

    public String description;
    public String specId;
    public String specVersion;
    public String authSpecName;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> params;
    public byte[] secretCiphertext;
    public byte[] secretNonce;
    public byte[] secretDataKey;
    public String secretKeyId;
    public String state;
    /** The bucket's region as S3 told it (see V2__connection_region.sql); null until discovered. */
    public String region;
    public String createdBy;
    public String updatedBy;
    public String createdClient;
    public String updatedClient;

    SealedSecret sealedSecret() {
        return secretCiphertext == null ? null : new SealedSecret(secretCiphertext, secretNonce, secretDataKey, secretKeyId);
    }

    void seal(SealedSecret sealed) {
        secretCiphertext = sealed == null ? null : sealed.ciphertext();
        secretNonce = sealed == null ? null : sealed.nonce();
        secretDataKey = sealed == null ? null : sealed.wrappedDataKey();
        secretKeyId = sealed == null ? null : sealed.keyId();
    }
}
