/*
 * The result codes every domain module's enum starts with, so that one
 * function (http_status) answers any of them: success, trouble with the
 * database (503), no such thing for this caller (404).
 */
#ifndef LK_RC_H
#define LK_RC_H

#define RC_OK		0
#define RC_ERR		(-1)
#define RC_NOTFOUND	(-2)

#endif
