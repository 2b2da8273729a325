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
#include "common/hashfn.h"
#include "catalog/pg_operator.h"
#include "nodes/parsenodes.h"
#include "utils/typcache.h"
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
	TimestampTz loaded_xact;	/* the transaction and statement that loaded it */
	TimestampTz loaded_stmt;
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
	bool		needs_pin;		/* a rule runs code that resolves names: pin search_path */
	Oid			rule_owner;		/* the tracked table's owner: rules run as it */
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

/*
 * Set by C around the UPDATE that move() and reclassify() run (never by a
 * setting a user could change): the reason and note of move(), and that
 * the update re-derives every row it touches.
 */
static char *MoveReason = NULL;
static char *MoveNote = NULL;
static bool Reclassifying = false;

/*
 * Automatic handoffs made by the derive trigger, for the record trigger of
 * the same row: keyed by track, insert or update, and the whole lead key.
 * The derive trigger sets or clears a row's entry every time it runs, an
 * entry remembers the subtransaction that made it (an aborted one takes its
 * entries with it), and the record trigger takes an entry only when the row
 * really went from the remembered stage to mql.  So an entry left behind by
 * a statement that failed, or by a row ON CONFLICT never inserted, can never
 * excuse a later move from the agreement.
 */
static HTAB *AutoHandoffs = NULL;
static void AutoSubxactAbort(SubTransactionId subid);

typedef struct AutoKey
{
	int32		track_id;
	bool		insert;
	const char *key;
} AutoKey;

typedef struct AutoEntry
{
	AutoKey		k;				/* k.key points into TopTransactionContext */
	int			from_stage;
	SubTransactionId subxid;
} AutoEntry;


/* ---------- invalidation ---------- */

static void
InvalidateAll(void)
{
	HASH_SEQ_STATUS st;
	TrackEntry *e;

	la_security_reset();

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
		if (e->track && (e->key.relid == relid || e->track->track_relid == relid))
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
	{
		la_ledger_subxact_abort(mySubid);
		AutoSubxactAbort(mySubid);
	}
}

/* The name of the current user, for the ledger's actor; a renamed role records its new name. */
static Oid	ActorOid = InvalidOid;
static NameData Actor;

static void
RoleCallback(Datum arg, int cacheid, uint32 hashvalue)
{
	ActorOid = InvalidOid;
}

static void
RegisterCallbacks(void)
{
	if (CallbacksRegistered)
		return;
	CacheRegisterRelcacheCallback(RelcacheCallback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, RoleCallback, (Datum) 0);
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
	MarkGUCPrefixReserved("lead_align");
	PrevExecutorFinish = ExecutorFinish_hook;
	ExecutorFinish_hook = LaExecutorFinish;
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

/* Column n of an SPI result row, in binary. */
static Datum
Col(HeapTuple tup, int n, bool *isnull)
{
	return SPI_getbinval(tup, SPI_tuptable->tupdesc, n, isnull);
}

/* Column n as a C string (text columns), NULL when null. */
static char *
ColText(HeapTuple tup, int n)
{
	bool		isnull;
	Datum		d = Col(tup, n, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/* The owner of a relation. */
static Oid
RelOwner(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/* The owner of a schema (no superuser shortcut, unlike the ownership checks). */
static Oid
NamespaceOwner(Oid nsp)
{
	HeapTuple	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nsp));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for schema %u", nsp);
	owner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	ReleaseSysCache(tup);
	return owner;
}

/* The type of lead_align.<name>. */
static Oid
LaType(const char *name)
{
	return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(name),
						   ObjectIdGetDatum(get_namespace_oid("lead_align", false)));
}

/*
 * The C code reads and writes the mapped columns in their own types; a DBA
 * who retyped one behind the event trigger's back (or with it disabled)
 * gets an error here, never a value read as the wrong type.
 */
static void
CheckColumnType(Track *t, Relation rel, AttrNumber att, const char *role, const Oid *ok, int nok, bool enums_ok)
{
	Oid			typ,
				base;
	int			i;

	if (att == InvalidAttrNumber)
		return;
	typ = TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid;
	base = getBaseType(typ);
	for (i = 0; i < nok; i++)
		if (base == ok[i])
			return;
	if (enums_ok && type_is_enum(base))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("column \"%s\" of table \"%s\" has type %s, which cannot be the %s column of its track",
					get_attname(RelationGetRelid(rel), att, false), RelationGetRelationName(rel),
					format_type_be(typ), role),
			 errhint("Change the column back to the type it had when the table was tracked, or untrack the table and track it again.")));
}

static void
CheckColumnTypes(Track *t, Relation rel)
{
	Oid			stage_type = LaType("lead_stage");
	Oid			temp_type = LaType("lead_temperature");
	Oid			texts[] = {TEXTOID, VARCHAROID};
	Oid			temps[] = {temp_type, TEXTOID, VARCHAROID};
	Oid			scores[] = {INT2OID, INT4OID, INT8OID, NUMERICOID};
	Oid			times[] = {TIMESTAMPTZOID};

	if (t->stage_mapped)
		CheckColumnType(t, rel, t->stage_att, "stage", texts, 2, true);
	else
		CheckColumnType(t, rel, t->stage_att, "stage", &stage_type, 1, false);
	CheckColumnType(t, rel, t->temp_att, "temperature", temps, 3, false);
	CheckColumnType(t, rel, t->fit_att, "fit", scores, 4, false);
	CheckColumnType(t, rel, t->interest_att, "interest", scores, 4, false);
	CheckColumnType(t, rel, t->touch_att, "first touch", times, 1, false);
	CheckColumnType(t, rel, t->evtime_att, "event time", times, 1, false);
	CheckColumnType(t, rel, t->reason_att, "reason", texts, 2, false);
}

/*
 * Read track id's configuration as the extension's owner (search_path
 * pinned; every value read in binary, no text round trip) and compile its
 * rules for relation rel.
 */
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
	bool		isnull;
	LaRunAs		as;
	uint64		i;
	int			j;

	RememberConfigRelids();
	t = MemoryContextAllocZero(cxt, sizeof(Track));
	t->cxt = cxt;
	t->id = id;
	arg[0] = Int32GetDatum(id);

	la_become_owner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT relid, table_name, key_column, stage_column, stage_mapped, "
							  "temperature_column, fit_column, interest_column, owner_column, "
							  "first_touch_column, event_time_column, reason_column, dimensions, "
							  "calendar, handoff_temperature, fit_threshold, "
							  "interest_threshold, mode, active, rules_version "
							  "FROM lead_align.track WHERE id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read track %d", id);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("track %d of table \"%s\" does not exist", id, RelationGetRelationName(rel)),
				 errhint("Drop the lead_align triggers of the table, or track it again.")));
	tup = SPI_tuptable->vals[0];
	old = MemoryContextSwitchTo(cxt);
	t->track_relid = DatumGetObjectId(Col(tup, 1, &isnull));
	if (isnull)
		t->track_relid = InvalidOid;	/* the table was dropped */
	t->relid = RelationGetRelid(rel);
	if (t->track_relid != t->relid &&
		!(rel->rd_rel->relispartition && OidIsValid(t->track_relid) &&
		  list_member_oid(get_partition_ancestors(t->relid), t->track_relid)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger of table \"%s\" names track %d, which tracks another table",
						RelationGetRelationName(rel), id),
				 errhint("Untrack and track the table again.")));
	t->table_name = ColText(tup, 2);
	t->key_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 3, "key");
	t->stage_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 4, "stage");
	t->stage_mapped = DatumGetBool(Col(tup, 5, &isnull));
	t->temp_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 6, "temperature");
	t->fit_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 7, "fit");
	t->interest_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 8, "interest");
	t->owner_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 9, "owner");
	t->touch_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 10, "first touch");
	t->evtime_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 11, "event time");
	t->reason_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 12, "reason");
	{
		Datum		dims = Col(tup, 13, &isnull);
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
	/* the calendar's stored (compiled) form, as the business-time functions take it */
	t->calendar = DatumGetByteaPCopy(Col(tup, 14, &isnull));
	{
		Datum		ht = Col(tup, 15, &isnull);

		t->handoff_temp = isnull ? -1 : DatumGetInt32(ht);
	}
	t->fit_threshold = DatumGetFloat8(DirectFunctionCall1(numeric_float8, Col(tup, 16, &isnull)));
	t->interest_threshold = DatumGetFloat8(DirectFunctionCall1(numeric_float8, Col(tup, 17, &isnull)));
	{
		char	   *mode = ColText(tup, 18);

		t->mode = strcmp(mode, "record") == 0 ? MODE_RECORD :
			strcmp(mode, "backfill") == 0 ? MODE_BACKFILL : MODE_ENFORCE;
	}
	t->active = DatumGetBool(Col(tup, 19, &isnull));
	t->rules_version = DatumGetInt32(Col(tup, 20, &isnull));
	CheckColumnTypes(t, rel);
	t->rule_owner = OidIsValid(t->track_relid) ? RelOwner(t->track_relid) : rel->rd_rel->relowner;
	MemoryContextSwitchTo(old);

	/* stage labels */
	if (SPI_execute_with_args("SELECT label, stage FROM lead_align.stage_map "
							  "WHERE track_id OPERATOR(pg_catalog.=) $1 ORDER BY label",
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read stage map");
	old = MemoryContextSwitchTo(cxt);
	t->nlabels = (int) SPI_processed;
	t->labels = palloc(sizeof(char *) * (t->nlabels + 1));
	t->label_stage = palloc(sizeof(int) * (t->nlabels + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		t->labels[i] = ColText(SPI_tuptable->vals[i], 1);
		t->label_stage[i] = DatumGetInt32(Col(SPI_tuptable->vals[i], 2, &isnull));
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
	if (SPI_execute_with_args("SELECT tr.from_stage, tr.to_stage, tr.team, tr.kind, "
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
		Datum		from = Col(r, 1, &isnull);
		int			f = isnull ? FROM_INSERT : DatumGetInt32(from);
		int			to = DatumGetInt32(Col(r, 2, &isnull));
		Transition *tr = &t->trans[f][to];

		tr->allowed = true;
		tr->team = ColText(r, 3);
		tr->kind = ColText(r, 4);
		tr->reason_required = DatumGetBool(Col(r, 5, &isnull));
		{
			Datum		role = Col(r, 6, &isnull);

			tr->role = isnull ? InvalidOid : DatumGetObjectId(role);
		}
	}
	MemoryContextSwitchTo(old);

	/* SLAs */
	if (SPI_execute_with_args("SELECT stage, temperature, kind, \"window\" "
							  "FROM lead_align.sla WHERE track_id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read SLAs");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	r = SPI_tuptable->vals[i];
		int			st = DatumGetInt32(Col(r, 1, &isnull));
		Datum		temp = Col(r, 2, &isnull);
		int			ti = isnull ? 0 : DatumGetInt32(temp) + 1;
		char	   *kind = ColText(r, 3);
		int			k = strcmp(kind, "touch") == 0 ? 1 : 0;

		t->sla_set[st][ti][k] = true;
		t->sla[st][ti][k] = DatumGetInt64(Col(r, 4, &isnull));
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

		t->reasons[i].code = ColText(r, 1);
		t->reasons[i].kind = ColText(r, 2);
		t->reasons[i].needs_note = DatumGetBool(Col(r, 3, &isnull));
	}
	MemoryContextSwitchTo(old);

	/* the rules in force at the track's rules version: scores first, then by priority */
	arg[1] = Int32GetDatum(t->rules_version);
	if (SPI_execute_with_args("SELECT name, kind, temperature, points, predicate, priority "
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
		char	   *kind = ColText(r, 2);

		ru->name = ColText(r, 1);
		ru->predicate = ColText(r, 5);
		ru->priority = DatumGetInt32(Col(r, 6, &isnull));
		ru->kind = strcmp(kind, "temperature") == 0 ? 0 : strcmp(kind, "fit") == 0 ? 1 : 2;
		if (ru->kind == 0)
			ru->temperature = DatumGetInt32(Col(r, 3, &isnull));
		else
		{
			ru->points = DatumGetInt32(Col(r, 4, &isnull));
			t->has_scores = true;
		}
	}
	MemoryContextSwitchTo(old);

	/* Citus would run these triggers on shards: refuse (fail closed) */
	if (la_citus_installed() && OidIsValid(t->track_relid))
		la_refuse_citus(t->track_relid, "tracked table");

	SPI_finish();
	la_run_as_end(&as);

	/*
	 * Compile the rules as the table's owner in restricted mode, never as
	 * the extension's owner: planning folds constant calls of immutable
	 * functions, which may be the table owner's own.
	 */
	la_run_as_begin(&as, t->rule_owner, SECURITY_RESTRICTED_OPERATION, true);
	old = MemoryContextSwitchTo(cxt);
	for (j = 0; j < t->nrules; j++)
	{
		Rule	   *ru = &t->rules[j];
		Bitmapset  *atts = NULL;
		Node	   *expr;
		int			a;

		expr = la_rule_parse(rel, ru->predicate, true);
		if (la_expr_needs_pin(expr))
			t->needs_pin = true;
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
	la_run_as_end(&as);
	t->loaded_xact = GetCurrentTransactionStartTimestamp();
	t->loaded_stmt = GetCurrentStatementStartTimestamp();
	t->natts = RelationGetDescr(rel)->natts;
	t->refcount = 1;
	t->valid = true;
	return t;
}

/* Drop one reference to a cached track; the last one frees it. */
static void
ReleaseTrack(Track *t)
{
	if (--t->refcount <= 0)
		MemoryContextDelete(t->cxt);
}

/* Do two descriptors number, type and drop the same columns alike? */
static bool
SameLayout(TupleDesc a, TupleDesc b)
{
	int			i;

	if (a->natts != b->natts)
		return false;
	for (i = 0; i < a->natts; i++)
	{
		Form_pg_attribute x = TupleDescAttr(a, i);
		Form_pg_attribute y = TupleDescAttr(b, i);

		if (x->atttypid != y->atttypid || x->atttypmod != y->atttypmod ||
			x->attisdropped != y->attisdropped || x->attlen != y->attlen ||
			x->attcollation != y->attcollation || strcmp(NameStr(x->attname), NameStr(y->attname)) != 0)
			return false;
	}
	return true;
}

/*
 * A valid track of the same id already compiled for a relation whose
 * columns are laid out exactly like rel's: the partitions of a tracked
 * table share one compiled copy of the rules (each would otherwise compile
 * its own: 14 MB per backend at 500 partitions).  rel must still be in the
 * tracked table's partition tree.
 */
static Track *
SameLayoutTrack(int32 id, Relation rel)
{
	HASH_SEQ_STATUS st;
	TrackEntry *e;
	Track	   *found = NULL;

	hash_seq_init(&st, Tracks);
	while ((e = hash_seq_search(&st)) != NULL)
	{
		Track	   *t = e->track;

		if (found == NULL && t != NULL && t->valid && t->id == id &&
			e->key.relid != RelationGetRelid(rel) &&
			SameLayout(t->slot->tts_tupleDescriptor, RelationGetDescr(rel)))
			found = t;
	}
	if (found == NULL || !OidIsValid(found->track_relid))
		return NULL;
	if (found->track_relid != RelationGetRelid(rel) &&
		!(rel->rd_rel->relispartition &&
		  list_member_oid(get_partition_ancestors(RelationGetRelid(rel)), found->track_relid)))
		return NULL;
	return found;
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
	/*
	 * A statement keeps the rules it started with: an invalidation accepted
	 * in the middle of it (any lock taken mid-statement accepts them) takes
	 * effect at the next statement, whose snapshot sees the change.  A reload
	 * here would read the configuration under this statement's snapshot and
	 * cache the old rules as if they were current.
	 */
	if (e->track != NULL && !e->track->valid &&
		e->track->loaded_xact == GetCurrentTransactionStartTimestamp() &&
		e->track->loaded_stmt == GetCurrentStatementStartTimestamp() &&
		e->track->natts == RelationGetDescr(rel)->natts)
		return e->track;
	if (e->track == NULL || !e->track->valid)
	{
		Track	   *shared;

		if (e->track)
		{
			ReleaseTrack(e->track);
			e->track = NULL;
		}
		shared = SameLayoutTrack(id, rel);
		if (shared)
		{
			shared->refcount++;
			e->track = shared;
		}
		else
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
	LaRunAs		as;
	int			i;
	bool		isnull;

	out->fit = out->interest = 0;
	out->temperature = LA_TEMP_COLD;
	out->rule = NULL;
	if (t->nrules == 0)
		return;
	la_run_as_begin(&as, t->rule_owner, SECURITY_RESTRICTED_OPERATION, t->needs_pin);
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
	la_run_as_end(&as);
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
	LaRunAs		as;
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
	la_run_as_begin(&as, t->rule_owner, SECURITY_RESTRICTED_OPERATION, t->needs_pin);
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
	la_run_as_end(&as);
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

static uint32
AutoHash(const void *key, Size keysize)
{
	const AutoKey *k = (const AutoKey *) key;

	return hash_bytes((const unsigned char *) k->key, (int) strlen(k->key)) ^
		(uint32) k->track_id ^ (k->insert ? 0x9e3779b9 : 0);
}

static int
AutoMatch(const void *a, const void *b, Size keysize)
{
	const AutoKey *x = (const AutoKey *) a;
	const AutoKey *y = (const AutoKey *) b;

	if (x->track_id != y->track_id || x->insert != y->insert)
		return 1;
	return strcmp(x->key, y->key);
}

static void *
AutoKeyCopy(void *dest, const void *src, Size keysize)
{
	AutoKey    *d = (AutoKey *) dest;
	const AutoKey *k = (const AutoKey *) src;

	d->track_id = k->track_id;
	d->insert = k->insert;
	d->key = MemoryContextStrdup(TopTransactionContext, k->key);
	return dest;
}

/* Remember (from_stage >= 0) or forget (-1) the automatic handoff of a row. */
static void
SetAuto(Track *t, bool insert, const char *key, int from_stage)
{
	AutoKey		k;
	AutoEntry  *e;
	bool		found;

	if (AutoHandoffs == NULL)
	{
		HASHCTL		ctl;

		if (from_stage < 0)
			return;
		ctl.keysize = sizeof(AutoKey);
		ctl.entrysize = sizeof(AutoEntry);
		ctl.hash = AutoHash;
		ctl.match = AutoMatch;
		ctl.keycopy = AutoKeyCopy;
		ctl.hcxt = TopTransactionContext;
		AutoHandoffs = hash_create("lead_align automatic handoffs", 64, &ctl,
								   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_KEYCOPY | HASH_CONTEXT);
	}
	k.track_id = t->id;
	k.insert = insert;
	k.key = key;
	if (from_stage < 0)
	{
		hash_search(AutoHandoffs, &k, HASH_REMOVE, NULL);
		return;
	}
	e = hash_search(AutoHandoffs, &k, HASH_ENTER, &found);
	e->from_stage = from_stage;
	e->subxid = GetCurrentSubTransactionId();
}

/*
 * The stage an automatic handoff of this row came from, or -1: only when
 * the row went from that stage (its old stage on update) to mql.
 */
static int
TakeAuto(Track *t, bool insert, const char *key, int old_stage, int new_stage)
{
	AutoKey		k;
	AutoEntry  *e;
	int			from;

	if (AutoHandoffs == NULL)
		return -1;
	k.track_id = t->id;
	k.insert = insert;
	k.key = key;
	e = hash_search(AutoHandoffs, &k, HASH_FIND, NULL);
	if (e == NULL)
		return -1;
	from = e->from_stage;
	hash_search(AutoHandoffs, &k, HASH_REMOVE, NULL);
	if (new_stage != LA_STAGE_MQL || (from != LA_STAGE_NEW && from != LA_STAGE_NURTURE) ||
		(!insert && old_stage != from))
		return -1;
	return from;
}

/* A subtransaction aborted: forget the handoffs it (or a child) made. */
static void
AutoSubxactAbort(SubTransactionId subid)
{
	HASH_SEQ_STATUS st;
	AutoEntry  *e;

	if (AutoHandoffs == NULL)
		return;
	hash_seq_init(&st, AutoHandoffs);
	while ((e = hash_seq_search(&st)) != NULL)
		if (e->subxid >= subid)
			hash_search(AutoHandoffs, &e->k, HASH_REMOVE, NULL);
}

/* Forget every handoff of one track (the end of a statement on it). */
static void
AutoForgetTrack(int32 track_id)
{
	HASH_SEQ_STATUS st;
	AutoEntry  *e;

	if (AutoHandoffs == NULL)
		return;
	hash_seq_init(&st, AutoHandoffs);
	while ((e = hash_seq_search(&st)) != NULL)
		if (e->k.track_id == track_id)
			hash_search(AutoHandoffs, &e->k, HASH_REMOVE, NULL);
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
	bool		made = false;

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
			{
				SetAuto(t, oldtup == NULL, key, stage);
				made = true;
			}
		}
	}
	if (!made && AutoHandoffs != NULL && hash_get_num_entries(AutoHandoffs) > 0)
	{
		/* a handoff remembered for this row by an earlier, failed attempt is void */
		char	   *key = ValueText(rel, newtup, t->key_att, &isnull);

		if (key)
			SetAuto(t, oldtup == NULL, key, -1);
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
		else if (typ == JSONBOID || (typ == JSONOID && strstr(v, "\\u0000") == NULL))
			appendStringInfoString(&s, v);	/* jsonb cannot hold \u0000: such json is kept as text */
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

	if (GetUserId() != ActorOid)
	{
		namestrcpy(&Actor, GetUserNameFromId(GetUserId(), false));
		ActorOid = GetUserId();
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
	SET(ACTOR, PointerGetDatum(memcpy(palloc(sizeof(NameData)), &Actor, sizeof(NameData))));
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

/*
 * The time of a change: the event-time column's value when this change set
 * it (explicit), else the statement's start, which the caller raises to the
 * lead's previous event (a transaction that began before another session
 * committed a move of the same lead must not go back in time).
 */
static TimestampTz
EventTime(Track *t, Relation rel, HeapTuple oldtup, HeapTuple newtup, bool *explicit)
{
	bool		isnull;
	Datum		d;

	*explicit = false;
	if (t->evtime_att && (oldtup == NULL || Changed(rel, oldtup, newtup, t->evtime_att)))
	{
		d = heap_getattr(newtup, t->evtime_att, RelationGetDescr(rel), &isnull);
		if (!isnull)
		{
			*explicit = true;
			return DatumGetTimestampTz(d);
		}
	}
	return GetCurrentStatementStartTimestamp();
}

/* The key of a row as text; a tracked lead's key is never null. */
static char *
RowKey(Track *t, Relation rel, HeapTuple tup)
{
	bool		isnull;
	char	   *key = ValueText(rel, tup, t->key_att, &isnull);

	if (key == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("the key of a tracked lead in table \"%s\" is null", t->table_name),
				 errhint("Give every lead a key, and keep the key column NOT NULL.")));
	return key;
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
	bool		explicit_time = false;

	CheckProtocol(fcinfo, "record_trigger", false, true);
	rel = td->tg_relation;
	t = GetTrack(td);
	if (!t->active)
		return PointerGetDatum(NULL);

	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		int			stage;

		oldtup = td->tg_trigtuple;
		key = RowKey(t, rel, oldtup);
		stage = RowStage(t, rel, oldtup);
		have_last = LastEvent(t, key, &cycle, &last);
		when = GetCurrentStatementStartTimestamp();
		if (have_last && when < last)
			when = last;
		Classify(t, rel, oldtup, &d);
		Record(t, rel, oldtup, key, "delete", cycle, stage, -1, &d, NULL, NULL, when, false);
		return PointerGetDatum(NULL);
	}
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		int			stage,
					from_auto;
		Move		m;

		newtup = td->tg_trigtuple;
		key = RowKey(t, rel, newtup);
		stage = RowStage(t, rel, newtup);
		when = EventTime(t, rel, NULL, newtup, &explicit_time);
		ClassifyWritten(t, rel, newtup, &d);
		from_auto = TakeAuto(t, true, key, -1, stage);
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
		key = RowKey(t, rel, newtup);
		when = EventTime(t, rel, oldtup, newtup, &explicit_time);
		have_last = LastEvent(t, key, &cycle, &last);
		if (have_last && when < last && !explicit_time)
			when = last;
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
			int			from_auto = TakeAuto(t, false, key, from, to);

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
	/*
	 * Rows never inserted (ON CONFLICT DO NOTHING) leave entries.  The track
	 * id is read from the trigger's argument, not from the cached track: the
	 * flush may have taken a lock and so accepted an invalidation, and a
	 * reload here would cache the rules under this statement's old snapshot.
	 */
	{
		Trigger    *trig = ((TriggerData *) fcinfo->context)->tg_trigger;

		if (trig->tgnargs == 1)
			AutoForgetTrack((int32) strtol(trig->tgargs[0], NULL, 10));
	}
	return PointerGetDatum(NULL);
}

/* The table an active track id tracks, or InvalidOid (read as the extension's owner). */
static Oid
ActiveTrackRelid(int32 id)
{
	Datum		arg[1];
	Oid			types[1] = {INT4OID};
	Oid			relid = InvalidOid;
	bool		isnull;
	LaRunAs		as;

	arg[0] = Int32GetDatum(id);
	la_become_owner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT relid FROM lead_align.track WHERE id OPERATOR(pg_catalog.=) $1 AND active",
							  1, types, arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read tracks");
	if (SPI_processed == 1)
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
			relid = DatumGetObjectId(d);
	}
	SPI_finish();
	la_run_as_end(&as);
	return relid;
}

PG_FUNCTION_INFO_V1(la_truncate_trigger);
/*
 * BEFORE TRUNCATE on a tracked table and on each of its partitions:
 * refused while the track is active and the table is (still) the tracked
 * table or one of its partitions; a detached partition may be truncated.
 */
Datum
la_truncate_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	Oid			tracked;
	char	   *end;
	int32		id;

	CheckProtocol(fcinfo, "truncate_trigger", true, false);
	rel = td->tg_relation;
	if (td->tg_trigger->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" must have exactly one argument, the track id", td->tg_trigger->tgname)));
	id = (int32) strtol(td->tg_trigger->tgargs[0], &end, 10);
	tracked = (*end == '\0' && id > 0) ? ActiveTrackRelid(id) : InvalidOid;
	if (OidIsValid(tracked) &&
		(tracked == RelationGetRelid(rel) ||
		 (rel->rd_rel->relispartition &&
		  list_member_oid(get_partition_ancestors(RelationGetRelid(rel)), tracked))))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot truncate table \"%s\": it is tracked by lead_align",
						RelationGetRelationName(rel)),
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

/* ---------- explain, preview_rule, move, reclassify ---------- */

/* The active track of a table, read as the extension's owner. */
static int32
TrackIdOf(Oid relid)
{
	Datum		arg[1];
	Oid			types[1] = {REGCLASSOID};
	int32		id = 0;
	bool		isnull;
	LaRunAs		as;

	arg[0] = ObjectIdGetDatum(relid);
	la_become_owner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT id FROM lead_align.track WHERE relid OPERATOR(pg_catalog.=) $1 AND active",
							  1, types, arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read tracks");
	if (SPI_processed == 1)
		id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();
	la_run_as_end(&as);
	if (id == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("table %s is not tracked", get_rel_name(relid) ? get_rel_name(relid) : psprintf("%u", relid)),
				 errhint("Track it first: SELECT lead_align.track(...).")));
	return id;
}

/* A heap tuple over a composite datum of the table's row type (checked). */
static HeapTuple
RowTuple(Relation rel, Datum d)
{
	HeapTupleHeader h = DatumGetHeapTupleHeader(d);
	HeapTuple	tup;

	if (HeapTupleHeaderGetTypeId(h) != rel->rd_rel->reltype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("row is of type %s, not of the row type of table \"%s\"",
						format_type_be(HeapTupleHeaderGetTypeId(h)), RelationGetRelationName(rel)),
				 errhint("Pass a row of the tracked table itself.")));
	tup = palloc0(sizeof(HeapTupleData));
	tup->t_len = HeapTupleHeaderGetDatumLength(h);
	ItemPointerSetInvalid(&tup->t_self);
	tup->t_tableOid = InvalidOid;
	tup->t_data = h;
	return tup;
}

/* OPERATOR(schema.name) for an operator, for SQL built here. */
static char *
OperatorSql(Oid opno)
{
	HeapTuple	tup = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	Form_pg_operator op;
	char	   *s;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for operator %u", opno);
	op = (Form_pg_operator) GETSTRUCT(tup);
	s = psprintf("OPERATOR(%s.%s)", quote_identifier(get_namespace_name(op->oprnamespace)),
				 NameStr(op->oprname));
	ReleaseSysCache(tup);
	return s;
}

/* The operator of the key column's type (TYPECACHE_EQ_OPR, _GT_OPR). */
static Oid
KeyOperator(Relation rel, AttrNumber att, int which)
{
	Oid			typ = getBaseType(TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid);
	TypeCacheEntry *tc = lookup_type_cache(typ, which);
	Oid			op = which == TYPECACHE_EQ_OPR ? tc->eq_opr : tc->gt_opr;

	if (!OidIsValid(op))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("the key type %s of table \"%s\" has no default btree operator class",
						format_type_be(typ), RelationGetRelationName(rel)),
				 errhint("Track the table by a key of an ordinary type such as bigint, uuid or text.")));
	return op;
}

/* A key given as text, in the key column's own type (22P02 etc. when it is not one). */
static Datum
KeyDatum(Relation rel, AttrNumber att, const char *key)
{
	return TextOrTypeDatum(rel, att, key);
}

static char *
QualifiedName(Relation rel)
{
	return quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
									  RelationGetRelationName(rel));
}

static char *
ColumnName(Relation rel, AttrNumber att)
{
	return (char *) quote_identifier(get_attname(RelationGetRelid(rel), att, false));
}

/*
 * The row of one lead, read as the caller (whose SELECT privilege and row
 * security apply) through the key's index; NULL when there is none.
 */
static HeapTuple
FetchLead(Track *t, Relation rel, const char *key)
{
	Datum		arg[1];
	Oid			types[1];
	bool		isnull;
	HeapTuple	tup = NULL;

	types[0] = TupleDescAttr(RelationGetDescr(rel), t->key_att - 1)->atttypid;
	arg[0] = KeyDatum(rel, t->key_att, key);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(psprintf("SELECT t FROM %s t WHERE t.%s %s $1", QualifiedName(rel),
									   ColumnName(rel, t->key_att),
									   OperatorSql(KeyOperator(rel, t->key_att, TYPECACHE_EQ_OPR))),
							  1, types, arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the lead");
	if (SPI_processed == 1)
		tup = RowTuple(rel, SPI_datumTransfer(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull),
											  false, -1));
	SPI_finish();
	return tup;
}

/*
 * Evaluate one rule on a row (with the scores given), as the user given in
 * restricted mode: the table's owner for stored rules, the caller for a
 * predicate being previewed.
 */
static bool
RuleMatches(Track *t, Relation rel, Rule *r, HeapTuple tup, int32 fit, int32 interest, Oid as_user, bool pin)
{
	LaRunAs		as;
	bool		isnull;
	Datum		v;

	if (r->kind == 0 && t->has_scores)
		tup = ScoredTuple(t, rel, tup, fit, interest);
	la_run_as_begin(&as, as_user, SECURITY_RESTRICTED_OPERATION, pin);
	ExecStoreHeapTuple(tup, t->slot, false);
	t->econtext->ecxt_scantuple = t->slot;
	la_score_fit = fit;
	la_score_interest = interest;
	la_scores_valid = (r->kind == 0);
	v = ExecEvalExprSwitchContext(r->state, t->econtext, &isnull);
	la_scores_valid = false;
	ResetExprContext(t->econtext);
	ExecClearTuple(t->slot);
	la_run_as_end(&as);
	return !isnull && DatumGetBool(v);
}

/* May the current user read the rules of the track of relid? */
static void
RequireRuleReader(Oid relid)
{
	Oid			rules = get_relname_relid("rule", get_namespace_oid("lead_align", false));

	if (la_may_configure(relid, GetUserId()) ||
		pg_class_aclcheck(rules, GetUserId(), ACL_SELECT) == ACLCHECK_OK)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to read the rules of table %s", get_rel_name(relid)),
			 errhint("The table's owner, members of lead_align_admin and of lead_align_reader may read rules.")));
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
	RequireRuleReader(relid);
	t = GetTrackFor(TrackIdOf(relid), rel);
	tup = FetchLead(t, rel, key);
	if (tup == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("table %s has no lead with key %s", RelationGetRelationName(rel), key),
				 errhint("Check the key; lead_align.lead_state lists the tracked leads.")));
	Classify(t, rel, tup, &d);
	for (i = 0; i < t->nrules; i++)
	{
		Rule	   *r = &t->rules[i];
		bool		m = RuleMatches(t, rel, r, tup, d.fit, d.interest, t->rule_owner, t->needs_pin);

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
 * rules of the same or a hotter temperature).  The rows are read as the
 * caller, and the caller's predicate runs as the caller (in restricted mode,
 * search_path pinned), never as the table's owner.
 */
Datum
la_preview_rule(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid = PG_GETARG_OID(0);
	int			temp = PG_GETARG_INT32(1);
	char	   *predicate = text_to_cstring(PG_GETARG_TEXT_PP(2));
	Oid			caller = GetUserId();
	Relation	rel;
	Track	   *t;
	Rule		nr;
	bool		nr_pin;
	int64		counts[LA_TEMP_COUNT][LA_TEMP_COUNT];
	Portal		portal;
	int			a,
				b,
				pos;

	InitMaterializedSRF(fcinfo, 0);
	rel = table_open(relid, AccessShareLock);
	if (pg_class_aclcheck(relid, caller, ACL_SELECT) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, RelationGetRelationName(rel));
	t = GetTrackFor(TrackIdOf(relid), rel);
	memset(&nr, 0, sizeof(nr));
	nr.kind = 0;
	nr.temperature = temp;
	nr.name = "(preview)";
	{
		MemoryContext old = MemoryContextSwitchTo(t->cxt);
		/*
		 * The table's schema is searched only when the caller is its owner
		 * (a superuser is not: the schema's owner could otherwise slip in an
		 * operator that runs as the superuser previewing a rule)
		 */
		Node	   *expr = la_rule_parse_ext(rel, predicate, false,
											 NamespaceOwner(RelationGetNamespace(rel)) == caller);

		nr_pin = la_expr_needs_pin(expr);
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
	portal = SPI_cursor_open_with_args(NULL, psprintf("SELECT t FROM %s t", QualifiedName(rel)),
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
			HeapTuple	tup = RowTuple(rel, SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
			Derived		d;
			int			after = -1,
						k;

			Classify(t, rel, tup, &d);
			for (k = 0; k < t->nrules && after < 0; k++)
			{
				if (k == pos && RuleMatches(t, rel, &nr, tup, d.fit, d.interest, caller, nr_pin))
					after = temp;
				else if (t->rules[k].kind == 0 &&
						 RuleMatches(t, rel, &t->rules[k], tup, d.fit, d.interest, t->rule_owner, t->needs_pin))
					after = t->rules[k].temperature;
			}
			if (after < 0 && pos >= t->nrules && RuleMatches(t, rel, &nr, tup, d.fit, d.interest, caller, nr_pin))
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

/*
 * 0 when a row's derived columns are what the rules give now, 1 when they
 * differ, 2 when they differ and updating the row makes the automatic
 * handoff.
 */
static int
Staleness(Track *t, Relation rel, HeapTuple tup)
{
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
	return result;
}

PG_FUNCTION_INFO_V1(la_stale);
/*
 * _stale(track relation, track id, row): the SQL function of 0.3's
 * reclassify(); 0.4 drops it (reclassify is C), but the library keeps every
 * entry point an older SQL version references.  The row must be of the
 * table's row type and the caller must be able to read the table.
 */
Datum
la_stale(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	Relation	rel = table_open(relid, AccessShareLock);
	HeapTuple	tup;
	Track	   *t;
	int			result;

	if (pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, RelationGetRelationName(rel));
	tup = RowTuple(rel, PG_GETARG_DATUM(2));
	t = GetTrackFor(PG_GETARG_INT32(1), rel);
	result = Staleness(t, rel, tup);
	table_close(rel, AccessShareLock);
	PG_RETURN_INT32(result);
}

PG_FUNCTION_INFO_V1(la_move);
/*
 * move(track, key, stage, reason, note): the UPDATE a CRM would make, as the
 * caller (whose UPDATE privilege, row security and team the agreement
 * checks), with the reason and note handed to the trigger in backend-local
 * state.  The key is compared in its own type through its index.
 */
Datum
la_move(PG_FUNCTION_ARGS)
{
	Oid			relid;
	char	   *key;
	int			stage;
	Relation	rel;
	Track	   *t;
	Datum		args[2];
	Oid			types[2];
	char	   *sql;
	uint64		n = 0;
	char	   *save_reason = MoveReason;
	char	   *save_note = MoveNote;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("table, key and stage must not be null"),
				 errhint("Write for example SELECT lead_align.move('crm.leads', '42', 'sal');")));
	relid = PG_GETARG_OID(0);
	key = text_to_cstring(PG_GETARG_TEXT_PP(1));
	stage = PG_GETARG_INT32(2);
	rel = table_open(relid, AccessShareLock);
	t = GetTrackFor(TrackIdOf(relid), rel);
	types[0] = TupleDescAttr(RelationGetDescr(rel), t->stage_att - 1)->atttypid;
	if (!t->stage_mapped)
		args[0] = Int32GetDatum(stage);
	else
	{
		if (t->stage_label[stage] == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("no stage label of table %s maps to %s", t->table_name, la_stage_name(stage)),
					 errhint("Map one first, e.g. SELECT lead_align.map_stage('%s', '%s', '%s');",
							 t->table_name, la_stage_name(stage), la_stage_name(stage))));
		args[0] = TextOrTypeDatum(rel, t->stage_att, t->stage_label[stage]);
	}
	types[1] = TupleDescAttr(RelationGetDescr(rel), t->key_att - 1)->atttypid;
	args[1] = KeyDatum(rel, t->key_att, key);
	sql = psprintf("UPDATE %s SET %s = $1 WHERE %s %s $2", QualifiedName(rel),
				   ColumnName(rel, t->stage_att), ColumnName(rel, t->key_att),
				   OperatorSql(KeyOperator(rel, t->key_att, TYPECACHE_EQ_OPR)));
	table_close(rel, AccessShareLock);

	PG_TRY();
	{
		MoveReason = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
		MoveNote = PG_ARGISNULL(4) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(4));
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute_with_args(sql, 2, types, args, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "could not move the lead");
		n = SPI_processed;
		SPI_finish();
	}
	PG_FINALLY();
	{
		MoveReason = save_reason;
		MoveNote = save_note;
	}
	PG_END_TRY();
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("table %s has no lead with key %s", t->table_name, key),
				 errhint("Check the key; lead_align.lead_state lists the tracked leads.")));
	PG_RETURN_VOID();
}

/* Run reclassify's UPDATE with the derive trigger told to re-derive every row. */
static void
ReclassifyUpdate(const char *sql, Oid *types, Datum *args)
{
	bool		save = Reclassifying;

	PG_TRY();
	{
		Reclassifying = true;
		if (SPI_execute_with_args(sql, 1, types, args, NULL, false, 0) != SPI_OK_UPDATE_RETURNING)
			elog(ERROR, "could not update a batch");
	}
	PG_FINALLY();
	{
		Reclassifying = save;
	}
	PG_END_TRY();
}

PG_FUNCTION_INFO_V1(la_reclassify);
/*
 * CALL reclassify(track, batch_size): walk the table in key order, in
 * batches; find the rows whose derived columns differ from what the rules
 * give now; lock them FOR UPDATE SKIP LOCKED (a locked row is skipped and
 * counted) and update them (the derive trigger re-derives every row of this
 * update, which may make the automatic handoff); commit per batch when
 * called from a non-atomic CALL.  Runs as the caller, who needs UPDATE on
 * the table.  A row that became current between the check and the lock is
 * updated anyway (a no-op that records nothing).
 */
Datum
la_reclassify(PG_FUNCTION_ARGS)
{
	bool		atomic = !(fcinfo->context && IsA(fcinfo->context, CallContext) &&
						   !castNode(CallContext, fcinfo->context)->atomic);
	Oid			relid;
	int32		batch;
	int32		track_id;
	Oid			keytype,
				keybase,
				stagetype;
	char	   *first_sql,
			   *next_sql,
			   *update_sql;
	char	   *last_key = NULL;
	int64		updated = 0,
				stage_changes = 0,
				skipped = 0;
	MemoryContext proc_cxt = CurrentMemoryContext;
	TupleDesc	rettd;
	Datum		result[3];
	bool		rnulls[3] = {false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_GETARG_INT32(1) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("reclassify needs a table and a positive batch size"),
				 errhint("Write for example CALL lead_align.reclassify('crm.leads', batch_size => 10000);")));
	relid = PG_GETARG_OID(0);
	batch = PG_GETARG_INT32(1);
	track_id = TrackIdOf(relid);
	{
		Relation	rel = table_open(relid, AccessShareLock);
		Track	   *t = GetTrackFor(track_id, rel);
		char	   *tbl = QualifiedName(rel);
		char	   *k = ColumnName(rel, t->key_att);
		char	   *st = ColumnName(rel, t->stage_att);
		char	   *eq = OperatorSql(KeyOperator(rel, t->key_att, TYPECACHE_EQ_OPR));

		keytype = TupleDescAttr(RelationGetDescr(rel), t->key_att - 1)->atttypid;
		keybase = getBaseType(keytype);
		stagetype = TupleDescAttr(RelationGetDescr(rel), t->stage_att - 1)->atttypid;
		first_sql = psprintf("SELECT t.%s, t FROM %s t ORDER BY t.%s LIMIT $1", k, tbl, k);
		next_sql = psprintf("SELECT t.%s, t FROM %s t WHERE t.%s %s $2 ORDER BY t.%s LIMIT $1", k, tbl, k,
							OperatorSql(KeyOperator(rel, t->key_att, TYPECACHE_GT_OPR)), k);
		update_sql = psprintf("WITH locked AS (SELECT t.%1$s AS k, t.%2$s AS s0 FROM %3$s t "
							  "WHERE t.%1$s %4$s ANY ($1) FOR UPDATE SKIP LOCKED) "
							  "UPDATE %3$s t SET %2$s = t.%2$s FROM locked l WHERE t.%1$s %4$s l.k "
							  "RETURNING l.s0, t.%2$s", k, st, tbl, eq);
		table_close(rel, AccessShareLock);
	}

	if (SPI_connect_ext(atomic ? 0 : SPI_OPT_NONATOMIC) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	for (;;)
	{
		Datum		args[2];
		Oid			types[2] = {INT4OID, keytype};
		Datum	   *stale;
		int			nstale = 0;
		uint64		nrows,
					i;
		Relation	rel;
		Track	   *t;
		int16		typlen;
		bool		typbyval;
		char		typalign;

		args[0] = Int32GetDatum(batch);
		rel = table_open(relid, AccessShareLock);
		t = GetTrackFor(track_id, rel);
		if (last_key != NULL)
			args[1] = KeyDatum(rel, t->key_att, last_key);
		if (SPI_execute_with_args(last_key ? next_sql : first_sql, last_key ? 2 : 1, types, args,
								  NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read a batch");
		nrows = SPI_processed;
		if (nrows == 0)
		{
			table_close(rel, AccessShareLock);
			break;
		}
		stale = palloc(sizeof(Datum) * nrows);
		for (i = 0; i < nrows; i++)
		{
			bool		isnull;
			HeapTuple	row = SPI_tuptable->vals[i];
			HeapTuple	tup = RowTuple(rel, SPI_getbinval(row, SPI_tuptable->tupdesc, 2, &isnull));

			if (Staleness(t, rel, tup) > 0)
				stale[nstale++] = SPI_getbinval(row, SPI_tuptable->tupdesc, 1, &isnull);
		}
		{
			MemoryContext old = MemoryContextSwitchTo(proc_cxt);
			bool		isnull;

			if (last_key)
				pfree(last_key);
			last_key = SPI_getvalue(SPI_tuptable->vals[nrows - 1], SPI_tuptable->tupdesc, 1);
			(void) isnull;
			MemoryContextSwitchTo(old);
		}
		table_close(rel, AccessShareLock);
		if (nstale > 0)
		{
			Datum		uargs[1];
			Oid			utypes[1];
			get_typlenbyvalalign(keybase, &typlen, &typbyval, &typalign);
			uargs[0] = PointerGetDatum(construct_array(stale, nstale, keybase, typlen, typbyval, typalign));
			utypes[0] = get_array_type(keybase);
			ReclassifyUpdate(update_sql, utypes, uargs);
			updated += SPI_processed;
			skipped += nstale - (int64) SPI_processed;
			for (i = 0; i < SPI_processed; i++)
			{
				bool		n0,
							n1;
				Datum		s0 = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &n0);
				Datum		s1 = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &n1);
				int16		slen;
				bool		sbyval;

				get_typlenbyval(stagetype, &slen, &sbyval);
				if (n0 != n1 || (!n0 && !datumIsEqual(s0, s1, sbyval, slen)))
					stage_changes++;
			}
		}
		if (!atomic)
			SPI_commit();
		if (nrows < (uint64) batch)
			break;
	}
	SPI_finish();

	if (get_call_result_type(fcinfo, NULL, &rettd) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "reclassify must return a record");
	result[0] = Int64GetDatum(updated);
	result[1] = Int64GetDatum(stage_changes);
	result[2] = Int64GetDatum(skipped);
	rettd = BlessTupleDesc(rettd);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(rettd, result, rnulls)));
}
