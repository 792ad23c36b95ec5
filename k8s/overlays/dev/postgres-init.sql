-- Runs once, on an empty data directory: each service owns its database.
CREATE DATABASE connections OWNER s3flow;
CREATE DATABASE exports OWNER s3flow;
