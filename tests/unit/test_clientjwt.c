/*
 * Client-signed JWTs (SPEC 10), the pure parts: strict JWK and JWK Set
 * validation, token parsing, the time rules, and signatures checked
 * against vectors made by PyJWT 2.6.0 (HS256 with a key-shaped secret;
 * EdDSA with the RFC 8037 A.1 key), not by our code.
 */
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "clientjwt.h"
#include "t.h"

static const char RFC_X[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
static const char HS_SECRET[] = "sk_test_0123456789abcdefghijABCDEFGHIJ012345";
#define PAYLOAD "eyJhdWQiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwiaWF0Ijox" \
	"ODAwMDAwMDAwLCJleHAiOjE4MDAwMDA2MDAsInN1YiI6InVzZXJfaWQiLCJzY29wZSI6" \
	"InJlYWQifQ"
static const char HS_TOK[] =
    "eyJhbGciOiJIUzI1NiIsImtpZCI6ImtleV9BQUFBQUFBQUFBQUFBQUFBIiwidHlwIjoi"
    "SldUIn0." PAYLOAD ".8_-6x85k-qCaWf5PKouAuEd8UOMD6IMOkLdI4r9EYKQ";
static const char ED_TOK[] =
    "eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV9BQUFBQUFBQUFBQUFBQUFBIiwidHlwIjoi"
    "SldUIn0." PAYLOAD ".1AfFGaxFLRS7XD9TTQYvt-0qha6XAcNIR8S0rxJNg4XXyay4xGm"
    "CzqrY605rQ_U_cTmrA0TynHm6Zmqjmg00CA";
static const int64_t IAT = 1800000000;

#define JWK(members) "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" \
	"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"" members "}"

static const struct {
	const char	*text;
	int		 ok;
} jwks[] = {
	{ JWK(""), 1 },
	{ JWK(",\"kid\":\"k-1\""), 1 },
	{ JWK(",\"use\":\"sig\",\"alg\":\"EdDSA\",\"key_ops\":[\"verify\"]"), 1 },
	{ JWK(",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\""), 0 },
	{ JWK(",\"x5u\":\"https://evil.example/k\""), 0 },
	{ JWK(",\"jku\":\"https://evil.example/k\""), 0 },
	{ JWK(",\"use\":\"enc\""), 0 },
	{ JWK(",\"alg\":\"HS256\""), 0 },
	{ JWK(",\"key_ops\":[\"sign\"]"), 0 },
	{ JWK(",\"kid\":\"a\\\"b\""), 0 },
	{ JWK(",\"kid\":\"kid_AAAAAAAAAAAAAAAA\""), 0 },	/* ours */
	{ JWK(",\"kid\":\"kidX\""), 0 },
	{ JWK(",\"kid\":\"ki\""), 1 },
	{ JWK(",\"kty\":\"OKP\""), 0 },		/* duplicate member */
	{ "{\"kty\":\"RSA\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg"
	    "7hcvPapiMlrwIaaPcHURo\"}", 0 },
	{ "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg"
	    "7hcvPapiMlrwIaaPcHURo\"}", 0 },
	{ "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHO"
	    "g7hcvPapiMlrwIaaPcHUR\"}", 0 },	/* 42 characters */
	{ "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg"
	    "7hcvPapiMlrwIaaPcHURp\"}", 0 },	/* non-canonical last char */
	{ "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS/7TyWQHOg"
	    "7hcvPapiMlrwIaaPcHURo\"}", 0 },	/* not url-safe */
	{ "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg"
	    "7hcvPapiMlrwIaaPcHURo=\"}", 0 },	/* padding */
	{ "{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}", 0 },
	{ "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":17}", 0 },
	{ "[]", 0 },
	{ "", 0 },
	{ "{\"keys\":[]}", 0 },
};

static const struct {
	const char	*text;
	size_t		 n;	/* 0: refused */
} sets[] = {
	{ "{\"keys\":[" JWK(",\"kid\":\"a\"") "]}", 1 },
	{ "{\"keys\":[" JWK(",\"kid\":\"a\"") "," JWK(",\"kid\":\"b\"") "]}",
	    2 },
	{ "{\"keys\":[" JWK(",\"kid\":\"a\"") "," JWK(",\"kid\":\"a\"") "]}",
	    0 },				/* kid not unique */
	{ "{\"keys\":[" JWK("") "]}", 0 },	/* kid required */
	{ "{\"keys\":[]}", 0 },
	{ "{\"keys\":{}}", 0 },
	{ "{\"keys\":[" JWK(",\"kid\":\"a\"") "],\"x\":1}", 0 },
	{ "{\"keys\":[" JWK(",\"kid\":\"1\"") "," JWK(",\"kid\":\"2\"") ","
	    JWK(",\"kid\":\"3\"") "," JWK(",\"kid\":\"4\"") ","
	    JWK(",\"kid\":\"5\"") "," JWK(",\"kid\":\"6\"") "]}", 0 },
	{ JWK(",\"kid\":\"a\""), 0 },		/* a key, not a set */
};

static void
test_jwk(void)
{
	unsigned char	 x[32], want[32];
	char		 canon[CJWT_JWKMAX];
	const char	*msg;
	struct cjwt_jwks set;
	size_t		 i, n;

	sodium_base642bin(want, 32, RFC_X, strlen(RFC_X), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	for (i = 0; i < sizeof(jwks) / sizeof(jwks[0]); i++) {
		msg = NULL;
		CHECKF((cjwt_jwk_parse(jwks[i].text, x, canon, &msg) == 0) ==
		    jwks[i].ok, "jwk %zu: %s", i, jwks[i].text);
		if (jwks[i].ok) {
			CHECK(memcmp(x, want, 32) == 0);
			CHECKF(strcmp(canon, JWK("")) == 0, "canon %s", canon);
		} else
			CHECK(msg != NULL);
	}
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		CHECKF((cjwt_jwks_parse(sets[i].text, &set, canon, &msg) ==
		    0) == (sets[i].n > 0), "set %zu", i);
		if (sets[i].n > 0)
			CHECK(set.n == sets[i].n && strcmp(set.kid[0],
			    i == 7 ? "1" : "a") == 0);
	}
	CHECK(cjwt_jwk_parse(JWK(",\"kid\":\"k-1\""), x, canon, &msg) == 0 &&
	    strstr(canon, "kid") == NULL);
}

static void
test_signatures(void)
{
	struct arena		*a = arena_new();
	struct cjwt_token	 t;
	unsigned char		 x[32];
	size_t			 n;
	char			 tok[1024];

	sodium_base642bin(x, 32, RFC_X, strlen(RFC_X), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	CHECK(cjwt_parse(a, HS_TOK, &t) == 0);
	CHECK(strcmp(t.alg, "HS256") == 0 && strcmp(t.kid,
	    "key_AAAAAAAAAAAAAAAA") == 0 && strcmp(t.sub, "user_id") == 0 &&
	    strcmp(t.scope, "read") == 0 && t.iat == IAT &&
	    t.exp == IAT + 600 && t.jti == NULL && !t.has_nbf);
	CHECK(cjwt_check_hs256(&t, HS_SECRET, strlen(HS_SECRET)) == 0);
	CHECK(cjwt_check_hs256(&t, HS_SECRET, strlen(HS_SECRET) - 1) == -1);
	/* Pinned: the HS256 token is no EdDSA token, whatever the key. */
	CHECK(cjwt_check_eddsa(&t, x) == -1);
	CHECK(cjwt_parse(a, ED_TOK, &t) == 0);
	CHECK(cjwt_check_eddsa(&t, x) == 0);
	CHECK(cjwt_check_hs256(&t, (const char *)x, 32) == -1);
	CHECK(cjwt_check_hs256(&t, HS_SECRET, strlen(HS_SECRET)) == -1);
	/* One flipped bit anywhere in the signature. */
	snprintf(tok, sizeof(tok), "%s", ED_TOK);
	tok[strlen(tok) - 5] = tok[strlen(tok) - 5] == 'A' ? 'B' : 'A';
	CHECK(cjwt_parse(a, tok, &t) == 0 && cjwt_check_eddsa(&t, x) == -1);
	snprintf(tok, sizeof(tok), "%s", HS_TOK);
	tok[strlen(tok) - 3] = tok[strlen(tok) - 3] == 'A' ? 'B' : 'A';
	CHECK(cjwt_parse(a, tok, &t) == 0 &&
	    cjwt_check_hs256(&t, HS_SECRET, strlen(HS_SECRET)) == -1);
	arena_free(a);
}

/* Tokens by shape: header and claims as JSON, signature "AAAA". */
static const struct {
	const char	*header, *claims;
	int		 ok;
} shapes[] = {
	{ "{\"alg\":\"HS256\"}", "{\"aud\":\"a\",\"iat\":1,\"exp\":2}", 1 },
	{ "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"key_x\"}",
	    "{\"aud\":\"a\",\"iat\":1,\"exp\":2,\"custom\":[1,{}]}", 1 },
	{ "{\"alg\":\"HS256\",\"jku\":\"https://e\"}",
	    "{\"aud\":\"a\",\"iat\":1,\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\",\"jwk\":{}}", "{\"aud\":\"a\",\"iat\":1,"
	    "\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\",\"crit\":[\"x\"]}", "{\"aud\":\"a\",\"iat\":1,"
	    "\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{\"aud\":\"a\",\"iat\":1,"
	    "\"exp\":2}", 0 },
	{ "{\"typ\":\"JWT\"}", "{\"aud\":\"a\",\"iat\":1,\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"iat\":1,\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"aud\":\"a\",\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"aud\":\"a\",\"iat\":1}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"aud\":[\"a\"],\"iat\":1,\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"aud\":\"a\",\"iat\":1.5,\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"aud\":\"a\",\"iat\":-1,\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"aud\":\"a\",\"iat\":\"1\",\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "{\"aud\":\"a\",\"aud\":\"b\",\"iat\":1,"
	    "\"exp\":2}", 0 },
	{ "{\"alg\":\"HS256\"}", "[1]", 0 },
};

static void
test_shapes(void)
{
	struct arena		*a = arena_new();
	struct cjwt_token	 t;
	char			 h[512], c[512], tok[1400];
	size_t			 i;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		sodium_bin2base64(h, sizeof(h),
		    (const unsigned char *)shapes[i].header,
		    strlen(shapes[i].header),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		sodium_bin2base64(c, sizeof(c),
		    (const unsigned char *)shapes[i].claims,
		    strlen(shapes[i].claims),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		snprintf(tok, sizeof(tok), "%s.%s.AAAA", h, c);
		CHECKF((cjwt_parse(a, tok, &t) == 0) == shapes[i].ok,
		    "shape %zu: %s %s", i, shapes[i].header, shapes[i].claims);
	}
	CHECK(cjwt_is_client_token(a, HS_TOK) == 1);
	CHECK(cjwt_is_client_token(a, ED_TOK) == 1);	/* kid key_ */
	/* Routing by header: ours (EdDSA, kid_..., typ JWT or at+jwt) stay
	 * with jwt.c; an app's EdDSA kid or no kid come here. */
	CHECK(cjwt_is_client_token(a, "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImt"
	    "pZCI6ImtpZF9BQUFBQUFBQUFBQUFBQUFBIn0.e30.AAAA") == 0);
	CHECK(cjwt_is_client_token(a, "eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCI"
	    "sImtpZCI6ImtpZF9BQUFBQUFBQUFBQUFBQUFBIn0.e30.AAAA") == 0);
	CHECK(cjwt_is_client_token(a, "eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0."
	    "e30.AAAA") == 1);
	CHECK(cjwt_is_client_token(a, "eyJhbGciOiJFZERTQSJ9.e30.AAAA") == 1);
	/* {"alg":"EdDSA","typ":"JWT","kid":"kilo"}: not ours. */
	CHECK(cjwt_is_client_token(a, "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsIm"
	    "tpZCI6ImtpbG8ifQ.e30.AAAA") == 1);
	CHECK(cjwt_parse(a, "a.b", &t) == -1);
	CHECK(cjwt_parse(a, "a.b.c.d", &t) == -1);
	CHECK(cjwt_parse(a, "", &t) == -1);
	arena_free(a);
}

static const struct {
	int64_t		 iat, exp, nbf;	/* relative to now; nbf 0 absent */
	enum cjwt_rc	 rc;
} times[] = {
	{ 0, 600, 0, CJWT_OK },
	{ 0, 3600, 0, CJWT_OK },
	{ 0, 3601, 0, CJWT_INVALID },		/* too long */
	{ 0, 365 * 86400, 0, CJWT_INVALID },	/* a year */
	{ 0, 0, 0, CJWT_INVALID },		/* exp = iat */
	{ 10, 5, 0, CJWT_INVALID },		/* exp before iat */
	{ 60, 600, 0, CJWT_OK },		/* iat within the skew */
	{ 61, 600, 0, CJWT_INVALID },		/* issued in the future */
	{ -600, -59, 0, CJWT_OK },		/* expired within the skew */
	{ -600, -60, 0, CJWT_EXPIRED },
	{ -3600, -1000, 0, CJWT_EXPIRED },
	{ 0, 600, 60, CJWT_OK },		/* nbf within the skew */
	{ 0, 600, 61, CJWT_INVALID },
	{ -8000, -1000, 0, CJWT_INVALID },	/* too long beats expired */
};

static void
test_times(void)
{
	struct cjwt_token	 t;
	const int64_t		 now = 1800000000;
	size_t			 i;

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		memset(&t, 0, sizeof(t));
		t.iat = now + times[i].iat;
		t.exp = now + times[i].exp;
		t.has_nbf = times[i].nbf != 0;
		t.nbf = now + times[i].nbf;
		CHECKF(cjwt_check_times(&t, now) == times[i].rc, "times %zu",
		    i);
	}
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_jwk();
	test_signatures();
	test_shapes();
	test_times();
	return t_done("test_clientjwt");
}
