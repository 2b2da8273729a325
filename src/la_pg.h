/*
 * la_pg.h -- shared declarations of the server side of lead_align, and the
 * one place for PG_VERSION_NUM shims.
 */
#ifndef LA_PG_H
#define LA_PG_H

#include "postgres.h"
#include "fmgr.h"

#include "la_core.h"

#if PG_VERSION_NUM < 130000
#error "lead_align needs PostgreSQL 13 or later"
#endif

/* ---- version shims ---- */
#if PG_VERSION_NUM < 140000
#define int64_div_fast_to_numeric(v, l) LaInt64DivFastToNumeric((v), (l))
extern struct NumericData *LaInt64DivFastToNumeric(int64 val, int log10);
#endif

#if PG_VERSION_NUM >= 160000
#define LaMakeRange(tc, lo, hi) make_range((tc), (lo), (hi), false, NULL)
#else
#define LaMakeRange(tc, lo, hi) make_range((tc), (lo), (hi), false)
#endif

#if PG_VERSION_NUM >= 160000
#define object_ownercheck_compat(relid, role) object_ownercheck(RelationRelationId, (relid), (role))
#else
#define object_ownercheck_compat(relid, role) pg_class_ownercheck((relid), (role))
#endif

/* Raise an la_error as a PostgreSQL error. */
extern void la_report(const la_error *err) pg_attribute_noreturn();

/* The cached, derived state of a calendar datum (see business_calendar.c). */
extern la_calctx *la_calendar_ctx(Datum cal);

/* Make sure the core's time-zone hooks point at the server's. */
extern void la_tz_pg_init(void);

#endif							/* LA_PG_H */
