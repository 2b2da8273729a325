/*
 * la_track.h -- the internal header of tracking, shared by its files:
 *   track_config.c     configuration, its per-backend cache, invalidation,
 *                      transaction callbacks, the GUCs;
 *   track_eval.c       reading a tracked row, the one rule evaluator;
 *   track_trigger.c    the derive, record, flush and truncate triggers and
 *                      the automatic-handoff markers;
 *   track_agreement.c  a move checked against the agreement, ledger rows;
 *   track_tools.c      explain, preview_rule, move, reclassify, _stale;
 *   rules.c            parsing and deparsing rule predicates;
 *   ledger.c           the ledger buffer and its writer;
 *   security.c         running as another user, permission checks, Citus.
 * Server-internal functions shared between these files are named La...;
 * la_... names are the pure core's and the SQL-callable entry points'.
 */
#ifndef LA_TRACK_H
#define LA_TRACK_H

#include "la_pg.h"
#include "la_stage.h"
#include "la_vocab.h"

#include "access/htup.h"
#include "commands/trigger.h"
#include "datatype/timestamp.h"
#include "executor/tuptable.h"
#include "nodes/bitmapset.h"
#include "nodes/execnodes.h"
#include "utils/relcache.h"

/* ---------- rules (rules.c) ---------- */

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


/* ---------- a track (track_config.c) ---------- */

#define STAGES			LA_STAGE_COUNT
#define FROM_INSERT		LA_STAGE_COUNT	/* transition row index of an insert */

/* A track's mode, from the one vocabulary of modes (core/la_vocab.h). */
typedef la_mode TrackMode;
#define MODE_ENFORCE LA_MODE_ENFORCE
#define MODE_RECORD LA_MODE_RECORD
#define MODE_BACKFILL LA_MODE_BACKFILL

typedef struct Rule
{
	char	   *name;
	la_rule_kind kind;
	int			temperature;
	int32		points;
	int32		priority;
	char	   *predicate;
	ExprState  *state;
} Rule;

typedef struct Transition
{
	bool		allowed;
	bool		reason_required;
	char	   *team;
	Oid			role;			/* InvalidOid: anyone */
	char	   *kind;
} Transition;

typedef struct Reason
{
	char	   *code;
	char	   *kind;
	bool		needs_note;
} Reason;

typedef struct Track
{
	int32		id;
	bool		valid;
	TimestampTz loaded_xact;	/* the transaction and statement that loaded it */
	TimestampTz loaded_stmt;
	CommandId	loaded_cid;		/* and the executor statement (see ExecutingCid) */
	int			natts;
	int			refcount;		/* cache entries using it (partitions share) */
	MemoryContext cxt;
	Oid			relid;			/* the relation the triggers fire on */
	Oid			track_relid;	/* the tracked table (a partition's ancestor) */
	char	   *table_name;
	AttrNumber	key_att,
				stage_att,
				temp_att,
				fit_att,
				interest_att,
				owner_att,
				touch_att,
				evtime_att,
				reason_att,
				note_att,
				calendar_att;	/* the lead's own business_calendar */
	int			ndims;
	AttrNumber *dim_atts;
	char	  **dim_names;
	bool		stage_mapped;
	int			nlabels;
	char	  **labels;
	int		   *label_stage;
	char	   *stage_label[STAGES];	/* label written for a stage (automatic handoff) */
	bytea	   *calendar;		/* the track's */
	char	   *zone;			/* its zone: the ledger's local dates */
	bool		has_current;	/* lead_align.lead_current exists (not a 0.3 schema) */
	bytea	   *stage_calendar[STAGES]; /* the owner team's on this track, or NULL */
	int			handoff_temp;	/* -1: none */
	double		fit_threshold;
	double		interest_threshold;
	TrackMode		mode;
	bool		active;
	int32		rules_version;
	int			nrules;
	Rule	   *rules;
	bool		has_scores;
	Bitmapset  *watched;		/* columns whose change makes the derive trigger work */
	bool		needs_pin;		/* a rule runs code that resolves names: pin search_path */
	Oid			rule_owner;		/* the tracked table's owner: rules run as it */
	Transition	trans[STAGES + 1][STAGES];
	bool		sla_set[STAGES][LA_TEMP_COUNT + 1][LA_SLA_KIND_COUNT];
	int64		sla[STAGES][LA_TEMP_COUNT + 1][LA_SLA_KIND_COUNT];	/* packed window; [..][0] = any temperature */
	int			nreasons;
	Reason	   *reasons;
	TupleTableSlot *slot;
	ExprContext *econtext;
	bool		classifying;	/* LaClassify is evaluating this track's rules */
} Track;

typedef struct LaDerived
{
	int32		fit;
	int32		interest;
	int			temperature;
	const char *rule;			/* the classification rule that fired, or NULL */
	int			with_extra;		/* the temperature with LaEvalOpts.extra added */
} LaDerived;

/* A move as the agreement sees it, filled by LaCheckMove. */
typedef struct Move
{
	const char *kind;
	const char *reason;
	const char *note;
	bool		violation;
} Move;


/* GUCs, and the state move() and reclassify() hand to the triggers (never a setting) */
extern char *LaAppUser;
extern char *LaGucReason;
extern char *LaGucNote;
extern char *LaMoveReason;
extern char *LaMoveNote;
extern bool LaReclassifying;

extern Track *LaGetTrackFor(int32 id, Relation rel);
extern Track *LaGetTrack(TriggerData *td);
extern int32 LaTrackIdOf(Oid relid);
extern Oid	LaNamespaceOwner(Oid nsp);
extern Oid	LaActiveTrackRelid(int32 id);
extern Oid	LaType(const char *name);
extern bool la_in_merge(void);

/* ---------- reading a row and evaluating rules (track_eval.c) ---------- */

typedef struct LaEvalOpts
{
	bool		scores_from_row;	/* take the scores the derive trigger wrote */
	bool	   *matched;		/* if set: evaluate every rule, record each outcome */
	Rule	   *extra;			/* a rule to try at extra_pos (preview_rule) */
	int			extra_pos;
	Oid			extra_user;		/* who the extra rule runs as */
	bool		extra_pin;
} LaEvalOpts;

extern void LaClassify(Track *t, Relation rel, HeapTuple tup, const LaEvalOpts *opts, LaDerived *out);
extern char *LaValueText(Relation rel, HeapTuple tup, AttrNumber att, bool *isnull);
extern int	LaRowStage(Track *t, Relation rel, HeapTuple tup);
extern int	LaRowTemperature(Track *t, Relation rel, HeapTuple tup);
extern int	LaTempFromText(const char *s);
extern bool LaColumnChanged(Relation rel, HeapTuple a, HeapTuple b, AttrNumber att);
extern bool LaSlotColumnChanged(TupleTableSlot *a, TupleTableSlot *b, AttrNumber att);
extern Datum LaScoreDatum(Relation rel, AttrNumber att, int32 v);
extern Datum LaTypedDatum(Relation rel, AttrNumber att, const char *s);

/* ---------- triggers (track_trigger.c) ---------- */

extern void LaCheckProtocol(FunctionCallInfo fcinfo, const char *name, bool before, bool row);
extern void LaAutoSubxactAbort(SubTransactionId subid);
extern void LaAutoXactEnd(void);

/* ---------- the agreement and ledger rows (track_agreement.c) ---------- */

extern void LaCheckMove(Track *t, Relation rel, HeapTuple oldtup, HeapTuple newtup, int from, int to, Move *m);
struct LaCurrent;
extern void LaRecordEvent(Track *t, Relation rel, HeapTuple tup, const char *key, const char *kind, int32 cycle,
						  int from, int to, LaDerived *d, const char *rule, Move *m, TimestampTz when, bool enters,
						  int32 from_cycle, const TimestampTz *touched_at, struct LaCurrent *cur, bool ends);
extern const char *LaQuadrant(Track *t, LaDerived *d);
extern void LaActorCallback(Datum arg, int cacheid, uint32 hashvalue);

/* ---------- the ledger (ledger.c) ---------- */

/*
 * The ledger buffer (ledger.c).  The record trigger takes a row from
 * la_ledger_new() (all columns null), fills it with values allocated in
 * la_ledger_context(), and la_ledger_flush() writes every buffered row to
 * lead_align.handoff.
 */
/*
 * The ledger's columns, one list (as kwlist.h): X(id, SQL name, type,
 * NOT NULL).  The type is an OID macro or the name of one of the extension's
 * own types (LA_TYPE_...), resolved once per backend.  It generates the
 * column enum here and the name, type and NOT NULL arrays of ledger.c, which
 * maps the columns to lead_align.handoff's attributes by name.
 */
#define LA_LEDGER_COLUMNS(X) \
	X(TRACK_ID, "track_id", INT4OID, true) \
	X(TRACK, "track", TEXTOID, true) \
	X(KEY, "lead_key", TEXTOID, true) \
	X(KIND, "kind", TEXTOID, true) \
	X(CYCLE, "cycle", INT4OID, true) \
	X(FROM, "from_stage", LA_TYPE_STAGE, false) \
	X(TO, "to_stage", LA_TYPE_STAGE, false) \
	X(FROM_TEAM, "from_team", TEXTOID, false) \
	X(TO_TEAM, "to_team", TEXTOID, false) \
	X(TEMP, "temperature", LA_TYPE_TEMPERATURE, false) \
	X(FIT, "fit", INT4OID, false) \
	X(INTEREST, "interest", INT4OID, false) \
	X(QUADRANT, "quadrant", TEXTOID, false) \
	X(RULE, "rule", TEXTOID, false) \
	X(RULES_VERSION, "rules_version", INT4OID, true) \
	X(REASON, "reason", TEXTOID, false) \
	X(NOTE, "note", TEXTOID, false) \
	X(ACTOR, "actor", TEXTOID, true) \
	X(APP_USER, "app_user", TEXTOID, false) \
	X(OWNER, "owner", TEXTOID, false) \
	X(EVENT_TIME, "event_time", TIMESTAMPTZOID, true) \
	X(WINDOW, "sla_window", LA_TYPE_WINDOW, false) \
	X(DUE, "due_at", TIMESTAMPTZOID, false) \
	X(TOUCH_DUE, "touch_due_at", TIMESTAMPTZOID, false) \
	X(VIOLATION, "violation", BOOLOID, true) \
	X(DIMS, "dimensions", JSONBOID, true) \
	X(FROM_CYCLE, "from_cycle", INT4OID, false) \
	X(TOUCHED_AT, "touched_at", TIMESTAMPTZOID, false) \
	X(CALENDAR_ID, "calendar_id", INT4OID, false) \
	X(EVENT_ON, "event_on", DATEOID, false) \
	X(CYCLE_STARTED_ON, "cycle_started_on", DATEOID, false) \
	X(ENTERED_AT, "entered_at", TIMESTAMPTZOID, false) \
	X(ENTERED_ON, "entered_on", DATEOID, false) \
	X(ENTERED_ID, "entered_id", INT8OID, false) \
	X(STAY_CYCLE, "stay_cycle", INT4OID, false) \
	X(STAY_TEMP, "stay_temperature", LA_TYPE_TEMPERATURE, false) \
	X(STAY_RULE, "stay_rule", TEXTOID, false) \
	X(STAY_RULES_VERSION, "stay_rules_version", INT4OID, false) \
	X(STAY_DIMS, "stay_dimensions", JSONBOID, false) \
	X(STAY_DUE, "stay_due_at", TIMESTAMPTZOID, false) \
	X(STAY_TOUCH_DUE, "stay_touch_due_at", TIMESTAMPTZOID, false) \
	X(FIRST_TOUCH, "first_touch_at", TIMESTAMPTZOID, false) \
	X(STAY_CALENDAR_ID, "stay_calendar_id", INT4OID, false) \
	X(EXIT_SECONDS, "exit_seconds", INT8OID, false) \
	X(TOUCH_SECONDS, "touch_seconds", INT8OID, false)

#define LA_LEDGER_ENUM(id, name, type, notnull) LA_L_##id,
typedef enum la_ledger_col
{
	LA_LEDGER_COLUMNS(LA_LEDGER_ENUM)
	LA_LEDGER_NCOLS
} la_ledger_col;
#undef LA_LEDGER_ENUM

typedef struct la_ledger_row
{
	SubTransactionId subxid;
	int64		id;				/* drawn when buffered (la_ledger_next_id) */
	Datum		val[LA_LEDGER_NCOLS];
	bool		isnull[LA_LEDGER_NCOLS];
} la_ledger_row;

extern la_ledger_row *la_ledger_new(void);
extern MemoryContext la_ledger_context(void);
extern int	la_ledger_pending(void);
extern void la_ledger_flush(void);
extern void la_ledger_xact_end(void);
extern void la_ledger_subxact_abort(SubTransactionId subid);
/* What the ledger says of a lead's latest events (la_ledger_last_event). */
typedef struct LaLastEvent
{
	bool		found;			/* the lead has ledger rows */
	int32		cycle;			/* of its latest row (highest id) */
	int			temperature;	/* of its latest row, -1 for none */
	char	   *rule;			/* of its latest row, NULL for none */
	bool		deleted;		/* its latest row is a delete */
	TimestampTz when;			/* its latest event time */
	bool		stay_known;
	TimestampTz stay_start;		/* the event time of its latest row that entered a stage */
} LaLastEvent;

extern bool la_ledger_last_event(int32 track_id, const char *key, LaLastEvent *ev);
extern int64 la_ledger_next_id(void);
extern int32 la_stay_calendar_id(Datum calendar);
extern void la_stay_calendar_forget(void);

/*
 * lead_align.lead_current (lead_current.c), one list of its columns:
 * X(id, SQL name).  A lead's row is read into and written from a LaCurrent.
 */
#define LA_CURRENT_COLUMNS(X) \
	X(TRACK_ID, "track_id") \
	X(KEY, "lead_key") \
	X(STAGE, "stage") \
	X(DELETED, "deleted") \
	X(CYCLE, "cycle") \
	X(CYCLE_STARTED_ON, "cycle_started_on") \
	X(ENTERED_AT, "entered_at") \
	X(ENTERED_ON, "entered_on") \
	X(ENTERED_ID, "entered_id") \
	X(STAY_TEMP, "stay_temperature") \
	X(STAY_RULE, "stay_rule") \
	X(STAY_RULES_VERSION, "stay_rules_version") \
	X(STAY_DIMS, "stay_dimensions") \
	X(DUE, "due_at") \
	X(TOUCH_DUE, "touch_due_at") \
	X(TOUCHED_AT, "touched_at") \
	X(CALENDAR, "calendar") \
	X(OWNER, "owner") \
	X(TEMP, "temperature") \
	X(RULE, "rule") \
	X(LAST_EVENT_AT, "last_event_at") \
	X(LAST_ID, "last_id") \
	X(CYCLE_FIRST_ID, "cycle_first_id") \
	X(CYCLE_STAGE, "cycle_stage") \
	X(CYCLE_FURTHEST, "cycle_furthest_stage") \
	X(CYCLE_SALES_SOURCED, "cycle_sales_sourced") \
	X(CYCLE_MQL_ID, "cycle_mql_id") \
	X(CYCLE_MQL_AT, "cycle_mql_at") \
	X(CYCLE_ACCEPTED, "cycle_accepted") \
	X(CYCLE_DISQUALIFIED, "cycle_disqualified") \
	X(CYCLE_DQ_REASON, "cycle_disqualify_reason") \
	X(CYCLE_RULE, "cycle_rule") \
	X(CYCLE_RULES_VERSION, "cycle_rules_version") \
	X(CYCLE_TEMP, "cycle_temperature") \
	X(CYCLE_DIMS, "cycle_dimensions")

#define LA_CURRENT_ENUM(id, name) LA_C_##id,
typedef enum la_current_col
{
	LA_CURRENT_COLUMNS(LA_CURRENT_ENUM)
	LA_CURRENT_NCOLS
} la_current_col;
#undef LA_CURRENT_ENUM

/*
 * lead_align.lead_cycle: the lead-cycles a move into nurture or a new create
 * ended, one row each, written once by the trigger when the lead's next
 * cycle begins (its open cycle lives in lead_current, columns cycle_*).
 */
#define LA_CYCLE_COLUMNS(X) \
	X(TRACK_ID, "track_id") \
	X(KEY, "lead_key") \
	X(CYCLE, "cycle") \
	X(STARTED_ON, "started_on") \
	X(FIRST_ID, "first_id") \
	X(LAST_ID, "last_id") \
	X(STAGE, "stage") \
	X(FURTHEST, "furthest_stage") \
	X(SALES_SOURCED, "sales_sourced") \
	X(MQL_ID, "mql_id") \
	X(MQL_AT, "mql_at") \
	X(ACCEPTED, "accepted") \
	X(REJECTED, "rejected") \
	X(REJECT_REASON, "reject_reason") \
	X(ENDED_BY, "ended_by") \
	X(RULE, "rule") \
	X(RULES_VERSION, "rules_version") \
	X(TEMP, "temperature") \
	X(DIMS, "dimensions")

#define LA_CYCLE_ENUM(id, name) LA_Y_##id,
typedef enum la_cycle_col
{
	LA_CYCLE_COLUMNS(LA_CYCLE_ENUM)
	LA_CYCLE_NCOLS
} la_cycle_col;
#undef LA_CYCLE_ENUM

typedef struct LaCurrent
{
	bool		found;			/* the lead has a row (tid is where) */
	ItemPointerData tid;
	Datum		v[LA_CURRENT_NCOLS];
	bool		n[LA_CURRENT_NCOLS];
} LaCurrent;

extern bool la_current_exists(void);
extern void la_current_relcache_inval(Oid relid);
extern void la_ledger_relcache_inval(Oid relid);
extern void la_register_callbacks(void);
extern void la_current_read(int32 track_id, const char *key, LaCurrent *c);
extern void la_current_write(LaCurrent *c);
extern void la_cycle_insert(Datum *v, bool *n);

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
