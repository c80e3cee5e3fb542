#!/bin/bash
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d):
# one role and database for conversations (Rasa's tracker store), one for the app.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE tracker LOGIN PASSWORD '${TRACKER_DB_PASSWORD}';
CREATE DATABASE tracker OWNER tracker;
CREATE ROLE app LOGIN PASSWORD '${APP_DB_PASSWORD}';
CREATE DATABASE app OWNER app;
SQL
