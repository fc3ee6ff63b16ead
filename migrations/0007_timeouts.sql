-- A slow or locked database must answer "unavailable" quickly instead of holding every
-- request: statements and lock waits have a ceiling for every session of this database,
-- over Neon's HTTP path, its WebSocket path and the local proxy alike (database defaults
-- apply to each new backend; no per-request SET is needed). The Worker answers 57014 and
-- 55P03 with the 503 page. Scripts that run long maintenance set their own limits.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET statement_timeout = %L', current_database(), '8s');
  EXECUTE format('ALTER DATABASE %I SET lock_timeout = %L', current_database(), '3s');
  EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = %L', current_database(), '30s');
END
$$;
