-- Where a run writes, fixed with its plan: a retry writes the same keys into the same bucket and folder, even if
-- the connection was renamed or moved meanwhile (a moved connection fails the run instead of splitting it).
ALTER TABLE export_run ADD COLUMN destination text;  -- JSON: {bucket, prefix, connectionName}

