/*
 * application/x-www-form-urlencoded decoding and binding to declared
 * fields. Written here rather than taken from ClearSilver's neo_cgi
 * because that parser accepts duplicates, NULs and invalid UTF-8, which
 * we must refuse, and was never fuzzed.
 */
#ifndef LK_FORM_H
#define LK_FORM_H

#include <stddef.h>

#include "field.h"

struct arena;

#define FORM_MAXFIELDS	32

struct kv {
	char	*key;
	char	*val;
	size_t	 vlen;
	int	 from_body;
};

/*
 * Decodes "a=1&b=2" into pairs appended to *kvs (arena memory). Refuses
 * (-1) bad percent escapes, empty keys, NULs and invalid UTF-8. "+" is a
 * space. An empty input gives no pairs.
 */
int	form_decode(struct arena *, const char *, size_t, int from_body,
	    struct kv **kvs, size_t *nkv);

/*
 * Binds pairs to fields (a table ended by a NULL name) into out[], one
 * fval per field. A body pair named skip (may be NULL) is stored in
 * *skipval instead. Returns 0, or -1 with *err naming the problem: an
 * unknown, duplicate or malformed field. Required fields are checked
 * afterwards by form_required, once every source is bound.
 */
int	form_bind(struct arena *, const struct kv *, size_t,
	    const struct field *, struct fval *out, const char *skip,
	    const char **skipval, const char **err);

/* -1 with *err if a required field is absent, else 0. */
int	form_required(const struct field *, const struct fval *,
	    const char **err);

/* Percent-encodes s for a query component (unreserved characters stay);
 * arena memory, NULL on failure. */
char	*form_encode(struct arena *, const char *);

/* Applies a field's type, length and shape rules to one decoded value;
 * shared with the JSON binder. 0 ok, -1 refused. */
int	field_check_str(const struct field *, const char *, size_t);
/* The same for a decoded integer: within the field's range, if any. */
int	field_check_int(const struct field *, int64_t);
/* What is wrong with a value f refused, for the error body; arena
 * memory (a fixed text if that fails). */
const char *field_error(struct arena *, const struct field *,
	    const char *what);

#endif
