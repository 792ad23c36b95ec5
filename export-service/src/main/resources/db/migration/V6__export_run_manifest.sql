-- The manifest a successful run wrote, after its files: {key, bytes, etag, writtenAt} as JSON (null without one).
ALTER TABLE export_run ADD COLUMN manifest text;
