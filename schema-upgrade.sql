-- Upgrades a Latchkey database of an older schema version; `latchkey
-- init` runs the part for each version the database is past, in order,
-- in one transaction with schema.sql. Each part starts with a line
-- "-- version N" and brings a database of version N - 1 to version N.

-- version 2
ALTER TABLE audit_log ADD COLUMN via TEXT NOT NULL DEFAULT '';
ALTER TABLE token_families ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE token_families ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE token_families ADD COLUMN last_used_at INTEGER;
ALTER TABLE oauth_clients ADD COLUMN resource_server INTEGER NOT NULL
	DEFAULT 0 CHECK (resource_server IN (0, 1));
ALTER TABLE oauth_clients ADD COLUMN cc_sid TEXT;
-- dashboard: a resubmitted create form leads to what the first one made
ALTER TABLE form_nonces ADD COLUMN made TEXT;
-- dashboard: a rotated client secret may keep working for a grace period
ALTER TABLE oauth_clients ADD COLUMN old_secret_hash BLOB;
ALTER TABLE oauth_clients ADD COLUMN old_secret_until INTEGER;
-- client-signed JWTs (SPEC 10); client_jwt_jtis comes from schema.sql
ALTER TABLE api_keys ADD COLUMN jwt_secret BLOB;
ALTER TABLE api_keys ADD COLUMN public_jwk TEXT;
ALTER TABLE oauth_clients ADD COLUMN jwt_secret BLOB;
ALTER TABLE oauth_clients ADD COLUMN public_jwks TEXT;
-- plans, tiers and usage (SPEC 9); the plans table itself comes from
-- schema.sql, which runs after this part.
ALTER TABLE users ADD COLUMN plan TEXT REFERENCES plans(name);
ALTER TABLE api_keys ADD COLUMN tier TEXT REFERENCES plans(name);
-- Signature algorithms (SPEC 12, LATCHKEY_JWT_ALG): each key says its own.
ALTER TABLE signing_keys ADD COLUMN alg TEXT NOT NULL DEFAULT 'EdDSA'
	CHECK (alg IN ('EdDSA', 'ES256', 'RS256'));
-- OpenID Connect (SPEC 12): what an id_token echoes from the request.
ALTER TABLE oauth_codes ADD COLUMN nonce TEXT;
ALTER TABLE oauth_codes ADD COLUMN auth_time INTEGER;
