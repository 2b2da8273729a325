/*
 * la_track.h -- tracking of CRM tables: rules (rules.c) and triggers (track.c).
 */
#ifndef LA_TRACK_H
#define LA_TRACK_H

#include "la_pg.h"

#include "datatype/timestamp.h"
#include "nodes/execnodes.h"
#include "utils/relcache.h"

/* The scores of the row being classified, read by lead_align.fit() and .interest(). */
extern bool la_scores_valid;
extern int32 la_score_fit;
extern int32 la_score_interest;

/*
 * Parse a rule predicate over the columns of rel (plus the pseudo-columns fit
 * and interest), with PostgreSQL's checks for constraint expressions, and
 * return the boolean expression.  stored = true parses a deparsed predicate
 * under search_path = pg_catalog.
 */
extern Node *la_rule_parse(Relation rel, const char *predicate, bool stored);
extern Node *la_rule_parse_ext(Relation rel, const char *predicate, bool stored, bool table_schema);

/* Deparse a checked predicate, schema-qualified (search_path = pg_catalog). */
extern char *la_rule_deparse(Relation rel, Node *expr);

/* Compile a stored predicate for evaluation against a slot of rel. */
extern ExprState *la_rule_compile(Relation rel, const char *stored);

/*
 * The ledger buffer (ledger.c).  The record trigger takes a row from
 * la_ledger_new() (all columns null), fills it with values allocated in
 * la_ledger_context(), and la_ledger_flush() writes every buffered row to
 * lead_align.handoff.
 */
typedef enum la_ledger_col
{
	LA_L_TRACK_ID, LA_L_TRACK, LA_L_KEY, LA_L_KIND, LA_L_CYCLE, LA_L_FROM, LA_L_TO,
	LA_L_FROM_TEAM, LA_L_TO_TEAM, LA_L_TEMP, LA_L_FIT, LA_L_INTEREST, LA_L_QUADRANT,
	LA_L_RULE, LA_L_RULES_VERSION, LA_L_REASON, LA_L_NOTE, LA_L_ACTOR, LA_L_APP_USER,
	LA_L_OWNER, LA_L_EVENT_TIME, LA_L_WINDOW, LA_L_DUE, LA_L_TOUCH_DUE, LA_L_VIOLATION,
	LA_L_DIMS,
	LA_LEDGER_NCOLS
} la_ledger_col;

typedef struct la_ledger_row
{
	SubTransactionId subxid;
	Datum		val[LA_LEDGER_NCOLS];
	bool		isnull[LA_LEDGER_NCOLS];
} la_ledger_row;

extern la_ledger_row *la_ledger_new(void);
extern MemoryContext la_ledger_context(void);
extern int	la_ledger_pending(void);
extern void la_ledger_flush(void);
extern void la_ledger_xact_end(void);
extern void la_ledger_subxact_abort(SubTransactionId subid);
extern bool la_ledger_last_event(int32 track_id, const char *key, int32 *cycle, TimestampTz *when);

/*
 * Running as another user (security.c): every switch pins search_path =
 * pg_catalog, pg_temp unless pin is false (see la_expr_needs_pin).
 */
typedef struct LaRunAs
{
	Oid			save_uid;
	int			save_sec;
	int			nestlevel;
} LaRunAs;

extern Oid	la_extension_owner(void);
extern void la_security_reset(void);
extern void la_run_as_begin(LaRunAs *s, Oid uid, int sec_flags, bool pin);
extern void la_run_as_end(LaRunAs *s);
extern void la_become_owner(LaRunAs *s);
extern bool la_expr_needs_pin(Node *expr);
extern bool la_may_configure(Oid relid, Oid role);
extern void la_refuse_restricted(const char *what);
extern bool la_citus_installed(void);
extern void la_refuse_citus(Oid relid, const char *what);

#endif							/* LA_TRACK_H */
