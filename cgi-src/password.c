#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "hashgate.h"
#include "log.h"
#include "password.h"
#include "rnd.h"
#include "valid.h"

/* Generated from common_passwords.txt at build time. */
extern const char *const common_passwords[];
extern const size_t ncommon_passwords;

static char	 dummy[PASSWORD_HASHLEN];

static int
hash_now(const char *pw, char out[PASSWORD_HASHLEN])
{
	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		log_msg("password hash: out of memory");
		return -1;
	}
	return 0;
}

int
password_hash(const char *pw, char out[PASSWORD_HASHLEN])
{
	int	 slot, rc;

	if ((slot = hashgate_enter()) == -1)
		return PASSWORD_BUSY;
	rc = hash_now(pw, out);
	hashgate_leave(slot);
	return rc;
}

int
password_verify(const char *hash, const char *pw)
{
	int	 slot, rc;

	if ((slot = hashgate_enter()) == -1)
		return PASSWORD_BUSY;
	rc = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 ? 0 : -1;
	hashgate_leave(slot);
	return rc;
}

int
password_init(void)
{
	char	 rnd[33];

	if (dummy[0] != '\0')
		return 0;
	rnd_base62(rnd, 32);
	return hash_now(rnd, dummy);
}

int
password_verify_dummy(const char *pw)
{
	int	 rc;

	if (password_init() == -1)
		return -1;
	rc = password_verify(dummy, pw);
	return rc == PASSWORD_BUSY ? rc : -1;
}

int
password_same_hash(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static int
is_common(const char *pw)
{
	size_t	 i;

	for (i = 0; i < ncommon_passwords; i++)
		if (strcasecmp(pw, common_passwords[i]) == 0)
			return 1;
	return 0;
}

/* Decodes the code point at *p (valid UTF-8) and advances p. */
static unsigned long
next_cp(const unsigned char **p)
{
	const unsigned char	*s = *p;
	unsigned long		 c = s[0];
	size_t			 n = 1, i;

	if (c >= 0xf0) {
		c &= 0x07;
		n = 4;
	} else if (c >= 0xe0) {
		c &= 0x0f;
		n = 3;
	} else if (c >= 0xc0) {
		c &= 0x1f;
		n = 2;
	}
	for (i = 1; i < n; i++)
		c = c << 6 | (s[i] & 0x3f);
	*p = s + n;
	return c;
}

/* One character repeated, or a run like "abcdef..." / "123456...",
 * judged on code points so "ééé..." is as trivial as "aaa...". */
static int
is_trivial(const char *pw)
{
	const unsigned char	*p = (const unsigned char *)pw;
	unsigned long		 first, prev, c;
	int			 same = 1, up = 1, down = 1;

	if (*p == '\0')
		return 1;
	first = prev = next_cp(&p);
	while (*p != '\0') {
		c = next_cp(&p);
		same &= c == first;
		up &= c == prev + 1;
		down &= c + 1 == prev;
		prev = c;
	}
	return same || up || down;
}

const char *
password_policy(const char *pw, const char *email)
{
	size_t	 bytes = strlen(pw), chars;

	if (!valid_utf8(pw, bytes))
		return "Passwords must be valid text.";
	chars = valid_utf8_len(pw, bytes);
	if (chars < PASSWORD_MIN)
		return "Use at least 12 characters.";
	if (chars > PASSWORD_MAX)
		return "Use at most 256 characters.";
	if (is_common(pw) || is_trivial(pw))
		return "This password is too common; choose another.";
	if (email != NULL && strcasecmp(pw, email) == 0)
		return "Your password can't be your email address.";
	return NULL;
}

void
password_generate(char out[25])
{
	rnd_base62(out, 24);
}
