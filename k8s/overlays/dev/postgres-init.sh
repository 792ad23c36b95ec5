#!/bin/bash
# Runs once, on an empty data directory: a user per service, each owning only its database.
set -euo pipefail
for pair in "connection_service:connections:$CONNECTIONS_DB_PASSWORD" "export_service:exports:$EXPORTS_DB_PASSWORD"; do
  IFS=: read -r user db password <<<"$pair"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v user="$user" -v db="$db" -v password="$password" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
