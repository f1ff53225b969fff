/*
 * Creating and upgrading the database: schema.sql is the whole current
 * schema (every statement idempotent); schema-upgrade.sql holds, for
 * each version, what brings the one before it up (columns that CREATE
 * ... IF NOT EXISTS can't add). Both are embedded at build time.
 */
#ifndef LK_SCHEMA_H
#define LK_SCHEMA_H

#define SCHEMA_VERSION	2

/* In one transaction: upgrades from the database's version, then
 * applies schema.sql. 0, or -1 (logged; nothing changed). */
int	schema_apply(void);

#endif
