package io.s3flow.export.lease;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Leases on rows (streams, runs) that one replica works on at a time: taken with {@code FOR UPDATE SKIP LOCKED}, each
 * with a token of its own that fences every later write, and running out by themselves if the holder dies.
 */
public final class Leases {

    /** A row leased to one worker: the token fences every write of that worker's turn. */
    public record Claim(UUID id, String token) {
    }

    private Leases() {
    }

    /**
     * Runs a claim statement: an UPDATE with three parameters (the owner, the lease in milliseconds, how many rows)
     * returning the claimed rows' id and token.
     */
    public static List<Claim> claim(AgroalDataSource dataSource, String sql, String owner, Duration lease, int limit)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement claim = c.prepareStatement(sql)) {
            claim.setString(1, owner);
            claim.setLong(2, lease.toMillis());
            claim.setInt(3, limit);
            List<Claim> claimed = new ArrayList<>();
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new Claim(rows.getObject(1, UUID.class), rows.getString(2)));
                }
            }
            return claimed;
        }
    }
}
