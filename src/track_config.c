/*
 * track_config.c -- a track's configuration and its per-backend cache.
 *
 * A track's configuration is read once per backend (SPI, as the extension's
 * owner) and cached with its compiled rules, keyed by track id and the
 * relation the triggers fire on; partitions laid out alike share one copy.
 * A statement trigger on every configuration table (la_config_changed)
 * invalidates the caches of all backends through the relcache, and so does
 * any change to the tracked table itself.  The transaction callbacks that
 * end the ledger buffer and the automatic-handoff markers live here too, as
 * do the GUCs of tracking.
 */
#include "la_track.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "tcop/utility.h"
#include "miscadmin.h"
#include "nodes/bitmapset.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

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
char	   *LaAppUser = NULL;
char	   *LaGucReason = NULL;
char	   *LaGucNote = NULL;

/*
 * Set by C around the UPDATE that move() and reclassify() run (never by a
 * setting a user could change): the reason and note of move(), and that
 * the update re-derives every row it touches.
 */
char	   *LaMoveReason = NULL;
char	   *LaMoveNote = NULL;
bool		LaReclassifying = false;

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

	la_ledger_relcache_inval(relid);
	la_current_relcache_inval(relid);
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
		if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
			la_stay_calendar_forget();
		la_scores_valid = false;
		LaAutoXactEnd();
	}
}

static void
LaSubXactCallback(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		la_ledger_subxact_abort(mySubid);
		la_stay_calendar_forget();
		LaAutoSubxactAbort(mySubid);
	}
}

/*
 * The extension's callbacks, registered once per backend.  A backend has
 * room for only ten relcache callbacks (PostgreSQL uses two, other
 * extensions take theirs), so lead_align registers one and hands each
 * invalidation to every module that caches a relation (tracks here, the
 * ledger's and lead_current's shapes).
 */
void
la_register_callbacks(void)
{
	if (CallbacksRegistered)
		return;
	CacheRegisterRelcacheCallback(RelcacheCallback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, LaActorCallback, (Datum) 0);
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
/*
 * The command whose AFTER triggers are firing: they fire in ExecutorFinish
 * (AfterTriggerEndQuery), and a nested statement restores the outer one's
 * on the way out, error or not.
 */
static CmdType FinishingOp = CMD_UNKNOWN;

/*
 * The statement whose row triggers are firing, as the command id its writes
 * carry (es_output_cid): BEFORE ROW triggers fire in ExecutorRun, AFTER ROW
 * triggers in ExecutorFinish.  Each statement of a function, a DO block or
 * a multi-statement query string gets its own, which the statement
 * timestamp cannot tell apart.  InvalidCommandId outside the executor
 * (COPY fires its triggers itself) and before the library was loaded.
 */
static CommandId ExecutingCid = InvalidCommandId;

static ExecutorRun_hook_type PrevExecutorRun = NULL;
static ProcessUtility_hook_type PrevProcessUtility = NULL;

static void
LaExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count LA_EXECUTE_ONCE_PARAM)
{
	CommandId	save = ExecutingCid;

	ExecutingCid = queryDesc->estate ? queryDesc->estate->es_output_cid : InvalidCommandId;
	PG_TRY();
	{
		if (PrevExecutorRun)
			PrevExecutorRun(queryDesc, direction, count LA_EXECUTE_ONCE_ARG);
		else
			standard_ExecutorRun(queryDesc, direction, count LA_EXECUTE_ONCE_ARG);
	}
	PG_FINALLY();
	{
		ExecutingCid = save;
	}
	PG_END_TRY();
}

static void
LaExecutorFinish(QueryDesc *queryDesc)
{
	CmdType		save = FinishingOp;
	CommandId	save_cid = ExecutingCid;

	FinishingOp = queryDesc->operation;
	ExecutingCid = queryDesc->estate ? queryDesc->estate->es_output_cid : InvalidCommandId;
	PG_TRY();
	{
		if (PrevExecutorFinish)
			PrevExecutorFinish(queryDesc);
		else
			standard_ExecutorFinish(queryDesc);
	}
	PG_FINALLY();
	{
		FinishingOp = save;
		ExecutingCid = save_cid;
	}
	PG_END_TRY();
	if (la_ledger_pending() > 0)
		la_ledger_flush();
}

/*
 * After a utility statement (COPY into a partition, which fires no
 * statement trigger of the tracked parent and runs no executor), write
 * what it buffered.
 */
static void
LaProcessUtility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
				 ProcessUtilityContext context, ParamListInfo params,
				 QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	if (PrevProcessUtility)
		PrevProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	if (la_ledger_pending() > 0)
		la_ledger_flush();
}

/*
 * Are the AFTER triggers of a MERGE firing?  (Its tg_updatedcols is the
 * union of all its UPDATE actions.)  A backend that loads the library in the
 * middle of a MERGE cannot tell for that one statement and answers false.
 */
bool
la_in_merge(void)
{
#if PG_VERSION_NUM >= 150000
	return FinishingOp == CMD_MERGE;
#else
	return false;
#endif
}

/* GUCs of tracking; called from _PG_init. */
void
la_track_init(void)
{
	DefineCustomStringVariable("lead_align.app_user",
							   "The application's end user, recorded in the ledger.",
							   "For pooled applications that connect as one role.",
							   &LaAppUser, NULL, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("lead_align.reason",
							   "Reason code for the moves of this transaction (SET LOCAL).",
							   NULL, &LaGucReason, NULL, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("lead_align.note",
							   "Note for the moves of this transaction (SET LOCAL).",
							   NULL, &LaGucNote, NULL, PGC_USERSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("lead_align");
	PrevExecutorFinish = ExecutorFinish_hook;
	ExecutorFinish_hook = LaExecutorFinish;
	PrevExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = LaExecutorRun;
	PrevProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = LaProcessUtility;
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

static void
RememberConfigRelids(void)
{
	static const char *const names[] = {"track", "stage_map", "rule", "team", "team_role",
	"team_calendar", "reason", "reason_disabled", "transition", "sla"};
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
Oid
LaNamespaceOwner(Oid nsp)
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
Oid
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
	Oid			calendar_type = LaType("business_calendar");

	if (t->stage_mapped)
		CheckColumnType(t, rel, t->stage_att, "stage", texts, 2, true);
	else
		CheckColumnType(t, rel, t->stage_att, "stage", &stage_type, 1, false);
	CheckColumnType(t, rel, t->temp_att, "temperature", temps, 3, false);
	CheckColumnType(t, rel, t->fit_att, "fit", scores, 4, false);
	CheckColumnType(t, rel, t->interest_att, "interest", scores, 4, false);
	CheckColumnType(t, rel, t->touch_att, "touch", times, 1, false);
	CheckColumnType(t, rel, t->evtime_att, "event time", times, 1, false);
	CheckColumnType(t, rel, t->reason_att, "reason", texts, 2, false);
	CheckColumnType(t, rel, t->note_att, "note", texts, 2, false);
	CheckColumnType(t, rel, t->calendar_att, "calendar", &calendar_type, 1, false);
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
	bool		schema04;

	RememberConfigRelids();
	/* a library newer than the installed SQL (before ALTER EXTENSION UPDATE) reads 0.3's columns */
	schema04 = OidIsValid(get_relname_relid("team_calendar", get_namespace_oid("lead_align", false)));
	t = MemoryContextAllocZero(cxt, sizeof(Track));
	t->cxt = cxt;
	t->id = id;
	arg[0] = Int32GetDatum(id);

	la_become_owner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(psprintf("SELECT relid, table_name, key_column, stage_column, stage_mapped, "
									   "temperature_column, fit_column, interest_column, owner_column, "
									   "%s, event_time_column, reason_column, dimensions, "
									   "calendar, handoff_temperature, fit_threshold, "
									   "interest_threshold, mode, active, rules_version, %s "
									   "FROM lead_align.track WHERE id OPERATOR(pg_catalog.=) $1",
									   schema04 ? "touch_column" : "first_touch_column",
									   schema04 ? "note_column, calendar_column" :
									   "NULL::pg_catalog.name, NULL::pg_catalog.name"),
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
	t->touch_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 10, "touch");
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
	t->zone = pstrdup(la_calctx_view(la_calendar_ctx(PointerGetDatum(t->calendar)))->zone);
	t->has_current = schema04 && la_current_exists();
	{
		Datum		ht = Col(tup, 15, &isnull);

		t->handoff_temp = isnull ? -1 : DatumGetInt32(ht);
	}
	t->fit_threshold = DatumGetFloat8(DirectFunctionCall1(numeric_float8, Col(tup, 16, &isnull)));
	t->interest_threshold = DatumGetFloat8(DirectFunctionCall1(numeric_float8, Col(tup, 17, &isnull)));
	{
		char	   *mode = ColText(tup, 18);

		int			m = la_vocab_find(la_mode_names, LA_MODE_COUNT, mode);

		t->mode = m < 0 ? MODE_ENFORCE : (TrackMode) m;
	}
	t->active = DatumGetBool(Col(tup, 19, &isnull));
	t->rules_version = DatumGetInt32(Col(tup, 20, &isnull));
	t->note_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 21, "note");
	t->calendar_att = ColAtt(rel, tup, SPI_tuptable->tupdesc, 22, "calendar");
	CheckColumnTypes(t, rel);
	t->rule_owner = OidIsValid(t->track_relid) ? RelOwner(t->track_relid) : rel->rd_rel->relowner;
	MemoryContextSwitchTo(old);

	/* stage labels */
	if (SPI_execute_with_args(psprintf("SELECT label, stage, %s FROM lead_align.stage_map "
									   "WHERE track_id OPERATOR(pg_catalog.=) $1 ORDER BY label",
									   schema04 ? "canonical" : "false"),
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read stage map");
	old = MemoryContextSwitchTo(cxt);
	t->nlabels = (int) SPI_processed;
	t->labels = palloc(sizeof(char *) * (t->nlabels + 1));
	t->label_stage = palloc(sizeof(int) * (t->nlabels + 1));
	for (j = 0; j < STAGES; j++)
		t->stage_label[j] = NULL;
	for (i = 0; i < SPI_processed; i++)
	{
		t->labels[i] = ColText(SPI_tuptable->vals[i], 1);
		t->label_stage[i] = DatumGetInt32(Col(SPI_tuptable->vals[i], 2, &isnull));
		/* the label marked canonical (map_stage(..., canonical => true)) */
		if (DatumGetBool(Col(SPI_tuptable->vals[i], 3, &isnull)))
			t->stage_label[t->label_stage[i]] = t->labels[i];
	}
	for (j = 0; j < STAGES; j++)
	{
		int			k;

		/* none marked: the stage's own word, else the first label in order */
		for (k = 0; k < t->nlabels && t->stage_label[j] == NULL; k++)
			if (t->label_stage[k] == j && strcmp(t->labels[k], la_stage_name(j)) == 0)
				t->stage_label[j] = t->labels[k];
		for (k = 0; k < t->nlabels && t->stage_label[j] == NULL; k++)
			if (t->label_stage[k] == j)
				t->stage_label[j] = t->labels[k];
	}
	MemoryContextSwitchTo(old);

	/* the working hours of the team that owns each stage, where set for the track */
	if (schema04 &&
		SPI_execute_with_args("SELECT team, calendar FROM lead_align.team_calendar "
							  "WHERE track_id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read team calendars");
	old = MemoryContextSwitchTo(cxt);
	for (i = 0; schema04 && i < SPI_processed; i++)
	{
		char	   *team = ColText(SPI_tuptable->vals[i], 1);
		bytea	   *cal = DatumGetByteaPCopy(Col(SPI_tuptable->vals[i], 2, &isnull));

		for (j = 0; j < STAGES; j++)
			if (la_stage_owner(j) != LA_TEAM_NONE && strcmp(la_team_name(la_stage_owner(j)), team) == 0)
				t->stage_calendar[j] = cal;
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
		int			k = la_vocab_find(la_sla_kind_names, LA_SLA_KIND_COUNT, kind);

		if (k < 0)
			elog(ERROR, "unknown SLA kind \"%s\"", kind);

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
		int			k = la_vocab_find(la_rule_kind_names, LA_RULE_KIND_COUNT, kind);

		ru->name = ColText(r, 1);
		ru->predicate = ColText(r, 5);
		ru->priority = DatumGetInt32(Col(r, 6, &isnull));
		if (k < 0)
			elog(ERROR, "unknown rule kind \"%s\"", kind);
		ru->kind = (la_rule_kind) k;
		if (ru->kind == LA_RULE_TEMPERATURE)
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
	t->loaded_cid = ExecutingCid;
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
Track *
LaGetTrackFor(int32 id, Relation rel)
{
	TrackKey	key;
	bool		found;
	TrackEntry *e;

	la_register_callbacks();
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
		e->track->loaded_cid == ExecutingCid &&
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
Track *
LaGetTrack(TriggerData *td)
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
	return LaGetTrackFor(id, td->tg_relation);
}


/* The table an active track id tracks, or InvalidOid (read as the extension's owner). */
Oid
LaActiveTrackRelid(int32 id)
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

PG_FUNCTION_INFO_V1(la_config_changed);
/* AFTER STATEMENT on a configuration table: every backend drops its cached tracks. */
Datum
la_config_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	LaCheckProtocol(fcinfo, "config_changed", false, false);
	CacheInvalidateRelcache(td->tg_relation);
	return PointerGetDatum(NULL);
}


/* The active track of a table, read as the extension's owner. */
int32
LaTrackIdOf(Oid relid)
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
	{
		/* the same words as the SQL functions' lookup (_config_track) */
		char	   *name = get_rel_name(relid) ?
			quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid)) :
			psprintf("%u", relid);

		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("table %s is not tracked", name),
				 errhint("Track it first: SELECT lead_align.track('%s', key => ..., stage => ...);", name)));
	}
	return id;
}

