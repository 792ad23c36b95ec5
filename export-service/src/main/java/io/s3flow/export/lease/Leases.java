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
        return claim(dataSource, sql, owner, lease, limit, (claim, row) -> claim);
    }

    /** What a claim returns beyond the row's id and token (its first two columns), read from the rest of the row. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(Claim claim, ResultSet row) throws SQLException;
    }

    /** {@link #claim(AgroalDataSource, String, String, Duration, int)}, each claimed row also read by {@code rows}. */
    public static <T> List<T> claim(AgroalDataSource dataSource, String sql, String owner, Duration lease, int limit,
            Rows<T> rows) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement claim = c.prepareStatement(sql)) {
            claim.setString(1, owner);
            claim.setLong(2, lease.toMillis());
            claim.setInt(3, limit);
            List<T> claimed = new ArrayList<>();
            try (ResultSet row = claim.executeQuery()) {
                while (row.next()) {
                    claimed.add(rows.read(new Claim(row.getObject(1, UUID.class), row.getString(2)), row));
                }
            }
            return claimed;
        }
    }
}
