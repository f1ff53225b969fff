/*
 * A User-Agent string as a person names the device: "Chrome on Linux",
 * "Safari on iPhone", "curl". Pages show this and keep the full string
 * in a title. Pure: no I/O.
 */
#ifndef LK_UANAME_H
#define LK_UANAME_H

#include <stddef.h>

#define UANAME_LEN	48

/* Writes the name into out ("" for an empty or unknown agent). */
void	uaname(const char *ua, char out[UANAME_LEN + 1]);

#endif
