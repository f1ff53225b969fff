#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "field.h"
#include "form.h"
#include "json.h"
#include "jwt.h"

#define B64	sodium_base64_VARIANT_URLSAFE_NO_PADDING

static int
b64_append(struct buf *out, const void *p, size_t n)
{
	size_t	 len = sodium_base64_ENCODED_LEN(n, B64);
	char	 tmp[JWT_MAXLEN];

	if (len > sizeof(tmp))
		return -1;
	sodium_bin2base64(tmp, len, p, n, B64);
	return buf_puts(out, tmp);
}

int
jwt_sign(struct buf *out, const char *header, const char *payload,
    size_t payloadlen, const struct pkey *sec)
{
	unsigned char	 sig[PKEY_SIGMAX];
	size_t		 start = out->len, siglen;

	if (b64_append(out, header, strlen(header)) == -1 ||
	    buf_puts(out, ".") == -1 ||
	    b64_append(out, payload, payloadlen) == -1)
		return -1;
	if (pkey_sign(sec, out->data + start, out->len - start, sig,
	    &siglen) == -1)
		return -1;
	if (buf_puts(out, ".") == -1 || b64_append(out, sig, siglen))
		return -1;
	return 0;
}

int
jwt_issue(struct buf *out, const struct jwt_claims *c,
    const struct pkey *sec)
{
	struct json	*h = json_object(), *p = json_object();
	struct buf	 hb = { 0 }, pb = { 0 };
	int		 rc = -1;

	json_set_str(h, "alg", pkey_alg_names[sec->alg]);
	json_set_str(h, "typ", c->typ);
	json_set_str(h, "kid", c->kid);
	json_set_str(p, "iss", c->iss);
	json_set_str(p, "sub", c->sub);
	json_set_str(p, "aud", c->aud);
	json_set_int(p, "exp", c->exp);
	json_set_int(p, "iat", c->iat);
	json_set_str(p, "jti", c->jti);
	json_set_str(p, "scope", c->scope);
	if (c->client_id != NULL)
		json_set_str(p, "client_id", c->client_id);
	if (c->sid != NULL)
		json_set_str(p, "sid", c->sid);
	if (c->tier != NULL)
		json_set_str(p, "tier", c->tier);
	if (json_render(h, &hb) == 0 && json_render(p, &pb) == 0)
		rc = jwt_sign(out, hb.data, pb.data, pb.len, sec);
	json_free(h);
	json_free(p);
	buf_free(&hb);
	buf_free(&pb);
	return rc;
}

static int
b64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int
jwt_shape(const char *s)
{
	size_t	 i, dots = 0, seg = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= JWT_MAXLEN)
			return 0;
		if (s[i] == '.') {
			if (seg == 0)
				return 0;
			dots++;
			seg = 0;
		} else if (b64url_char(s[i]))
			seg++;
		else
			return 0;
	}
	return dots == 2 && seg > 0;
}

/* Strictly decodes one base64url segment into arena memory, NUL-ended. */
static unsigned char *
b64_decode(struct arena *a, const char *s, size_t n, size_t *outlen)
{
	unsigned char	*out;

	if ((out = arena_alloc(a, n + 1)) == NULL ||
	    sodium_base642bin(out, n, s, n, NULL, outlen, NULL, B64) != 0)
		return NULL;
	out[*outlen] = '\0';
	return out;
}

enum { H_ALG, H_TYP, H_KID, H__MAX };
static const struct field header_fields[] = {
	[H_ALG] = { "alg", FT_STR, F_BODY | F_REQ, 16, NULL },
	[H_TYP] = { "typ", FT_STR, F_BODY | F_REQ, 16, NULL },
	[H_KID] = { "kid", FT_STR, F_BODY | F_REQ, 64, NULL },
	{ NULL, 0, 0, 0, NULL },
};

enum { C_ISS, C_SUB, C_AUD, C_EXP, C_IAT, C_NBF, C_JTI, C_SCOPE, C_CLIENT,
    C_SID, C_TIER, C__MAX };
static const struct field claim_fields[] = {
	[C_ISS] = { "iss", FT_STR, F_BODY | F_REQ, 512, NULL },
	[C_SUB] = { "sub", FT_STR, F_BODY | F_REQ, 64, NULL },
	[C_AUD] = { "aud", FT_STR, F_BODY | F_REQ, 512, NULL },
	[C_EXP] = { "exp", FT_INT, F_BODY | F_REQ, 0, NULL },
	[C_IAT] = { "iat", FT_INT, F_BODY | F_REQ, 0, NULL },
	[C_NBF] = { "nbf", FT_INT, F_BODY, 0, NULL },
	[C_JTI] = { "jti", FT_STR, F_BODY | F_REQ, 64, NULL },
	[C_SCOPE] = { "scope", FT_STR, F_BODY | F_REQ, 1024, NULL },
	[C_CLIENT] = { "client_id", FT_STR, F_BODY, 64, NULL },
	[C_SID] = { "sid", FT_STR, F_BODY, 64, NULL },
	[C_TIER] = { "tier", FT_STR, F_BODY, 64, NULL },
	{ NULL, 0, 0, 0, NULL },
};

/* Parses a decoded segment as a JSON object bound to fields. */
static int
parse_part(struct arena *a, const unsigned char *p, size_t n,
    const struct field *fields, struct fval *fv)
{
	struct json	*j;
	const char	*err;
	int		 rc;

	if ((j = json_parse((const char *)p, n, &err)) == NULL)
		return -1;
	rc = json_bind(a, j, fields, fv, &err) == 0 &&
	    form_required(fields, fv, &err) == 0 ? 0 : -1;
	json_free(j);
	return rc;
}

static int
str_eq(const struct fval *v, const char *want)
{
	return v->present && strcmp(v->s, want) == 0;
}

static enum jwt_rc
check_signature(struct arena *a, const char *tok, const char *dot2,
    const struct fval *h, jwt_keyfn keyfn, void *arg)
{
	struct pkey	*pub;
	unsigned char	*sig;
	size_t		 siglen;
	int		 rc;

	if ((sig = b64_decode(a, dot2 + 1, strlen(dot2 + 1), &siglen)) ==
	    NULL || siglen > PKEY_SIGMAX)
		return JWT_MALFORMED;
	if ((pub = arena_alloc(a, sizeof(*pub))) == NULL)
		return JWT_ERR;
	if ((rc = keyfn(h[H_KID].s, pub, arg)) != 0)
		return rc < 0 ? JWT_ERR : JWT_BADSIG;
	/* The algorithm is the key's, never the token's choice. */
	if (!str_eq(&h[H_ALG], pkey_alg_names[pub->alg]) ||
	    pkey_verify(pub, tok, (size_t)(dot2 - tok), sig, siglen) != 0)
		return JWT_BADSIG;
	return JWT_OK;
}

static void
fill(struct jwt_claims *c, const struct fval *h, const struct fval *p)
{
	memset(c, 0, sizeof(*c));
	c->typ = h[H_TYP].s;
	c->kid = h[H_KID].s;
	c->iss = p[C_ISS].s;
	c->sub = p[C_SUB].s;
	c->aud = p[C_AUD].s;
	c->jti = p[C_JTI].s;
	c->scope = p[C_SCOPE].present ? p[C_SCOPE].s : "";
	c->client_id = p[C_CLIENT].present ? p[C_CLIENT].s : NULL;
	c->sid = p[C_SID].present ? p[C_SID].s : NULL;
	c->tier = p[C_TIER].present ? p[C_TIER].s : NULL;
	c->iat = p[C_IAT].i;
	c->exp = p[C_EXP].i;
	c->nbf = p[C_NBF].present ? p[C_NBF].i : 0;
}

enum jwt_rc
jwt_verify(struct arena *a, const char *tok, const struct jwt_claims *want,
    int64_t now, jwt_keyfn keyfn, void *arg, struct jwt_claims *c)
{
	struct fval		 h[H__MAX + 1], p[C__MAX + 1];
	const char		*dot1, *dot2;
	unsigned char		*hdr, *pay;
	size_t			 hl, pl;
	enum jwt_rc		 rc;

	memset(h, 0, sizeof(h));
	memset(p, 0, sizeof(p));
	if (!jwt_shape(tok))
		return JWT_MALFORMED;
	dot1 = strchr(tok, '.');
	dot2 = strchr(dot1 + 1, '.');
	if ((hdr = b64_decode(a, tok, (size_t)(dot1 - tok), &hl)) == NULL ||
	    parse_part(a, hdr, hl, header_fields, h) == -1)
		return JWT_MALFORMED;
	if ((rc = check_signature(a, tok, dot2, h, keyfn, arg)) != JWT_OK)
		return rc;
	/* Only now, with the signature good, read what it vouches for. */
	if ((pay = b64_decode(a, dot1 + 1, (size_t)(dot2 - dot1 - 1), &pl)) ==
	    NULL || parse_part(a, pay, pl, claim_fields, p) == -1)
		return JWT_MALFORMED;
	fill(c, h, p);
	if ((want->typ != NULL && strcmp(c->typ, want->typ) != 0) ||
	    strcmp(c->iss, want->iss) != 0 ||
	    strcmp(c->aud, want->aud) != 0 || c->nbf > now)
		return JWT_CLAIMS;
	if (c->exp <= now)
		return JWT_EXPIRED;
	return JWT_OK;
}
