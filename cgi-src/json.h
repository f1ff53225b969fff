/*
 * JSON in and out; the only file that includes cJSON.
 *
 * Input is refused unless it is one UTF-8 JSON object, at most
 * JSON_MAXDEPTH levels deep (the top object is level 1), with no
 * duplicate member names at any level, no "\u0000" and nothing after it.
 */
#ifndef LK_JSON_H
#define LK_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"

#define JSON_MAXDEPTH	16

struct arena;
struct buf;
struct json;

/* Parses and checks; NULL with *err set if refused. Free with json_free. */
struct json	*json_parse(const char *, size_t, const char **err);
/* Binds top-level members to fields as form_bind does: unknown members
 * (unless the table's terminator says F_LENIENT) and wrong types are
 * refused (required ones: see form_required). Strings and lists are
 * copied into the arena. JSON null counts as absent. */
int		 json_bind(struct arena *, const struct json *,
		    const struct field *, struct fval *, const char **err);

/* Reading a parsed value: the member name (case-sensitive) of an
 * object, or NULL; the number of members or elements (-1: neither an
 * object nor an array); element i of an array, or NULL. The results
 * live as long as the parsed root. */
const struct json *json_member(const struct json *, const char *name);
int		 json_count(const struct json *);
const struct json *json_elem(const struct json *, int i);
int		 json_is_object(const struct json *);

/* Building responses. Every setter is a no-op on a NULL object and
 * records allocation failure so json_render can report it once. */
struct json	*json_object(void);
struct json	*json_array(void);
void		 json_set_str(struct json *, const char *, const char *);
void		 json_set_int(struct json *, const char *, int64_t);
void		 json_set_bool(struct json *, const char *, int);
void		 json_set_null(struct json *, const char *);
/* Takes ownership of child. */
void		 json_set(struct json *, const char *, struct json *);
void		 json_push_str(struct json *, const char *);
void		 json_push(struct json *, struct json *);
/* Appends compact JSON to b; -1 on allocation failure, here or in any
 * setter since the last render (json_reset forgets those). */
int		 json_render(const struct json *, struct buf *);
void		 json_reset(void);
void		 json_free(struct json *);
/* Frees after overwriting every string: for objects that held one. */
void		 json_free_wipe(struct json *);

#endif
