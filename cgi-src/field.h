/*
 * Typed input fields. Every route declares the inputs it takes in a table
 * of struct field; the request layer decodes query, form or JSON input,
 * refuses unknown, duplicate, empty-named or malformed ones with 400, and
 * hands the handler a struct fval per declared field, in table order.
 */
#ifndef LK_FIELD_H
#define LK_FIELD_H

#include <stddef.h>
#include <stdint.h>

enum ftype {
	FT_STR,		/* one line of UTF-8 text, no control characters */
	FT_TEXT,	/* like FT_STR but may hold \t \r \n */
	FT_INT,		/* decimal integer; JSON number without fraction */
	FT_BOOL,	/* JSON true/false; form "1" (a ticked checkbox) */
	FT_LIST,	/* repeated form field, or JSON array of strings */
	FT_JSON,	/* a JSON object, kept as its compact text; a form
			 * field holding that text (FT_TEXT rules) */
	FT__MAX
};

#define F_QUERY	0x01	/* may come from the query string */
#define F_BODY	0x02	/* may come from the request body */
#define F_REQ	0x04	/* absence is a 400 */
/* On a table's NULL-named terminator: ignore parameters not declared,
 * as OAuth endpoints must (RFC 6749 3.1, 3.2); repeats stay refused. */
#define F_LENIENT 0x08

struct field {
	const char	*name;
	enum ftype	 type;
	unsigned	 flags;
	size_t		 maxlen;	/* bytes per value; list: max items */
	int		(*check)(const char *);	/* extra shape test: 1 ok */
	int64_t		 min, max;	/* FT_INT: its range, if max > 0 */
};

struct fval {
	int		  present;	/* an empty value counts as absent */
	const char	 *s;		/* FT_STR, FT_TEXT */
	size_t		  len;
	int64_t		  i;		/* FT_INT, FT_BOOL */
	const char	**list;		/* FT_LIST */
	size_t		  n;
};

/* Name of the hidden form field that carries the CSRF token. */
#define CSRF_FIELD	"csrf_token"

#endif
