package io.s3flow.connection.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.s3flow.common.etag.Etags;
import io.s3flow.connection.secret.SealedSecret;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A base connection as stored. Secret params live only in the sealed columns; {@link #params} holds the rest. */
@Entity
@Table(name = "connection")
public class Connection extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "sandbox_name")
    public String sandboxName;
    public String name;
    public String description;
    @Column(name = "spec_id")
    public String specId;
    @Column(name = "spec_version")
    public String specVersion;
    @Column(name = "auth_spec_name")
    public String authSpecName;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> params;
    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;
    @Column(name = "secret_nonce")
    public byte[] secretNonce;
    @Column(name = "secret_data_key")
    public byte[] secretDataKey;
    @Column(name = "secret_key_id")
    public String secretKeyId;
    public String state;
    /** The bucket's region as S3 told it (see V2__connection_region.sql); null until discovered. */
    public String region;
    /** Optimistic lock: every update is {@code ... WHERE version = ?}, so of two writers with one etag only one wins. */
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "created_client")
    public String createdClient;
    @Column(name = "updated_client")
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

    /** The etag clients see for this version of the connection. */
    public String etag() {
        return Etags.of(id.toString(), version);
    }
}
