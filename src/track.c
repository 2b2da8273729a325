/*
 * track.c -- the C triggers that track a CRM table (DESIGN 4).
 *
 * Pipeline, per tracked table (each trigger's only argument is the track id):
 *   zz_lead_align_derive    BEFORE INSERT OR UPDATE FOR EACH ROW: derives only
 *                           (fit and interest from score rules, the temperature
 *                           from classification rules, the automatic handoff);
 *   zz_lead_align_record    AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW:
 *                           validates the final row against the agreement, the
 *                           teams and the reasons, and buffers ledger rows;
 *   zz_lead_align_flush     AFTER ... FOR EACH STATEMENT: writes the buffered
 *                           ledger rows in one INSERT (also every FLUSH_AT rows);
 *   zz_lead_align_truncate  BEFORE TRUNCATE: refuses.
 *
 * A track's configuration is read once per backend (SPI, as the extension's
 * owner) and cached with its compiled rules; a statement trigger on every
 * configuration table invalidates the caches of all backends through the
 * relcache, and so does any change to the tracked table itself.
 *
 * The ledger buffer lives in TopTransactionContext; rows buffered inside a
 * subtransaction that aborts are dropped, so a failed statement leaves none.
 */
#include "la_track.h"
#include "la_stage.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/bitmapset.h"
#include "optimizer/optimizer.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#define FLUSH_AT		4096
#define STAGES			LA_STAGE_COUNT
#define FROM_INSERT		LA_STAGE_COUNT	/* transition row index of an insert */

typedef enum TrackMode
{
	MODE_ENFORCE,
	MODE_RECORD,
	MODE_BACKFILL
} TrackMode;

typedef struct Rule
{
	char	   *name;
	int			kind;			/* 0 temperature, 1 fit, 2 interest */
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
				reason_att;
	int			ndims;
	AttrNumber *dim_atts;
	char	  **dim_names;
	bool		stage_mapped;
	int			nlabels;
	char	  **labels;
	int		   *label_stage;
	char	   *stage_label[STAGES];	/* label written for a stage (automatic handoff) */
	bytea	   *calendar;
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
	Transition	trans[STAGES + 1][STAGES];
	bool		sla_set[STAGES][LA_TEMP_COUNT + 1][2];
	int64		sla[STAGES][LA_TEMP_COUNT + 1][2];	/* packed window; [..][0] = any temperature */
	int			nreasons;
	Reason	   *reasons;
	TupleTableSlot *slot;
	ExprContext *econtext;
} Track;

/*
 * Keyed by the track id and the relation the trigger fired on: on a
 * partitioned table the row triggers fire on each partition, whose column
 * numbers may differ from the parent's.
 */
typedef struct TrackKey
{
	int32		id;
	Oid			relid;
} TrackKey;

typedef struct TrackEntry
{
	TrackKey	key;
	Track	   *track;
} TrackEntry;

static HTAB *Tracks = NULL;
static Oid	ConfigRelids[16];
static int	NConfigRelids = 0;
static bool CallbacksRegistered = false;

/* GUCs */
static char *AppUser = NULL;
static char *GucReason = NULL;
static char *GucNote = NULL;
static char *MoveReason = NULL;
static char *MoveNote = NULL;
static bool Reclassifying = false;

/* automatic handoffs made by the derive trigger, for the record trigger */
static HTAB *AutoHandoffs = NULL;

typedef struct AutoKey
{
	char		key[256];		/* "<I|U><track id>/<lead key>": the event that made it */
	int			from_stage;
} AutoKey;


/* ---------- invalidation ---------- */

static Oid	CachedOwner;

static void
InvalidateAll(void)
{
	HASH_SEQ_STATUS st;
	TrackEntry *e;

	CachedOwner = InvalidOid;

	if (Tracks == NULL)
		return;
	hash_seq_init(&st, Tracks);
	while ((e = hash_seq_search(&st)) != NULL)
		if (e->track)
			e->track->valid = false;
}

static void
RelcacheCallback(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS st;
	TrackEntry *e;
	int			i;

	if (Tracks == NULL)
		return;
	if (relid == InvalidOid)
	{
		InvalidateAll();
		return;
	}
	for (i = 0; i < NConfigRelids; i++)
		if (ConfigRelids[i] == relid)
		{
			InvalidateAll();
			return;
		}
	hash_seq_init(&st, Tracks);
	while ((e = hash_seq_search(&st)) != NULL)
		if (e->track && (e->track->relid == relid || e->track->track_relid == relid))
			e->track->valid = false;
}

static void
LaXactCallback(XactEvent event, void *arg)
{
	/*
	 * A statement aimed straight at a partition fires no statement trigger of
	 * the tracked parent: write what it buffered before the commit.
	 */
	if ((event == XACT_EVENT_PRE_COMMIT || event == XACT_EVENT_PRE_PREPARE) && la_ledger_pending() > 0)
	{
		PushActiveSnapshot(GetTransactionSnapshot());
		la_ledger_flush();
		PopActiveSnapshot();
	}
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PREPARE)
	{
		la_ledger_xact_end();
		la_scores_valid = false;
		AutoHandoffs = NULL;
	}
}

static void
LaSubXactCallback(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		la_ledger_subxact_abort(mySubid);
}

static void
RegisterCallbacks(void)
{
	if (CallbacksRegistered)
		return;
	CacheRegisterRelcacheCallback(RelcacheCallback, (Datum) 0);
	RegisterXactCallback(LaXactCallback, NULL);
	RegisterSubXactCallback(LaSubXactCallback, NULL);
	CallbacksRegistered = true;
}

void		la_track_init(void);

static ExecutorFinish_hook_type PrevExecutorFinish = NULL;

/*
 * After every statement's AFTER triggers have fired, write what it buffered.
 * The statement trigger zz_lead_align_flush does the same for statements on
 * the tracked table itself; this also covers statements aimed straight at a
 * partition, which fire no statement trigger of the partitioned parent.
 */
static void
LaExecutorFinish(QueryDesc *queryDesc)
{
	if (PrevExecutorFinish)
		PrevExecutorFinish(queryDesc);
	else
		standard_ExecutorFinish(queryDesc);
	if (la_ledger_pending() > 0)
		la_ledger_flush();
}

/* GUCs of tracking; called from _PG_init. */
void
la_track_init(void)
{
	DefineCustomStringVariable("lead_align.app_user",
							   "The application's end user, recorded in the ledger.",
							   "For pooled applications that connect as one role.",
							   &AppUser, NULL, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("lead_align.reason",
							   "Reason code for the moves of this transaction (SET LOCAL).",
							   NULL, &GucReason, NULL, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("lead_align.note",
							   "Note for the moves of this transaction (SET LOCAL).",
							   NULL, &GucNote, NULL, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("lead_align.move_reason",
							   "Set by lead_align.move(); not for direct use.",
							   NULL, &MoveReason, NULL, PGC_USERSET,
							   GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
	DefineCustomStringVariable("lead_align.move_note",
							   "Set by lead_align.move(); not for direct use.",
							   NULL, &MoveNote, NULL, PGC_USERSET,
							   GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
	DefineCustomBoolVariable("lead_align.reclassifying",
							 "Set by lead_align.reclassify(); not for direct use.",
							 NULL, &Reclassifying, false, PGC_USERSET,
							 GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
	MarkGUCPrefixReserved("lead_align");
	PrevExecutorFinish = ExecutorFinish_hook;
	ExecutorFinish_hook = LaExecutorFinish;
}

/* ---------- running as the extension's owner ---------- */

static Oid	CachedOwner = InvalidOid;

/*
 * The owner of schema lead_align: the role that installed the extension.
 * Cached; forgotten with the tracks' caches (any configuration change).
 */
Oid
la_extension_owner(void)
{
	Oid			nsp;
	HeapTuple	tup;

	if (OidIsValid(CachedOwner))
		return CachedOwner;
	nsp = get_namespace_oid("lead_align", false);
	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nsp));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for schema lead_align");
	CachedOwner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	ReleaseSysCache(tup);
	return CachedOwner;
}

typedef struct AsOwner
{
	Oid			save_uid;
	int			save_sec;
} AsOwner;

static void
BecomeOwner(AsOwner *s)
{
	GetUserIdAndSecContext(&s->save_uid, &s->save_sec);
	SetUserIdAndSecContext(la_extension_owner(), s->save_sec | SECURITY_LOCAL_USERID_CHANGE);
}

static void
RestoreUser(AsOwner *s)
{
	SetUserIdAndSecContext(s->save_uid, s->save_sec);
}

/* ---------- loading a track ---------- */

static AttrNumber
AttOf(Relation rel, Datum d, bool isnull, const char *role)
{
	AttrNumber	att;

	if (isnull)
		return InvalidAttrNumber;
	att = get_attnum(RelationGetRelid(rel), NameStr(*DatumGetName(d)));
	if (att == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" mapped as the %s of track of table \"%s\" does not exist",
						NameStr(*DatumGetName(d)), role, RelationGetRelationName(rel)),
				 errhint("Untrack the table and track it again with the current columns.")));
	return att;
}

/* The attribute named by column n of a track row (InvalidAttrNumber when NULL). */
static AttrNumber
ColAtt(Relation rel, HeapTuple tup, TupleDesc td, int n, const char *role)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, n, &isnull);

	return AttOf(rel, d, isnull, role);
}

static int
StageFromText(const char *s)
{
	la_stage	st;
	la_error	err;

	if (!la_stage_parse(s, &st, &err))
		la_report(&err);
	return (int) st;
}

static int
TempFromText(const char *s)
{
	la_temperature t;
	la_error	err;

	if (!la_temperature_parse(s, &t, &err))
		la_report(&err);
	return (int) t;
}

static void
RememberConfigRelids(void)
{
	static const char *const names[] = {"track", "stage_map", "rule", "team", "team_role",
	"reason", "reason_disabled", "transition", "sla"};
	Oid			nsp = get_namespace_oid("lead_align", false);
	int			i;

	NConfigRelids = 0;
	for (i = 0; i < (int) lengthof(names); i++)
	{
		Oid			relid = get_relname_relid(names[i], nsp);

		if (OidIsValid(relid))
			ConfigRelids[NConfigRelids++] = relid;
	}
}

#define GETTEXT(tup, n) SPI_getvalue((tup), SPI_tuptable->tupdesc, (n))

static Track *
LoadTrack(int32 id, Relation rel)
{
	MemoryContext cxt = AllocSetContextCreate(CacheMemoryContext, "lead_align track",
											  ALLOCSET_SMALL_SIZES);
	MemoryContext old;
	Track	   *t;
	Datum		arg[2];
	Oid			argtypes[2] = {INT4OID, INT4OID};
	HeapTuple	tup;
	TupleDesc	td;
	bool		isnull;
	AsOwner		as;
	uint64		i;
	int			j;

	RememberConfigRelids();
	t = MemoryContextAllocZero(cxt, sizeof(Track));
	t->cxt = cxt;
	t->id = id;
	arg[0] = Int32GetDatum(id);

	BecomeOwner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT relid::oid, table_name, key_column, stage_column, stage_mapped, "
							  "temperature_column, fit_column, interest_column, owner_column, "
							  "first_touch_column, event_time_column, reason_column, dimensions, "
							  "calendar::text, handoff_temperature::text, fit_threshold::float8, "
							  "interest_threshold::float8, mode, active, rules_version "
							  "FROM lead_align.track WHERE id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read track %d", id);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("track %d of table \"%s\" does not exist", id, RelationGetRelationName(rel)),
				 errhint("Drop the lead_align triggers of the table, or track it again.")));
	tup = SPI_tuptable->vals[0];
	td = SPI_tuptable->tupdesc;
	old = MemoryContextSwitchTo(cxt);
	t->track_relid = DatumGetObjectId(SPI_getbinval(tup, td, 1, &isnull));
	t->relid = RelationGetRelid(rel);
	if (t->track_relid != t->relid &&
		!(rel->rd_rel->relispartition &&
		  list_member_oid(get_partition_ancestors(t->relid), t->track_relid)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger of table \"%s\" names track %d, which tracks another table",
						RelationGetRelationName(rel), id),
				 errhint("Untrack and track the table again.")));
	t->table_name = pstrdup(GETTEXT(tup, 2));
	t->key_att = ColAtt(rel, tup, td, 3, "key");
	t->stage_att = ColAtt(rel, tup, td, 4, "stage");
	t->stage_mapped = DatumGetBool(SPI_getbinval(tup, td, 5, &isnull));
	t->temp_att = ColAtt(rel, tup, td, 6, "temperature");
	t->fit_att = ColAtt(rel, tup, td, 7, "fit");
	t->interest_att = ColAtt(rel, tup, td, 8, "interest");
	t->owner_att = ColAtt(rel, tup, td, 9, "owner");
	t->touch_att = ColAtt(rel, tup, td, 10, "first touch");
	t->evtime_att = ColAtt(rel, tup, td, 11, "event time");
	t->reason_att = ColAtt(rel, tup, td, 12, "reason");
	{
		Datum		dims = SPI_getbinval(tup, td, 13, &isnull);
		Datum	   *elems;
		bool	   *nulls;
		int			n;

		deconstruct_array(DatumGetArrayTypeP(dims), NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR,
						  &elems, &nulls, &n);
		t->ndims = n;
		t->dim_atts = palloc(sizeof(AttrNumber) * (n + 1));
		t->dim_names = palloc(sizeof(char *) * (n + 1));
		for (j = 0; j < n; j++)
		{
			t->dim_names[j] = pstrdup(NameStr(*DatumGetName(elems[j])));
			t->dim_atts[j] = AttOf(rel, elems[j], false, "dimension");
		}
	}
	{
		char	   *cal = GETTEXT(tup, 14);
		void	   *blob;
		size_t		size;
		la_error	err;

		if (!la_cal_parse(cal, &blob, &size, &err))
			la_report(&err);
		t->calendar = palloc(VARHDRSZ + size);
		SET_VARSIZE(t->calendar, VARHDRSZ + size);
		memcpy(VARDATA(t->calendar), blob, size);
		la_mfree(blob);
	}
	t->handoff_temp = GETTEXT(tup, 15) ? TempFromText(GETTEXT(tup, 15)) : -1;
	t->fit_threshold = DatumGetFloat8(SPI_getbinval(tup, td, 16, &isnull));
	t->interest_threshold = DatumGetFloat8(SPI_getbinval(tup, td, 17, &isnull));
	{
		char	   *mode = GETTEXT(tup, 18);

		t->mode = strcmp(mode, "record") == 0 ? MODE_RECORD :
			strcmp(mode, "backfill") == 0 ? MODE_BACKFILL : MODE_ENFORCE;
	}
	t->active = DatumGetBool(SPI_getbinval(tup, td, 19, &isnull));
	t->rules_version = DatumGetInt32(SPI_getbinval(tup, td, 20, &isnull));
	MemoryContextSwitchTo(old);

	/* stage labels */
	if (SPI_execute_with_args("SELECT label, stage::text FROM lead_align.stage_map "
							  "WHERE track_id OPERATOR(pg_catalog.=) $1 ORDER BY label",
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read stage map");
	old = MemoryContextSwitchTo(cxt);
	t->nlabels = (int) SPI_processed;
	t->labels = palloc(sizeof(char *) * (t->nlabels + 1));
	t->label_stage = palloc(sizeof(int) * (t->nlabels + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		t->labels[i] = pstrdup(GETTEXT(SPI_tuptable->vals[i], 1));
		t->label_stage[i] = StageFromText(GETTEXT(SPI_tuptable->vals[i], 2));
	}
	for (j = 0; j < STAGES; j++)
	{
		int			k;

		t->stage_label[j] = NULL;
		/* prefer the canonical word, else the first label in order */
		for (k = 0; k < t->nlabels; k++)
			if (t->label_stage[k] == j &&
				(t->stage_label[j] == NULL || strcmp(t->labels[k], la_stage_name(j)) == 0))
				t->stage_label[j] = t->labels[k];
	}
	MemoryContextSwitchTo(old);

	/* the agreement */
	if (SPI_execute_with_args("SELECT tr.from_stage::text, tr.to_stage::text, tr.team, tr.kind, "
							  "tr.reason_required, r.oid FROM lead_align.transition tr "
							  "LEFT JOIN lead_align.team_role b ON b.team OPERATOR(pg_catalog.=) tr.team "
							  "LEFT JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) b.role "
							  "WHERE tr.track_id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the agreement");
	old = MemoryContextSwitchTo(cxt);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	r = SPI_tuptable->vals[i];
		char	   *from = GETTEXT(r, 1);
		int			f = from ? StageFromText(from) : FROM_INSERT;
		int			to = StageFromText(GETTEXT(r, 2));
		Transition *tr = &t->trans[f][to];

		tr->allowed = true;
		tr->team = pstrdup(GETTEXT(r, 3));
		tr->kind = pstrdup(GETTEXT(r, 4));
		tr->reason_required = DatumGetBool(SPI_getbinval(r, SPI_tuptable->tupdesc, 5, &isnull));
		{
			Datum		role = SPI_getbinval(r, SPI_tuptable->tupdesc, 6, &isnull);

			tr->role = isnull ? InvalidOid : DatumGetObjectId(role);
		}
	}
	MemoryContextSwitchTo(old);

	/* SLAs */
	if (SPI_execute_with_args("SELECT stage::text, temperature::text, kind, \"window\"::text "
							  "FROM lead_align.sla WHERE track_id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read SLAs");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	r = SPI_tuptable->vals[i];
		int			st = StageFromText(GETTEXT(r, 1));
		char	   *temp = GETTEXT(r, 2);
		int			ti = temp ? TempFromText(temp) + 1 : 0;
		int			k = strcmp(GETTEXT(r, 3), "touch") == 0 ? 1 : 0;
		la_window	w;
		la_error	err;

		if (!la_window_parse(GETTEXT(r, 4), &w, &err))
			la_report(&err);
		t->sla_set[st][ti][k] = true;
		t->sla[st][ti][k] = la_window_pack(&w);
	}

	/* reasons enabled for this track */
	if (SPI_execute_with_args("SELECT r.code, r.kind, r.needs_note FROM lead_align.reason r "
							  "WHERE (r.track_id IS NULL OR r.track_id OPERATOR(pg_catalog.=) $1) "
							  "AND NOT EXISTS (SELECT FROM lead_align.reason_disabled d "
							  "WHERE d.track_id OPERATOR(pg_catalog.=) $1 AND d.code OPERATOR(pg_catalog.=) r.code "
							  "AND d.kind OPERATOR(pg_catalog.=) r.kind) "
							  "ORDER BY r.kind, (r.code OPERATOR(pg_catalog.=) 'other'), r.code",
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read reasons");
	old = MemoryContextSwitchTo(cxt);
	t->nreasons = (int) SPI_processed;
	t->reasons = palloc(sizeof(Reason) * (t->nreasons + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	r = SPI_tuptable->vals[i];

		t->reasons[i].code = pstrdup(GETTEXT(r, 1));
		t->reasons[i].kind = pstrdup(GETTEXT(r, 2));
		t->reasons[i].needs_note = DatumGetBool(SPI_getbinval(r, SPI_tuptable->tupdesc, 3, &isnull));
	}
	MemoryContextSwitchTo(old);

	/* the rules in force at the track's rules version: scores first, then by priority */
	arg[1] = Int32GetDatum(t->rules_version);
	if (SPI_execute_with_args("SELECT name, kind, temperature::text, points, predicate, priority "
							  "FROM lead_align.rule WHERE track_id OPERATOR(pg_catalog.=) $1 "
							  "AND valid_from OPERATOR(pg_catalog.<=) $2 "
							  "AND (valid_to IS NULL OR $2 OPERATOR(pg_catalog.<) valid_to) "
							  "ORDER BY (kind OPERATOR(pg_catalog.=) 'temperature'), priority, id",
							  2, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read rules");
	old = MemoryContextSwitchTo(cxt);
	t->nrules = (int) SPI_processed;
	t->rules = palloc0(sizeof(Rule) * (t->nrules + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	r = SPI_tuptable->vals[i];
		Rule	   *ru = &t->rules[i];
		char	   *kind = GETTEXT(r, 2);
		char	   *pred = GETTEXT(r, 5);
		Bitmapset  *atts = NULL;
		Node	   *expr;
		int			a;

		ru->name = pstrdup(GETTEXT(r, 1));
		ru->predicate = pstrdup(pred);
		ru->priority = DatumGetInt32(SPI_getbinval(r, SPI_tuptable->tupdesc, 6, &isnull));
		ru->kind = strcmp(kind, "temperature") == 0 ? 0 : strcmp(kind, "fit") == 0 ? 1 : 2;
		if (ru->kind == 0)
			ru->temperature = TempFromText(GETTEXT(r, 3));
		else
		{
			ru->points = DatumGetInt32(SPI_getbinval(r, SPI_tuptable->tupdesc, 4, &isnull));
			t->has_scores = true;
		}
		expr = la_rule_parse(rel, pred, true);
		pull_varattnos(expr, 1, &atts);
		a = -1;
		while ((a = bms_next_member(atts, a)) >= 0)
			t->watched = bms_add_member(t->watched, a + FirstLowInvalidHeapAttributeNumber);
		ru->state = ExecInitExpr((Expr *) expression_planner((Expr *) expr), NULL);
	}
	if (t->stage_att)
		t->watched = bms_add_member(t->watched, t->stage_att);
	if (t->temp_att)
		t->watched = bms_add_member(t->watched, t->temp_att);
	if (t->fit_att)
		t->watched = bms_add_member(t->watched, t->fit_att);
	if (t->interest_att)
		t->watched = bms_add_member(t->watched, t->interest_att);
	t->slot = MakeSingleTupleTableSlot(CreateTupleDescCopy(RelationGetDescr(rel)), &TTSOpsHeapTuple);
	t->econtext = CreateStandaloneExprContext();
	MemoryContextSwitchTo(old);

	SPI_finish();
	RestoreUser(&as);
	t->valid = true;
	return t;
}

/* The cached track id on relation rel, loaded or reloaded as needed. */
static Track *
GetTrackFor(int32 id, Relation rel)
{
	TrackKey	key;
	bool		found;
	TrackEntry *e;

	RegisterCallbacks();
	if (Tracks == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(TrackKey);
		ctl.entrysize = sizeof(TrackEntry);
		ctl.hcxt = CacheMemoryContext;
		Tracks = hash_create("lead_align tracks", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	memset(&key, 0, sizeof(key));
	key.id = id;
	key.relid = RelationGetRelid(rel);
	e = hash_search(Tracks, &key, HASH_ENTER, &found);
	if (!found)
		e->track = NULL;
	if (e->track == NULL || !e->track->valid)
	{
		if (e->track)
		{
			MemoryContextDelete(e->track->cxt);
			e->track = NULL;
		}
		e->track = LoadTrack(id, rel);
	}
	return e->track;
}

/* The cached track of a trigger. */
static Track *
GetTrack(TriggerData *td)
{
	Trigger    *trig = td->tg_trigger;
	int32		id;
	char	   *end;

	if (trig->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" must have exactly one argument, the track id", trig->tgname)));
	id = (int32) strtol(trig->tgargs[0], &end, 10);
	if (*end != '\0' || id <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" has an invalid track id \"%s\"", trig->tgname, trig->tgargs[0])));
	return GetTrackFor(id, td->tg_relation);
}

/* ---------- reading the row ---------- */

static char *
ValueText(Relation rel, HeapTuple tup, AttrNumber att, bool *isnull)
{
	Datum		d;
	Oid			typoutput;
	bool		varlena;

	if (att == InvalidAttrNumber)
	{
		*isnull = true;
		return NULL;
	}
	d = heap_getattr(tup, att, RelationGetDescr(rel), isnull);
	if (*isnull)
		return NULL;
	getTypeOutputInfo(TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid, &typoutput, &varlena);
	return OidOutputFunctionCall(typoutput, d);
}

/* The stage of a row, through the label map for text and enum columns. */
static int
RowStage(Track *t, Relation rel, HeapTuple tup)
{
	bool		isnull;
	char	   *s;
	int			i;

	if (!t->stage_mapped)
	{
		Datum		d = heap_getattr(tup, t->stage_att, RelationGetDescr(rel), &isnull);

		if (isnull)
			goto null_stage;
		return DatumGetInt32(d);
	}
	s = ValueText(rel, tup, t->stage_att, &isnull);
	if (isnull)
		goto null_stage;
	for (i = 0; i < t->nlabels; i++)
		if (strcmp(t->labels[i], s) == 0)
			return t->label_stage[i];
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("stage label \"%s\" of table \"%s\" has no mapping", s, t->table_name),
			 errhint("Map it first, e.g. SELECT lead_align.map_stage('%s', '%s', 'new');", t->table_name, s)));
null_stage:
	ereport(ERROR,
			(errcode(ERRCODE_NOT_NULL_VIOLATION),
			 errmsg("stage of a tracked lead in table \"%s\" is null", t->table_name),
			 errhint("Give every lead a stage, e.g. 'new'.")));
	return -1;
}

static bool
Changed(Relation rel, HeapTuple a, HeapTuple b, AttrNumber att)
{
	bool		na,
				nb;
	Datum		da,
				db;
	Form_pg_attribute attr;

	if (att == InvalidAttrNumber)
		return false;
	da = heap_getattr(a, att, RelationGetDescr(rel), &na);
	db = heap_getattr(b, att, RelationGetDescr(rel), &nb);
	if (na || nb)
		return na != nb;
	attr = TupleDescAttr(RelationGetDescr(rel), att - 1);
	return !datumIsEqual(da, db, attr->attbyval, attr->attlen);
}

/* ---------- classification ---------- */

typedef struct Derived
{
	int32		fit;
	int32		interest;
	int			temperature;
	const char *rule;
} Derived;

static Datum ScoreDatum(Relation rel, AttrNumber att, int32 v);

/* The row with its score columns set to the scores just computed. */
static HeapTuple
ScoredTuple(Track *t, Relation rel, HeapTuple tup, int32 fit, int32 interest)
{
	int			cols[2];
	Datum		vals[2];
	bool		nulls[2] = {false, false};
	int			n = 0;

	if (t->fit_att)
	{
		cols[n] = t->fit_att;
		vals[n++] = ScoreDatum(rel, t->fit_att, fit);
	}
	if (t->interest_att)
	{
		cols[n] = t->interest_att;
		vals[n++] = ScoreDatum(rel, t->interest_att, interest);
	}
	if (n == 0)
		return tup;
	return heap_modify_tuple_by_cols(tup, RelationGetDescr(rel), n, cols, vals, nulls);
}

/* Evaluate the rules on a row, as the table's owner in restricted mode. */
static void
Classify(Track *t, Relation rel, HeapTuple tup, Derived *out)
{
	Oid			save_uid;
	int			save_sec;
	int			i;
	bool		isnull;

	out->fit = out->interest = 0;
	out->temperature = LA_TEMP_COLD;
	out->rule = NULL;
	if (t->nrules == 0)
		return;
	GetUserIdAndSecContext(&save_uid, &save_sec);
	SetUserIdAndSecContext(rel->rd_rel->relowner, save_sec | SECURITY_RESTRICTED_OPERATION);
	ExecStoreHeapTuple(tup, t->slot, false);
	t->econtext->ecxt_scantuple = t->slot;
	la_scores_valid = false;
	for (i = 0; i < t->nrules; i++)
	{
		Rule	   *r = &t->rules[i];
		Datum		v;

		if (r->kind == 0 && !la_scores_valid)
		{
			la_score_fit = out->fit;
			la_score_interest = out->interest;
			la_scores_valid = true;
			/* classification sees the scores in the score columns too */
			if (t->has_scores && (t->fit_att || t->interest_att))
			{
				ExecClearTuple(t->slot);
				ExecStoreHeapTuple(ScoredTuple(t, rel, tup, out->fit, out->interest), t->slot, false);
			}
		}
		v = ExecEvalExprSwitchContext(r->state, t->econtext, &isnull);
		if (isnull || !DatumGetBool(v))
			continue;
		if (r->kind == 1)
			out->fit += r->points;
		else if (r->kind == 2)
			out->interest += r->points;
		else
		{
			out->temperature = r->temperature;
			out->rule = r->name;
			break;
		}
	}
	la_scores_valid = false;
	ResetExprContext(t->econtext);
	ExecClearTuple(t->slot);
	SetUserIdAndSecContext(save_uid, save_sec);
}

/*
 * The derived values of a row the derive trigger has just written: the
 * scores from the score columns when both are mapped (no score rule is
 * evaluated twice), then the classification rules for the temperature and
 * the rule that fired.  Falls back to Classify otherwise.
 */
static void
ClassifyWritten(Track *t, Relation rel, HeapTuple tup, Derived *out)
{
	Oid			save_uid;
	int			save_sec;
	int			i;
	bool		isnull,
				fnull,
				inull;
	Datum		fd,
				id;

	if (!t->has_scores || !t->fit_att || !t->interest_att)
	{
		Classify(t, rel, tup, out);
		return;
	}
	fd = heap_getattr(tup, t->fit_att, RelationGetDescr(rel), &fnull);
	id = heap_getattr(tup, t->interest_att, RelationGetDescr(rel), &inull);
	if (fnull || inull ||
		TupleDescAttr(RelationGetDescr(rel), t->fit_att - 1)->atttypid != INT4OID ||
		TupleDescAttr(RelationGetDescr(rel), t->interest_att - 1)->atttypid != INT4OID)
	{
		Classify(t, rel, tup, out);
		return;
	}
	out->fit = DatumGetInt32(fd);
	out->interest = DatumGetInt32(id);
	out->temperature = LA_TEMP_COLD;
	out->rule = NULL;
	GetUserIdAndSecContext(&save_uid, &save_sec);
	SetUserIdAndSecContext(rel->rd_rel->relowner, save_sec | SECURITY_RESTRICTED_OPERATION);
	ExecStoreHeapTuple(tup, t->slot, false);
	t->econtext->ecxt_scantuple = t->slot;
	la_score_fit = out->fit;
	la_score_interest = out->interest;
	la_scores_valid = true;
	for (i = 0; i < t->nrules; i++)
	{
		Rule	   *r = &t->rules[i];
		Datum		v;

		if (r->kind != 0)
			continue;
		v = ExecEvalExprSwitchContext(r->state, t->econtext, &isnull);
		if (!isnull && DatumGetBool(v))
		{
			out->temperature = r->temperature;
			out->rule = r->name;
			break;
		}
	}
	la_scores_valid = false;
	ResetExprContext(t->econtext);
	ExecClearTuple(t->slot);
	SetUserIdAndSecContext(save_uid, save_sec);
}

/* A Datum of the column's type from an integer score. */
static Datum
ScoreDatum(Relation rel, AttrNumber att, int32 v)
{
	Oid			typ = TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid;

	switch (typ)
	{
		case INT2OID:
			return Int16GetDatum((int16) v);
		case INT4OID:
			return Int32GetDatum(v);
		case INT8OID:
			return Int64GetDatum((int64) v);
		default:
			return DirectFunctionCall1(int4_numeric, Int32GetDatum(v));
	}
}

static Datum
TextOrTypeDatum(Relation rel, AttrNumber att, const char *s)
{
	Oid			typ = TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid;
	Oid			typinput,
				typioparam;

	getTypeInputInfo(typ, &typinput, &typioparam);
	return OidInputFunctionCall(typinput, (char *) s, typioparam,
								TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypmod);
}

static int
RowTemperature(Track *t, Relation rel, HeapTuple tup)
{
	bool		isnull;
	char	   *s;

	if (t->temp_att == InvalidAttrNumber)
		return -1;
	s = ValueText(rel, tup, t->temp_att, &isnull);
	if (isnull)
		return -1;
	return TempFromText(s);
}

static void
RememberAuto(Track *t, bool insert, const char *key, int from_stage)
{
	AutoKey		k;
	AutoKey    *e;

	if (AutoHandoffs == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(k.key);
		ctl.entrysize = sizeof(AutoKey);
		ctl.hcxt = TopTransactionContext;
		AutoHandoffs = hash_create("lead_align automatic handoffs", 64, &ctl,
								   HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	memset(k.key, 0, sizeof(k.key));
	snprintf(k.key, sizeof(k.key), "%c%d/%s", insert ? 'I' : 'U', t->id, key);
	e = hash_search(AutoHandoffs, k.key, HASH_ENTER, NULL);
	e->from_stage = from_stage;
}

static int
TakeAuto(Track *t, bool insert, const char *key)
{
	char		k[256];
	AutoKey    *e;
	int			from;

	if (AutoHandoffs == NULL)
		return -1;
	memset(k, 0, sizeof(k));
	snprintf(k, sizeof(k), "%c%d/%s", insert ? 'I' : 'U', t->id, key);
	e = hash_search(AutoHandoffs, k, HASH_FIND, NULL);
	if (e == NULL)
		return -1;
	from = e->from_stage;
	hash_search(AutoHandoffs, k, HASH_REMOVE, NULL);
	return from;
}

static void
CheckProtocol(FunctionCallInfo fcinfo, const char *name, bool before, bool row)
{
	TriggerData *td;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("lead_align.%s() was not called by the trigger manager", name),
				 errhint("It is installed by lead_align.track(); do not call it directly.")));
	td = (TriggerData *) fcinfo->context;
	if ((before && !TRIGGER_FIRED_BEFORE(td->tg_event)) || (!before && !TRIGGER_FIRED_AFTER(td->tg_event)) ||
		(row && !TRIGGER_FIRED_FOR_ROW(td->tg_event)) || (!row && !TRIGGER_FIRED_FOR_STATEMENT(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("lead_align.%s() must be fired %s %s", name, before ? "BEFORE" : "AFTER",
						row ? "FOR EACH ROW" : "FOR EACH STATEMENT")));
}

PG_FUNCTION_INFO_V1(la_derive_trigger);
/* BEFORE ROW: fit, interest, temperature, automatic handoff.  Derives only. */
Datum
la_derive_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	Track	   *t;
	HeapTuple	newtup,
				oldtup = NULL;
	Derived		d;
	int			cols[4];
	Datum		vals[4];
	bool		nulls[4] = {false, false, false, false};
	int			n = 0;
	bool		isnull;

	CheckProtocol(fcinfo, "derive_trigger", true, true);
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event) || TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("lead_align.derive_trigger() must be fired for INSERT or UPDATE")));
	rel = td->tg_relation;
	t = GetTrack(td);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		int			a = -1;
		bool		any = false;

		oldtup = td->tg_trigtuple;
		newtup = td->tg_newtuple;
		if (Reclassifying)
			any = true;
		while (!any && (a = bms_next_member(t->watched, a)) >= 0)
			if (Changed(rel, oldtup, newtup, (AttrNumber) a))
			{
				any = true;
				break;
			}
		if (!any)
			return PointerGetDatum(newtup);
	}
	else
		newtup = td->tg_trigtuple;
	if (!t->active)
		return PointerGetDatum(newtup);

	Classify(t, rel, newtup, &d);
	if (t->fit_att)
	{
		cols[n] = t->fit_att;
		vals[n++] = ScoreDatum(rel, t->fit_att, d.fit);
	}
	if (t->interest_att)
	{
		cols[n] = t->interest_att;
		vals[n++] = ScoreDatum(rel, t->interest_att, d.interest);
	}
	if (t->temp_att)
	{
		cols[n] = t->temp_att;
		vals[n++] = TextOrTypeDatum(rel, t->temp_att, la_temperature_name(d.temperature));
	}

	/*
	 * Automatic handoff, edge-triggered: a new or nurture lead becomes mql on
	 * insert, or when its temperature rises to the handoff temperature in
	 * this change, never when the statement itself set the stage.
	 */
	if (t->handoff_temp >= 0 && d.temperature >= t->handoff_temp && t->mode != MODE_BACKFILL)
	{
		int			stage = RowStage(t, rel, newtup);
		bool		edge;

		if (oldtup == NULL)
			edge = true;
		else
		{
			int			before = RowTemperature(t, rel, oldtup);

			if (t->temp_att == InvalidAttrNumber)
			{
				Derived		old;

				Classify(t, rel, oldtup, &old);
				before = old.temperature;
			}

			edge = before < t->handoff_temp && !Changed(rel, oldtup, newtup, t->stage_att);
		}
		if (edge && (stage == LA_STAGE_NEW || stage == LA_STAGE_NURTURE))
		{
			char	   *key = ValueText(rel, newtup, t->key_att, &isnull);

			cols[n] = t->stage_att;
			if (t->stage_mapped)
			{
				if (t->stage_label[LA_STAGE_MQL] == NULL)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("no stage label of table \"%s\" maps to mql, so the automatic handoff cannot set it",
									t->table_name),
							 errhint("Map one, e.g. SELECT lead_align.map_stage('%s', 'MQL', 'mql');", t->table_name)));
				vals[n++] = TextOrTypeDatum(rel, t->stage_att, t->stage_label[LA_STAGE_MQL]);
			}
			else
				vals[n++] = Int32GetDatum(LA_STAGE_MQL);
			if (key)
				RememberAuto(t, oldtup == NULL, key, stage);
		}
	}
	if (n == 0)
		return PointerGetDatum(newtup);
	return PointerGetDatum(heap_modify_tuple_by_cols(newtup, RelationGetDescr(rel), n, cols, vals, nulls));
}

/* ---------- recording ---------- */

static const char *
Quadrant(Track *t, Derived *d)
{
	if (!t->has_scores)
		return NULL;
	if (d->fit >= t->fit_threshold)
		return d->interest >= t->interest_threshold ? "good_fit_high_interest" : "good_fit_low_interest";
	return d->interest >= t->interest_threshold ? "bad_fit_high_interest" : "bad_fit_low_interest";
}

static char *
DimensionsJson(Track *t, Relation rel, HeapTuple tup)
{
	StringInfoData s;
	int			i;

	initStringInfo(&s);
	appendStringInfoChar(&s, '{');
	for (i = 0; i < t->ndims; i++)
	{
		bool		isnull;
		char	   *v = ValueText(rel, tup, t->dim_atts[i], &isnull);
		Oid			typ = TupleDescAttr(RelationGetDescr(rel), t->dim_atts[i] - 1)->atttypid;

		if (i)
			appendStringInfoString(&s, ", ");
		escape_json(&s, t->dim_names[i]);
		appendStringInfoString(&s, ": ");
		if (isnull)
			appendStringInfoString(&s, "null");
		else if (typ == INT2OID || typ == INT4OID || typ == INT8OID || typ == NUMERICOID ||
				 typ == FLOAT4OID || typ == FLOAT8OID)
		{
			if (strcmp(v, "NaN") == 0 || strstr(v, "Infinity"))
				escape_json(&s, v);
			else
				appendStringInfoString(&s, v);
		}
		else if (typ == BOOLOID)
			appendStringInfoString(&s, strcmp(v, "t") == 0 ? "true" : "false");
		else if (typ == JSONBOID || typ == JSONOID)
			appendStringInfoString(&s, v);
		else
			escape_json(&s, v);
	}
	appendStringInfoChar(&s, '}');
	return s.data;
}

/* The previous ledger row of a lead: its cycle and event time (ledger.c). */
static bool
LastEvent(Track *t, const char *key, int32 *cycle, TimestampTz *when)
{
	return la_ledger_last_event(t->id, key, cycle, when);
}

static char *
TsText(TimestampTz t)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(t)));
}

static const Reason *
FindReason(Track *t, const char *code, const char *kind)
{
	int			i;

	for (i = 0; i < t->nreasons; i++)
		if (strcmp(t->reasons[i].code, code) == 0 && strcmp(t->reasons[i].kind, kind) == 0)
			return &t->reasons[i];
	return NULL;
}

static char *
ReasonList(Track *t, const char *kind)
{
	StringInfoData s;
	int			i;

	initStringInfo(&s);
	for (i = 0; i < t->nreasons; i++)
		if (strcmp(t->reasons[i].kind, kind) == 0)
			appendStringInfo(&s, "%s%s", s.len ? ", " : "", t->reasons[i].code);
	return s.data;
}

static char *
AllowedTargets(Track *t, int from)
{
	StringInfoData s;
	int			to;

	initStringInfo(&s);
	for (to = 0; to < STAGES; to++)
		if (t->trans[from][to].allowed)
			appendStringInfo(&s, "%s%s", s.len ? ", " : "", la_stage_name(to));
	return s.len ? s.data : "none";
}

typedef struct Move
{
	const char *kind;
	const char *reason;
	const char *note;
	bool		violation;
} Move;

/* Report a broken agreement: an error in enforce mode, a marked row in record mode. */
static void
Violation(Track *t, Move *m, int sqlstate, const char *hint, const char *fmt, const char *a, const char *b)
{
	if (t->mode == MODE_RECORD)
	{
		m->violation = true;
		return;
	}
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg(fmt, a, b),
			 hint ? errhint("%s", hint) : 0));
}

/*
 * A reason on a move that needs none.  Given with move() or the reason
 * column, it must be a code of the move's kind (a kind without codes takes
 * none); SET LOCAL lead_align.reason, meant for every move of a transaction
 * that needs one, is not recorded on the others.
 */
static void
CheckOptionalReason(Track *t, Move *m, int from, int to, bool given)
{
	const Reason *r;
	const char *codes;

	if (m->reason == NULL)
		return;
	r = FindReason(t, m->reason, m->kind);
	if (r == NULL && !given)
	{
		/* SET LOCAL's reason does not apply here, nor does its note */
		m->reason = NULL;
		m->note = NULL;
		return;
	}
	codes = ReasonList(t, m->kind);
	if (r == NULL && codes[0] == '\0')
	{
		if (from == FROM_INSERT)
			Violation(t, m, ERRCODE_INVALID_PARAMETER_VALUE,
					  "Only moves that need a reason (reject, recycle, disqualify, lose, reopen) take one; leave the reason column empty on insert.",
					  "a new lead starting in %s takes no reason (got \"%s\")", la_stage_name(to), m->reason);
		else
			Violation(t, m, ERRCODE_INVALID_PARAMETER_VALUE,
					  psprintf("Moves of kind %s take no reason code; leave the reason out, or do not change the reason column with this move.", m->kind),
					  psprintf("a move from %s to %s takes no reason (got \"%%s\")", la_stage_name(from), la_stage_name(to)),
					  m->reason, NULL);
	}
	else if (r == NULL)
		Violation(t, m, ERRCODE_INVALID_PARAMETER_VALUE,
				  psprintf("Reasons for %s: %s.", m->kind, codes),
				  "\"%s\" is not a reason code for %s", m->reason, m->kind);
	else if (r->needs_note && m->note == NULL)
		Violation(t, m, ERRCODE_CHECK_VIOLATION,
				  "Add a note with lead_align.move(..., note => ...) or SET LOCAL lead_align.note.",
				  "reason \"%s\" of %s needs a note", m->reason, m->kind);
}

/*
 * Check a move from 'from' (FROM_INSERT for an insert) to 'to' against the
 * agreement, the team's role and the reasons; fills m.
 */
static void
CheckMove(Track *t, Relation rel, HeapTuple oldtup, HeapTuple newtup, int from, int to, Move *m)
{
	Transition *tr = &t->trans[from][to];
	const char *reason = NULL;
	const char *note = NULL;
	bool		either;
	bool		given;			/* by move() or the reason column, not SET LOCAL */

	m->kind = from == FROM_INSERT ? "create" : "advance";
	m->reason = m->note = NULL;
	m->violation = false;

	/* the reason: move(), then a changed reason column, then SET LOCAL */
	if (MoveReason && MoveReason[0])
	{
		reason = MoveReason;
		note = MoveNote && MoveNote[0] ? MoveNote : NULL;
	}
	else if (t->reason_att && (oldtup == NULL || Changed(rel, oldtup, newtup, t->reason_att)))
	{
		bool		isnull;

		reason = ValueText(rel, newtup, t->reason_att, &isnull);
		if (reason && reason[0] == '\0')
			reason = NULL;		/* an empty reason column is no reason */
	}
	given = reason != NULL;
	if (reason == NULL && GucReason && GucReason[0])
		reason = GucReason;
	if (note == NULL && GucNote && GucNote[0])
		note = GucNote;
	m->reason = reason;
	m->note = note;

	if (!tr->allowed)
	{
		if (t->mode == MODE_BACKFILL)
			return;
		if (from == FROM_INSERT)
			Violation(t, m, ERRCODE_CHECK_VIOLATION,
					  psprintf("New leads may start in: %s.", AllowedTargets(t, from)),
					  "a new lead may not start in stage %s%s", la_stage_name(to), "");
		else
			Violation(t, m, ERRCODE_CHECK_VIOLATION,
					  psprintf("From %s a lead may move to: %s.", la_stage_name(from), AllowedTargets(t, from)),
					  "the agreement does not allow a move from %s to %s", la_stage_name(from), la_stage_name(to));
		return;
	}
	m->kind = tr->kind;
	/* mql -> nurture: a reject or a recycle, as the reason's kind says ('other': reject) */
	either = strcmp(tr->kind, "reject_or_recycle") == 0;
	if (either)
		m->kind = (reason == NULL || FindReason(t, reason, "reject") || !FindReason(t, reason, "recycle")) ?
			"reject" : "recycle";
	if (t->mode == MODE_BACKFILL)
		return;
	if (OidIsValid(tr->role) && !has_privs_of_role(GetUserId(), tr->role))
		Violation(t, m, ERRCODE_INSUFFICIENT_PRIVILEGE,
				  psprintf("Only members of role \"%s\" make the moves of team %s.", GetUserNameFromId(tr->role, false), tr->team),
				  "user \"%s\" is not in team %s", GetUserNameFromId(GetUserId(), false), tr->team);
	if (!tr->reason_required)
	{
		CheckOptionalReason(t, m, from, to, given);
		return;
	}
	if (reason == NULL)
	{
		Violation(t, m, ERRCODE_CHECK_VIOLATION,
				  psprintf("Give a reason (%s) with lead_align.move(..., reason => ...), the reason column or SET LOCAL lead_align.reason.",
						   either ?
						   psprintf("reject: %s; recycle: %s", ReasonList(t, "reject"), ReasonList(t, "recycle")) :
						   ReasonList(t, m->kind)),
				  "a move from %s to %s needs a reason", la_stage_name(from), la_stage_name(to));
		return;
	}
	{
		const Reason *r = FindReason(t, reason, m->kind);

		if (r == NULL)
			Violation(t, m, ERRCODE_INVALID_PARAMETER_VALUE,
					  either ?
					  psprintf("Reasons to reject: %s; to recycle: %s.", ReasonList(t, "reject"), ReasonList(t, "recycle")) :
					  psprintf("Reasons for %s: %s.", m->kind, ReasonList(t, m->kind)),
					  "\"%s\" is not a reason code for %s", reason, either ? "reject or recycle" : m->kind);
		else if (r->needs_note && note == NULL)
			Violation(t, m, ERRCODE_CHECK_VIOLATION,
					  "Add a note with lead_align.move(..., note => ...) or SET LOCAL lead_align.note.",
					  "reason \"%s\" of %s needs a note", reason, m->kind);
	}
}

static bool
SlaFor(Track *t, int stage, int temp, int kind, la_window *w)
{
	int			ti = temp >= 0 ? temp + 1 : 0;

	if (ti > 0 && t->sla_set[stage][ti][kind])
	{
		la_window_unpack(t->sla[stage][ti][kind], w);
		return true;
	}
	if (t->sla_set[stage][0][kind])
	{
		la_window_unpack(t->sla[stage][0][kind], w);
		return true;
	}
	return false;
}

static Datum
TextIn(const char *s)
{
	return PointerGetDatum(cstring_to_text(s));
}

/* Fill and buffer one ledger row (values allocated in the ledger's context). */
static void
Record(Track *t, Relation rel, HeapTuple tup, const char *key, const char *kind, int32 cycle,
	   int from, int to, Derived *d, const char *rule, Move *m, TimestampTz when, bool enters)
{
	static Oid	actor_oid = InvalidOid;
	static NameData actor;
	bool		isnull;
	la_window	w;
	la_calctx  *cal;
	la_ledger_row *e;
	Datum	   *v;
	bool	   *nl;
	char	   *owner = ValueText(rel, tup, t->owner_att, &isnull);
	/* parsed in the trigger's per-row context: jsonb_in leaves garbage */
	Datum		dims = DirectFunctionCall1(jsonb_in, CStringGetDatum(DimensionsJson(t, rel, tup)));
	int64_t		due;
	la_error	err;
	MemoryContext old;

	if (GetUserId() != actor_oid)
	{
		namestrcpy(&actor, GetUserNameFromId(GetUserId(), false));
		actor_oid = GetUserId();
	}
	e = la_ledger_new();
	v = e->val;
	nl = e->isnull;
	old = MemoryContextSwitchTo(la_ledger_context());
#define SET(c, x) (v[LA_L_##c] = (x), nl[LA_L_##c] = false)
	SET(TRACK_ID, Int32GetDatum(t->id));
	SET(TRACK, TextIn(t->table_name));
	SET(KEY, TextIn(key));
	SET(KIND, TextIn(kind));
	SET(CYCLE, Int32GetDatum(cycle));
	if (from >= 0 && from < STAGES)
	{
		SET(FROM, Int32GetDatum(from));
		if (la_stage_owner(from) != LA_TEAM_NONE)
			SET(FROM_TEAM, TextIn(la_team_name(la_stage_owner(from))));
	}
	if (to >= 0)
	{
		SET(TO, Int32GetDatum(to));
		if (la_stage_owner(to) != LA_TEAM_NONE)
			SET(TO_TEAM, TextIn(la_team_name(la_stage_owner(to))));
	}
	SET(TEMP, Int32GetDatum(d->temperature));
	if (t->has_scores)
	{
		SET(FIT, Int32GetDatum(d->fit));
		SET(INTEREST, Int32GetDatum(d->interest));
		SET(QUADRANT, TextIn(Quadrant(t, d)));
	}
	if (rule)
		SET(RULE, TextIn(rule));
	SET(RULES_VERSION, Int32GetDatum(t->rules_version));
	if (m && m->reason)
		SET(REASON, TextIn(m->reason));
	if (m && m->note)
		SET(NOTE, TextIn(m->note));
	SET(ACTOR, PointerGetDatum(memcpy(palloc(sizeof(NameData)), &actor, sizeof(NameData))));
	if (AppUser && AppUser[0])
		SET(APP_USER, TextIn(AppUser));
	if (owner)
		SET(OWNER, TextIn(owner));
	SET(EVENT_TIME, TimestampTzGetDatum(when));
	SET(VIOLATION, BoolGetDatum(m && m->violation));
	SET(DIMS, datumCopy(dims, false, -1));
	MemoryContextSwitchTo(old);
	if (enters && to >= 0)
	{
		if (SlaFor(t, to, d->temperature, 0, &w))
		{
			cal = la_calendar_ctx(PointerGetDatum(t->calendar));
			if (!la_business_add(cal, when, &w, &due, &err))
				la_report(&err);
			SET(WINDOW, Int64GetDatum(la_window_pack(&w)));
			SET(DUE, TimestampTzGetDatum(due));
		}
		if (SlaFor(t, to, d->temperature, 1, &w))
		{
			cal = la_calendar_ctx(PointerGetDatum(t->calendar));
			if (!la_business_add(cal, when, &w, &due, &err))
				la_report(&err);
			SET(TOUCH_DUE, TimestampTzGetDatum(due));
		}
	}
#undef SET
	if (la_ledger_pending() >= FLUSH_AT)
		la_ledger_flush();
}

static TimestampTz
EventTime(Track *t, Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	bool		isnull;
	Datum		d;

	if (t->evtime_att && (oldtup == NULL || Changed(rel, oldtup, newtup, t->evtime_att)))
	{
		d = heap_getattr(newtup, t->evtime_att, RelationGetDescr(rel), &isnull);
		if (!isnull)
			return DatumGetTimestampTz(d);
	}
	return GetCurrentTransactionStartTimestamp();
}

/* A move into nurture from these stages starts the next cycle (DESIGN 4.2). */
static bool
EntersNurtureCycle(int from, int to)
{
	return to == LA_STAGE_NURTURE &&
		(from == LA_STAGE_MQL || from == LA_STAGE_SAL || from == LA_STAGE_SQL ||
		 from == LA_STAGE_OPPORTUNITY || from == LA_STAGE_LOST || from == LA_STAGE_DISQUALIFIED);
}

PG_FUNCTION_INFO_V1(la_record_trigger);
/* AFTER ROW: validate the final row and buffer its ledger rows. */
Datum
la_record_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	Track	   *t;
	HeapTuple	oldtup = NULL,
				newtup = NULL;
	char	   *key;
	bool		isnull;
	Derived		d;
	TimestampTz when;
	int32		cycle = 1;
	TimestampTz last = 0;
	bool		have_last = false;

	CheckProtocol(fcinfo, "record_trigger", false, true);
	rel = td->tg_relation;
	t = GetTrack(td);
	if (!t->active)
		return PointerGetDatum(NULL);

	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		int			stage;

		oldtup = td->tg_trigtuple;
		key = ValueText(rel, oldtup, t->key_att, &isnull);
		stage = RowStage(t, rel, oldtup);
		have_last = LastEvent(t, key, &cycle, &last);
		Classify(t, rel, oldtup, &d);
		Record(t, rel, oldtup, key, "delete", cycle, stage, -1, &d, NULL, NULL,
			   GetCurrentTransactionStartTimestamp(), false);
		return PointerGetDatum(NULL);
	}
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		int			stage,
					from_auto;
		Move		m;

		newtup = td->tg_trigtuple;
		key = ValueText(rel, newtup, t->key_att, &isnull);
		stage = RowStage(t, rel, newtup);
		when = EventTime(t, rel, NULL, newtup);
		ClassifyWritten(t, rel, newtup, &d);
		from_auto = TakeAuto(t, true, key);
		if (from_auto >= 0)
		{
			CheckMove(t, rel, NULL, newtup, FROM_INSERT, from_auto, &m);
			Record(t, rel, newtup, key, m.kind, 1, -1, from_auto, &d, d.rule, &m, when, true);
			Record(t, rel, newtup, key, "handoff", 1, from_auto, stage, &d, d.rule, NULL, when, true);
		}
		else
		{
			CheckMove(t, rel, NULL, newtup, FROM_INSERT, stage, &m);
			Record(t, rel, newtup, key, m.kind, 1, -1, stage, &d, d.rule, &m, when, true);
		}
		if (t->touch_att && !heap_attisnull(newtup, t->touch_att, RelationGetDescr(rel)))
		{
			Datum		tt = heap_getattr(newtup, t->touch_att, RelationGetDescr(rel), &isnull);

			Record(t, rel, newtup, key, "touch", 1, stage, stage, &d, NULL, NULL, DatumGetTimestampTz(tt), false);
		}
		return PointerGetDatum(NULL);
	}

	/* UPDATE */
	oldtup = td->tg_trigtuple;
	newtup = td->tg_newtuple;
	if (Changed(rel, oldtup, newtup, t->key_att))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the key of a tracked lead in table \"%s\" cannot change", t->table_name),
				 errhint("Insert the lead under its new key and delete the old row.")));
	{
		int			from = RowStage(t, rel, oldtup);
		int			to = RowStage(t, rel, newtup);
		bool		stage_changed = from != to;
		bool		touched = t->touch_att && heap_attisnull(oldtup, t->touch_att, RelationGetDescr(rel)) &&
			!heap_attisnull(newtup, t->touch_att, RelationGetDescr(rel));
		bool		reassigned = Changed(rel, oldtup, newtup, t->owner_att);

		if (!stage_changed && !touched && !reassigned)
			return PointerGetDatum(NULL);
		key = ValueText(rel, newtup, t->key_att, &isnull);
		when = EventTime(t, rel, oldtup, newtup);
		have_last = LastEvent(t, key, &cycle, &last);
		if (have_last && when < last && t->mode != MODE_BACKFILL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("event time %s of lead \"%s\" is earlier than its previous event at %s",
							TsText(when), key, TsText(last)),
					 errhint("Event times of a lead must not go backwards; load history with mode => 'backfill'.")));
		Classify(t, rel, newtup, &d);
		if (stage_changed)
		{
			Move		m;
			int			from_auto = TakeAuto(t, false, key);

			if (from_auto >= 0)
			{
				memset(&m, 0, sizeof(m));
				m.kind = "handoff";
			}
			else
				CheckMove(t, rel, oldtup, newtup, from, to, &m);
			if (EntersNurtureCycle(from, to))
				cycle++;
			Record(t, rel, newtup, key, m.kind, cycle, from, to, &d, from_auto >= 0 ? d.rule : NULL, &m, when, true);
		}
		if (touched)
		{
			Datum		tt = heap_getattr(newtup, t->touch_att, RelationGetDescr(rel), &isnull);

			Record(t, rel, newtup, key, "touch", cycle, to, to, &d, NULL, NULL, DatumGetTimestampTz(tt), false);
		}
		if (reassigned)
			Record(t, rel, newtup, key, "reassign", cycle, to, to, &d, NULL, NULL, when, false);
	}
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(la_flush_trigger);
/* AFTER STATEMENT: write the buffered ledger rows. */
Datum
la_flush_trigger(PG_FUNCTION_ARGS)
{
	CheckProtocol(fcinfo, "flush_trigger", false, false);
	la_ledger_flush();
	AutoHandoffs = NULL;		/* rows never inserted (ON CONFLICT) leave entries */
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(la_truncate_trigger);
/* BEFORE TRUNCATE: refused while the track is active. */
Datum
la_truncate_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	CheckProtocol(fcinfo, "truncate_trigger", true, false);
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("cannot truncate table \"%s\": it is tracked by lead_align",
					RelationGetRelationName(td->tg_relation)),
			 errhint("Delete the rows (each delete is recorded), or untrack the table first.")));
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(la_config_changed);
/* AFTER STATEMENT on a configuration table: every backend drops its cached tracks. */
Datum
la_config_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	CheckProtocol(fcinfo, "config_changed", false, false);
	CacheInvalidateRelcache(td->tg_relation);
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(la_caller_may_configure);
/* May the calling role (outside SECURITY DEFINER) configure the track of tbl? */
Datum
la_caller_may_configure(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	Oid			caller = GetOuterUserId();
	Oid			admin = get_role_oid("lead_align_admin", true);
	bool		exists = get_rel_name(relid) != NULL;

	if (superuser_arg(caller) || (OidIsValid(admin) && has_privs_of_role(caller, admin)))
		PG_RETURN_BOOL(true);
	if (!exists || !object_ownercheck_compat(relid, caller))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s to configure its tracking",
						exists ? quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
															get_rel_name(relid)) : psprintf("%u", relid)),
				 errhint("Ask the table's owner, or a member of lead_align_admin.")));
	PG_RETURN_BOOL(true);
}

PG_FUNCTION_INFO_V1(la_caller_is_admin);
/* Is the calling role a superuser or a member of lead_align_admin? */
Datum
la_caller_is_admin(PG_FUNCTION_ARGS)
{
	Oid			caller = GetOuterUserId();
	Oid			admin = get_role_oid("lead_align_admin", true);

	PG_RETURN_BOOL(superuser_arg(caller) || (OidIsValid(admin) && has_privs_of_role(caller, admin)));
}

/* ---------- explain, preview_rule, reclassify support ---------- */

/* The active track of a table, read as the extension's owner. */
static int32
TrackIdOf(Oid relid)
{
	Datum		arg[1];
	Oid			types[1] = {OIDOID};
	int32		id = 0;
	bool		isnull;
	AsOwner		as;

	arg[0] = ObjectIdGetDatum(relid);
	BecomeOwner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT id FROM lead_align.track WHERE relid OPERATOR(pg_catalog.=) $1::pg_catalog.regclass AND active",
							  1, types, arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read tracks");
	if (SPI_processed == 1)
		id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();
	RestoreUser(&as);
	if (id == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("table %s is not tracked", get_rel_name(relid)),
				 errhint("Track it first: SELECT lead_align.track(...).")));
	return id;
}

/* A heap tuple over a composite datum of the table's row type. */
static HeapTuple
RowTuple(Datum d)
{
	HeapTupleHeader h = DatumGetHeapTupleHeader(d);
	HeapTuple	tup = palloc0(sizeof(HeapTupleData));

	tup->t_len = HeapTupleHeaderGetDatumLength(h);
	ItemPointerSetInvalid(&tup->t_self);
	tup->t_tableOid = InvalidOid;
	tup->t_data = h;
	return tup;
}

/* Evaluate one rule on a row, as the table's owner in restricted mode. */
static bool
RuleMatches(Track *t, Relation rel, Rule *r, HeapTuple tup, int32 fit, int32 interest)
{
	Oid			save_uid;
	int			save_sec;
	bool		isnull;
	Datum		v;

	if (r->kind == 0 && t->has_scores)
		tup = ScoredTuple(t, rel, tup, fit, interest);
	GetUserIdAndSecContext(&save_uid, &save_sec);
	SetUserIdAndSecContext(rel->rd_rel->relowner, save_sec | SECURITY_RESTRICTED_OPERATION);
	ExecStoreHeapTuple(tup, t->slot, false);
	t->econtext->ecxt_scantuple = t->slot;
	la_score_fit = fit;
	la_score_interest = interest;
	la_scores_valid = (r->kind == 0);
	v = ExecEvalExprSwitchContext(r->state, t->econtext, &isnull);
	la_scores_valid = false;
	ResetExprContext(t->econtext);
	ExecClearTuple(t->slot);
	SetUserIdAndSecContext(save_uid, save_sec);
	return !isnull && DatumGetBool(v);
}

PG_FUNCTION_INFO_V1(la_explain);
/* explain(track, key): every live rule on one lead, evaluated as the trigger does. */
Datum
la_explain(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid = PG_GETARG_OID(0);
	char	   *key = text_to_cstring(PG_GETARG_TEXT_PP(1));
	Relation	rel;
	Track	   *t;
	HeapTuple	tup;
	Derived		d;
	int			i;
	bool		fired = false;
	Datum		values[8];
	bool		nulls[8];

	InitMaterializedSRF(fcinfo, 0);
	rel = table_open(relid, AccessShareLock);
	t = GetTrackFor(TrackIdOf(relid), rel);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	{
		Datum		arg[1];
		Oid			types[1] = {TEXTOID};
		bool		isnull;

		arg[0] = CStringGetTextDatum(key);
		if (SPI_execute_with_args(psprintf("SELECT t FROM %s t WHERE %s::pg_catalog.text OPERATOR(pg_catalog.=) $1",
										   quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
																	  RelationGetRelationName(rel)),
										   quote_identifier(get_attname(relid, t->key_att, false))),
								  1, types, arg, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read the lead");
		if (SPI_processed != 1)
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("table %s has no lead with key %s", RelationGetRelationName(rel), key),
					 errhint("Check the key; lead_align.lead_state lists the tracked leads.")));
		tup = RowTuple(SPI_datumTransfer(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull),
										 false, -1));
	}
	SPI_finish();
	Classify(t, rel, tup, &d);
	for (i = 0; i < t->nrules; i++)
	{
		Rule	   *r = &t->rules[i];
		bool		m = RuleMatches(t, rel, r, tup, d.fit, d.interest);

		memset(nulls, 0, sizeof(nulls));
		values[0] = CStringGetTextDatum(r->kind == 0 ? "temperature" : r->kind == 1 ? "fit" : "interest");
		values[1] = CStringGetTextDatum(r->name);
		values[2] = Int32GetDatum(r->priority);
		if (r->kind == 0)
		{
			values[3] = Int32GetDatum(r->temperature);
			nulls[4] = true;
		}
		else
		{
			nulls[3] = true;
			values[4] = Int32GetDatum(r->points);
		}
		values[5] = BoolGetDatum(m);
		values[6] = CStringGetTextDatum(r->predicate);
		values[7] = Int32GetDatum(t->rules_version);
		if (r->kind == 0 && m)
			fired = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	/* the verdict, as the trigger computes it */
	memset(nulls, 0, sizeof(nulls));
	values[0] = CStringGetTextDatum("result");
	if (d.rule)
		values[1] = CStringGetTextDatum(d.rule);
	else
		nulls[1] = true;
	nulls[2] = true;
	values[3] = Int32GetDatum(d.temperature);
	nulls[4] = true;
	values[5] = BoolGetDatum(fired);
	values[6] = CStringGetTextDatum(psprintf("fit %d, interest %d%s%s", d.fit, d.interest,
											 Quadrant(t, &d) ? ", " : "", Quadrant(t, &d) ? Quadrant(t, &d) : ""));
	values[7] = Int32GetDatum(t->rules_version);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	table_close(rel, AccessShareLock);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(la_preview_rule);
/*
 * preview_rule(track, temperature, predicate): how many leads would change
 * temperature if the rule were added (at its default priority: after the
 * rules of the same or a hotter temperature).
 */
Datum
la_preview_rule(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid = PG_GETARG_OID(0);
	int			temp = PG_GETARG_INT32(1);
	char	   *predicate = text_to_cstring(PG_GETARG_TEXT_PP(2));
	Relation	rel;
	Track	   *t;
	Rule		nr;
	int64		counts[LA_TEMP_COUNT][LA_TEMP_COUNT];
	Portal		portal;
	int			a,
				b,
				pos;

	InitMaterializedSRF(fcinfo, 0);
	rel = table_open(relid, AccessShareLock);
	t = GetTrackFor(TrackIdOf(relid), rel);
	memset(&nr, 0, sizeof(nr));
	nr.kind = 0;
	nr.temperature = temp;
	nr.name = "(preview)";
	{
		MemoryContext old = MemoryContextSwitchTo(t->cxt);
		Node	   *expr = la_rule_parse(rel, predicate, false);

		nr.state = ExecInitExpr((Expr *) expression_planner((Expr *) expr), NULL);
		MemoryContextSwitchTo(old);
	}
	/* the position the rule would take among the classification rules */
	for (pos = 0; pos < t->nrules; pos++)
		if (t->rules[pos].kind == 0 && t->rules[pos].temperature < temp)
			break;
	memset(counts, 0, sizeof(counts));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = SPI_cursor_open_with_args(NULL,
									   psprintf("SELECT t FROM %s t",
												quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
																		   RelationGetRelationName(rel))),
									   0, NULL, NULL, NULL, true, 0);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			bool		isnull;
			HeapTuple	tup = RowTuple(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
			Derived		d;
			int			after = -1,
						k;

			Classify(t, rel, tup, &d);
			for (k = 0; k < t->nrules && after < 0; k++)
			{
				if (k == pos && RuleMatches(t, rel, &nr, tup, d.fit, d.interest))
					after = temp;
				else if (t->rules[k].kind == 0 && RuleMatches(t, rel, &t->rules[k], tup, d.fit, d.interest))
					after = t->rules[k].temperature;
			}
			if (after < 0 && pos >= t->nrules && RuleMatches(t, rel, &nr, tup, d.fit, d.interest))
				after = temp;
			if (after < 0)
				after = LA_TEMP_COLD;
			counts[d.temperature][after]++;
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	for (a = LA_TEMP_COUNT - 1; a >= 0; a--)
		for (b = LA_TEMP_COUNT - 1; b >= 0; b--)
			if (a != b && counts[a][b] > 0)
			{
				Datum		values[3];
				bool		nulls[3] = {false, false, false};

				values[0] = Int32GetDatum(a);
				values[1] = Int32GetDatum(b);
				values[2] = Int64GetDatum(counts[a][b]);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			}
	table_close(rel, AccessShareLock);
	return (Datum) 0;
}

/* Does the score column hold exactly v? */
static bool
ScoreIs(Relation rel, HeapTuple tup, AttrNumber att, int32 v)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, att, RelationGetDescr(rel), &isnull);

	if (isnull)
		return false;
	switch (TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid)
	{
		case INT2OID:
			return DatumGetInt16(d) == v;
		case INT4OID:
			return DatumGetInt32(d) == v;
		case INT8OID:
			return DatumGetInt64(d) == v;
		default:
			return DatumGetBool(DirectFunctionCall2(numeric_eq, d,
													DirectFunctionCall1(int4_numeric, Int32GetDatum(v))));
	}
}

PG_FUNCTION_INFO_V1(la_stale);
/*
 * _stale(track relation, row): 0 when the row's derived columns are what the
 * rules give now, 1 when they differ, 2 when they differ and the update
 * would make the automatic handoff.
 */
Datum
la_stale(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	HeapTuple	tup = RowTuple(PG_GETARG_DATUM(2));
	Relation	rel = table_open(relid, AccessShareLock);
	Track	   *t = GetTrackFor(PG_GETARG_INT32(1), rel);
	Derived		d;
	int			result = 0;

	Classify(t, rel, tup, &d);
	if (t->temp_att)
	{
		int			before = RowTemperature(t, rel, tup);

		if (before != d.temperature)
		{
			result = 1;
			if (t->handoff_temp >= 0 && before < t->handoff_temp && d.temperature >= t->handoff_temp &&
				t->mode != MODE_BACKFILL)
			{
				int			stage = RowStage(t, rel, tup);

				if (stage == LA_STAGE_NEW || stage == LA_STAGE_NURTURE)
					result = 2;
			}
		}
	}
	if (result == 0 && t->fit_att && !ScoreIs(rel, tup, t->fit_att, d.fit))
		result = 1;
	if (result == 0 && t->interest_att && !ScoreIs(rel, tup, t->interest_att, d.interest))
		result = 1;
	table_close(rel, AccessShareLock);
	PG_RETURN_INT32(result);
}
