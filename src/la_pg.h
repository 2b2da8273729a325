/*
 * la_pg.h -- shared declarations of the server side of lead_align, and the
 * one place for PG_VERSION_NUM shims.
 */
#ifndef LA_PG_H
#define LA_PG_H

#include "postgres.h"
#include "fmgr.h"

#include "la_core.h"

/*
 * Supported: PostgreSQL 15, 16, 17 and 18 (15, 17 and 18 are tested by
 * `make test-matrix`; 16 is covered by the same shims but not tested).  The
 * SQL scripts use 15 features (UNIQUE NULLS NOT DISTINCT, MERGE in the tests).
 */
#if PG_VERSION_NUM < 150000
#error "lead_align needs PostgreSQL 15 or later"
#endif

/*
 * ---- version shims ----
 * Every PG_VERSION_NUM test of lead_align lives here; call sites use the
 * La... names below.  Keep each shim a thin macro over the newest signature.
 */

/* 16: make_range() takes an escontext for soft errors. */
#if PG_VERSION_NUM >= 160000
#define LaMakeRange(tc, lo, hi) make_range((tc), (lo), (hi), false, NULL)
#else
#define LaMakeRange(tc, lo, hi) make_range((tc), (lo), (hi), false)
#endif

/* 16: pg_class_ownercheck() and friends became object_ownercheck(classid, ...). */
#if PG_VERSION_NUM >= 160000
#define object_ownercheck_compat(relid, role) object_ownercheck(RelationRelationId, (relid), (role))
#else
#define object_ownercheck_compat(relid, role) pg_class_ownercheck((relid), (role))
#endif

/*
 * 16: ExecInsertIndexTuples() gained a last argument, onlySummarizing (true
 * only for HOT updates that touch summarizing indexes; always false here).
 */
#if PG_VERSION_NUM >= 160000
#define LaExecInsertIndexTuples(rri, slot, estate, update, noDupErr, specConflict, arbiters) \
	ExecInsertIndexTuples((rri), (slot), (estate), (update), (noDupErr), (specConflict), (arbiters), false)
#else
#define LaExecInsertIndexTuples(rri, slot, estate, update, noDupErr, specConflict, arbiters) \
	ExecInsertIndexTuples((rri), (slot), (estate), (update), (noDupErr), (specConflict), (arbiters))
#endif

/*
 * 16: table_tuple_update() reports which indexes need new entries as
 * TU_UpdateIndexes (a HOT update may still need its summarizing indexes);
 * 15 reports a bool.  The index entries of an update are inserted with
 * update = false: that flag only feeds the "unchanged" hint, which reads
 * the updated columns from a range table a standalone EState lacks.
 */
#if PG_VERSION_NUM >= 160000
#include "access/tableam.h"
typedef TU_UpdateIndexes LaUpdateIndexes;
#define LaUpdateIndexesNeeded(u) ((u) != TU_None)
#define LaInsertUpdatedIndexTuples(rri, slot, estate, u) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL, (u) == TU_Summarizing)
#else
typedef bool LaUpdateIndexes;
#define LaUpdateIndexesNeeded(u) (u)
#define LaInsertUpdatedIndexTuples(rri, slot, estate, u) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL)
#endif

/* 17: getIdentitySequence() takes the Relation instead of its oid. */
#if PG_VERSION_NUM >= 170000
#define LaGetIdentitySequence(rel, attnum, missing_ok) \
	getIdentitySequence((rel), (attnum), (missing_ok))
#else
#define LaGetIdentitySequence(rel, attnum, missing_ok) \
	getIdentitySequence(RelationGetRelid(rel), (attnum), (missing_ok))
#endif

/*
 * 18: index_beginscan() takes an IndexScanInstrumentation pointer (NULL: no
 * EXPLAIN counters wanted).
 */
#if PG_VERSION_NUM >= 180000
#define LaIndexBeginscan(heap, index, snap, nkeys, norderbys) \
	index_beginscan((heap), (index), (snap), NULL, (nkeys), (norderbys))
#else
#define LaIndexBeginscan(heap, index, snap, nkeys, norderbys) \
	index_beginscan((heap), (index), (snap), (nkeys), (norderbys))
#endif

/* 18: ExecutorRun() lost its execute_once argument. */
#if PG_VERSION_NUM >= 180000
#define LA_EXECUTE_ONCE_PARAM
#define LA_EXECUTE_ONCE_ARG
#else
#define LA_EXECUTE_ONCE_PARAM , bool execute_once
#define LA_EXECUTE_ONCE_ARG , execute_once
#endif

/*
 * 18: pg_attribute_noreturn() (written after the declarator) is gone; its
 * replacement pg_noreturn goes first, where __attribute__((noreturn)) is
 * valid too, so declarations here write `pg_noreturn extern void f(...)`.
 */
#if PG_VERSION_NUM < 180000 && !defined(pg_noreturn)
#define pg_noreturn pg_attribute_noreturn()
#endif

/* Raise an la_error as a PostgreSQL error. */
pg_noreturn extern void la_report(const la_error *err);

/* The cached, derived state of a calendar datum (see business_calendar.c). */
extern la_calctx *la_calendar_ctx(Datum cal);

/* Make sure the core's time-zone hooks point at the server's. */
extern void LaTzInit(void);

/* The local date of an instant in a zone (tz.c). */
#include "utils/date.h"
extern DateADT LaLocalDate(const char *zone, TimestampTz t);

#endif							/* LA_PG_H */
