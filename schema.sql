-- Latchkey schema. This file is the whole current schema; `latchkey init`
-- applies it (every statement is idempotent) and sets user_version. A
-- database of an older version is first brought up to date by
-- schema-upgrade.sql, which adds what CREATE ... IF NOT EXISTS can't.
-- Times are UNIX seconds (UTC). Secrets are stored only as keyed hashes.

-- Plans (tiers) the operator defines (SPEC 9); NULL limits: none.
CREATE TABLE IF NOT EXISTS plans (
	name		TEXT PRIMARY KEY,		-- [a-z0-9_-]{1,32}
	display_name	TEXT NOT NULL DEFAULT '',
	rank		INTEGER NOT NULL DEFAULT 0,	-- higher is more
	per_second	INTEGER,
	per_hour	INTEGER,
	per_month	INTEGER,			-- the account's quota
	created_at	INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS users (
	id		TEXT PRIMARY KEY,		-- usr_ + 16 base62
	email		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name		TEXT NOT NULL DEFAULT '',
	role		TEXT NOT NULL DEFAULT 'user'
			CHECK (role IN ('user', 'admin')),
	password_hash	TEXT NOT NULL,			-- argon2id string
	disabled	INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at	INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL,
	plan		TEXT REFERENCES plans(name)	-- NULL: none
) STRICT;

CREATE TABLE IF NOT EXISTS sessions (
	id		TEXT PRIMARY KEY,		-- ses_ + 16 base62
	token_hash	BLOB NOT NULL UNIQUE,		-- keyed BLAKE2b-256
	user_id		TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL,
	last_seen_at	INTEGER NOT NULL,
	ip		TEXT NOT NULL DEFAULT '',
	user_agent	TEXT NOT NULL DEFAULT '',
	notice		TEXT NOT NULL DEFAULT ''	-- shown once, then cleared
) STRICT;
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);

-- Events counted by the throttles: failed password checks per address,
-- per account and per (account, address), leaked-key reports per
-- address. A password check in progress holds its events already, so
-- concurrent attempts never exceed the budget.
CREATE TABLE IF NOT EXISTS throttle_events (
	scope		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	at		INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS throttle_events_subject
	ON throttle_events(scope, subject, at);
CREATE INDEX IF NOT EXISTS throttle_events_at ON throttle_events(at);

-- Addresses an account signed in from: for the API, such an address
-- is a known device (SPEC 8.8) for 30 days after the last success.
CREATE TABLE IF NOT EXISTS known_addresses (
	user_id		TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	ip		TEXT NOT NULL,
	last_success_at	INTEGER NOT NULL,
	PRIMARY KEY (user_id, ip)
) STRICT;

CREATE TABLE IF NOT EXISTS audit_log (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	actor_id	TEXT,				-- NULL: anonymous or system
	action		TEXT NOT NULL,
	target		TEXT NOT NULL DEFAULT '',
	ip		TEXT NOT NULL DEFAULT '',
	detail		TEXT NOT NULL DEFAULT '',	-- never a secret
	via		TEXT NOT NULL DEFAULT ''	-- web, api or cli
) STRICT;
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log(actor_id, at);
CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log(target, at);

-- API keys: only the keyed BLAKE2b-256 of the secret is kept.
CREATE TABLE IF NOT EXISTS api_keys (
	id		TEXT PRIMARY KEY,		-- key_ + 16 base62
	user_id		TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name		TEXT NOT NULL,
	prefix		TEXT NOT NULL,			-- sk_live_ ...
	hint		TEXT NOT NULL,			-- last 4 characters
	environment	TEXT NOT NULL CHECK (environment IN ('live', 'test')),
	restricted	INTEGER NOT NULL CHECK (restricted IN (0, 1)),
	permissions	TEXT NOT NULL,			-- canonical, space-separated
	key_hash	BLOB NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER,			-- NULL: never
	last_used_at	INTEGER,
	revoked_at	INTEGER,
	revoke_reason	TEXT NOT NULL DEFAULT '',
	rolled_to	TEXT,				-- the key that replaced it
	rate_limit	INTEGER,			-- per hour; NULL: default
	-- client-signed JWTs (SPEC 10): the key itself, sealed, only when
	-- its owner opted in to HS256 (jwt_signing); an Ed25519 public JWK
	jwt_secret	BLOB,				-- nonce || XChaCha20-Poly1305
	public_jwk	TEXT,
	tier		TEXT REFERENCES plans(name)	-- NULL: none
) STRICT;
CREATE INDEX IF NOT EXISTS api_keys_user ON api_keys(user_id, created_at);
-- "Replaces key_..." on a rolled key's successor, without a scan.
CREATE INDEX IF NOT EXISTS api_keys_rolled_to ON api_keys(rolled_to)
	WHERE rolled_to IS NOT NULL;

-- Single-use tokens of dashboard forms that must not run twice.
CREATE TABLE IF NOT EXISTS form_nonces (
	nonce		TEXT PRIMARY KEY,
	session_id	TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	at		INTEGER NOT NULL,
	-- What the form made (a key's or an app's id), so a second
	-- submission can lead to it instead of making another.
	made		TEXT
) STRICT;

-- Ed25519 keys that sign JWTs; the secret half sealed (secrets file).
CREATE TABLE IF NOT EXISTS signing_keys (
	kid		TEXT PRIMARY KEY,		-- kid_ + 16 base62
	public_key	BLOB NOT NULL,
	sealed_secret	BLOB NOT NULL,			-- nonce || XChaCha20-Poly1305
	created_at	INTEGER NOT NULL,
	retired_at	INTEGER,			-- NULL: the signing key
	-- SPEC 12: EdDSA keys are libsodium's 32/64 bytes, the others DER
	alg		TEXT NOT NULL DEFAULT 'EdDSA'
			CHECK (alg IN ('EdDSA', 'ES256', 'RS256'))
) STRICT;

-- A sign-in (or OAuth grant) and every refresh token rotated from it.
CREATE TABLE IF NOT EXISTS token_families (
	id		TEXT PRIMARY KEY,		-- fam_ + 16 base62
	user_id		TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	client_id	TEXT,				-- NULL: a login
	scope		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	revoked_at	INTEGER,
	ip		TEXT NOT NULL DEFAULT '',	-- of the sign-in
	user_agent	TEXT NOT NULL DEFAULT '',
	last_used_at	INTEGER				-- last refresh
) STRICT;
CREATE INDEX IF NOT EXISTS token_families_user ON token_families(user_id);
CREATE INDEX IF NOT EXISTS token_families_client ON token_families(client_id);

CREATE TABLE IF NOT EXISTS refresh_tokens (
	token_hash	BLOB PRIMARY KEY,		-- keyed BLAKE2b-256
	family_id	TEXT NOT NULL REFERENCES token_families(id)
			ON DELETE CASCADE,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	used_at		INTEGER				-- rotated: reuse revokes
) STRICT;
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens(family_id);

-- OAuth clients registered in the dashboard.
CREATE TABLE IF NOT EXISTS oauth_clients (
	client_id	TEXT PRIMARY KEY,		-- app_ + 16 base62
	user_id		TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name		TEXT NOT NULL,
	client_type	TEXT NOT NULL
			CHECK (client_type IN ('confidential', 'public')),
	secret_hash	BLOB,				-- keyed BLAKE2b-256
	redirect_uris	TEXT NOT NULL,			-- one a line, exact
	scopes		TEXT NOT NULL,			-- allowed
	grant_types	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	secret_rotated_at INTEGER,
	-- an admin lets it introspect every credential (SPEC 8.11)
	resource_server	INTEGER NOT NULL DEFAULT 0
			CHECK (resource_server IN (0, 1)),
	-- the sid of its client_credentials tokens, which keep no row of
	-- their own: a new value (secret rotation, revocation, its owner
	-- disabled) or deleting the app ends every one of them; NULL until
	-- the first such token
	cc_sid		TEXT,
	-- a rotation with a grace period keeps the previous secret's hash
	-- until then (both work)
	old_secret_hash	BLOB,
	old_secret_until INTEGER,
	-- client-signed JWTs and RFC 7523 assertions (SPEC 10): the client
	-- secret sealed when opted in to HS256; a JWK Set of Ed25519 keys
	jwt_secret	BLOB,
	public_jwks	TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS oauth_clients_user ON oauth_clients(user_id);
CREATE UNIQUE INDEX IF NOT EXISTS oauth_clients_cc_sid
	ON oauth_clients(cc_sid);

-- Authorization codes: single use, 60 seconds, PKCE S256 always.
CREATE TABLE IF NOT EXISTS oauth_codes (
	code_hash	BLOB PRIMARY KEY,		-- keyed BLAKE2b-256
	client_id	TEXT NOT NULL REFERENCES oauth_clients(client_id)
			ON DELETE CASCADE,
	user_id		TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	redirect_uri	TEXT NOT NULL,
	scope		TEXT NOT NULL,
	code_challenge	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	used_at		INTEGER,
	family_id	TEXT,				-- what the exchange issued
	nonce		TEXT,				-- OpenID Connect (SPEC 12)
	auth_time	INTEGER				-- the sign-in it came from
) STRICT;
CREATE INDEX IF NOT EXISTS oauth_codes_user ON oauth_codes(user_id, client_id);
CREATE INDEX IF NOT EXISTS oauth_codes_expires ON oauth_codes(expires_at);

-- Consents users gave, remembered per app and scope.
CREATE TABLE IF NOT EXISTS oauth_consents (
	user_id		TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	client_id	TEXT NOT NULL REFERENCES oauth_clients(client_id)
			ON DELETE CASCADE,
	scope		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (user_id, client_id)
) STRICT;

-- Verifications per key and UTC day, flushed from the shared counters
-- (usage.c) at most every 60 s; day is days since 1970-01-01.
CREATE TABLE IF NOT EXISTS key_usage (
	key_id		TEXT NOT NULL,
	user_id		TEXT NOT NULL,
	day		INTEGER NOT NULL,
	ok		INTEGER NOT NULL DEFAULT 0,
	insufficient_scope INTEGER NOT NULL DEFAULT 0,
	rate_limited	INTEGER NOT NULL DEFAULT 0,
	quota_exceeded	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (key_id, day)
) STRICT;
CREATE INDEX IF NOT EXISTS key_usage_user ON key_usage(user_id, day);
CREATE INDEX IF NOT EXISTS users_plan ON users(plan) WHERE plan IS NOT NULL;
CREATE INDEX IF NOT EXISTS api_keys_tier ON api_keys(tier)
	WHERE tier IS NOT NULL;

CREATE INDEX IF NOT EXISTS form_nonces_at ON form_nonces(at);
CREATE INDEX IF NOT EXISTS refresh_tokens_expires ON refresh_tokens(expires_at);

PRAGMA user_version = 2;

-- The jti of client-signed JWTs and assertions already used (SPEC 10):
-- a keyed hash of the credential and the jti, kept until the token's
-- exp has passed (plus the clock skew), then purged.
CREATE TABLE IF NOT EXISTS client_jwt_jtis (
	jti_hash	BLOB PRIMARY KEY,
	expires_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS client_jwt_jtis_expiry
	ON client_jwt_jtis(expires_at);

-- Notifications (SPEC 11): the outbox. An event is written in the same
-- transaction as the change it reports (event.c); latchkey-worker fans
-- each new one out to the owner's webhook endpoints and mail, then marks
-- it sent. The alerts page reads the alert types back from here.
CREATE TABLE IF NOT EXISTS events (
	id		INTEGER PRIMARY KEY,
	user_id		TEXT NOT NULL,			-- who it goes to
	type		TEXT NOT NULL,			-- "key.created", ...
	data		TEXT NOT NULL,			-- a JSON object
	at		INTEGER NOT NULL,
	sent		INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1))
) STRICT;
CREATE INDEX IF NOT EXISTS events_unsent ON events(id) WHERE sent = 0;
CREATE INDEX IF NOT EXISTS events_user ON events(user_id, at);
