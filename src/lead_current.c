/*
 * lead_current.c -- the state tables the trigger writes: lead_align.lead_current,
 * the current stay and lead-cycle of every lead (DESIGN 5.1, 5.2), and
 * lead_align.lead_cycle, the lead-cycles that have ended.
 *
 * The AFTER ROW trigger reads a lead's row (its previous event, cycle and
 * current stay) and writes it back after every change, at once and in the
 * same subtransaction as the change, through the table access method and
 * the executor's index maintenance (no SPI per row).  Only that trigger,
 * which holds the CRM row's lock, changes a lead's row, so concurrent moves
 * of one lead serialize on the CRM row; the read uses the latest snapshot
 * (a session that waited for that lock sees what the other committed).
 * Each write is followed by CommandCounterIncrement(), so that a second
 * change of the same lead within one statement (a writable CTE that
 * deletes and inserts a key) reads and updates the first one's row.
 * A lead-cycle's row in lead_cycle is inserted once, when the next cycle
 * begins, and never updated by the trigger.
 */
#include "la_track.h"

#include "access/genam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

static const char *const CurNames[LA_CURRENT_NCOLS] = {
#define LA_CURRENT_NAME(id, name) name,
	LA_CURRENT_COLUMNS(LA_CURRENT_NAME)
#undef LA_CURRENT_NAME
};
static const char *const CycNames[LA_CYCLE_NCOLS] = {
#define LA_CYCLE_NAME(id, name) name,
	LA_CYCLE_COLUMNS(LA_CYCLE_NAME)
#undef LA_CYCLE_NAME
};

/*
 * A state table's shape: column positions and its primary key index, whose
 * key columns are the first nkeys of the list (track_id, lead_key[, cycle]).
 */
typedef struct StateRel
{
	const char *relname;
	const char *const *names;
	int			ncols;
	int			nkeys;
	bool		valid;
	Oid			relid;
	int			natts;
	int			map[Max(LA_CURRENT_NCOLS, LA_CYCLE_NCOLS)];	/* 0-based attribute index */
	Oid			pkey;
	Oid			key_collation;
} StateRel;

static StateRel Cur = {"lead_current", CurNames, LA_CURRENT_NCOLS, 2};
static StateRel Cyc = {"lead_cycle", CycNames, LA_CYCLE_NCOLS, 3};

/* A relation changed (InvalidOid: any): forget a state table's shape if it was it (see ledger.c). */
void
la_current_relcache_inval(Oid relid)
{
	if (relid == InvalidOid || relid == Cur.relid)
		Cur.valid = false;
	if (relid == InvalidOid || relid == Cyc.relid)
		Cyc.valid = false;
}

static Oid
StateRelid(StateRel *s)
{
	Oid			nsp = get_namespace_oid("lead_align", false);

	return get_relname_relid(s->relname, nsp);
}

/* Is there a lead_current table (a library newer than a 0.3 schema finds none)? */
bool
la_current_exists(void)
{
	return OidIsValid(StateRelid(&Cur));
}

static void
CheckShape(StateRel *s, Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *indexes;
	ListCell   *lc;
	int			i,
				c;

	la_register_callbacks();
	s->valid = false;
	s->relid = RelationGetRelid(rel);
	s->natts = desc->natts;
	for (c = 0; c < s->ncols; c++)
	{
		s->map[c] = -1;
		for (i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute a = TupleDescAttr(desc, i);

			if (!a->attisdropped && strcmp(NameStr(a->attname), s->names[c]) == 0)
				s->map[c] = i;
		}
		if (s->map[c] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("lead_align.%s has no column \"%s\"", s->relname, s->names[c]),
					 errhint("The state table must stay as CREATE EXTENSION lead_align made it; ALTER EXTENSION lead_align UPDATE.")));
	}
	s->pkey = InvalidOid;
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		Relation	ir = index_open(lfirst_oid(lc), AccessShareLock);
		bool		match = ir->rd_index->indisprimary && ir->rd_index->indnkeyatts == s->nkeys;

		for (c = 0; match && c < s->nkeys; c++)
			match = ir->rd_index->indkey.values[c] == s->map[c] + 1;
		if (match)
		{
			s->pkey = RelationGetRelid(ir);
			s->key_collation = ir->rd_indcollation[1];
		}
		index_close(ir, AccessShareLock);
	}
	list_free(indexes);
	if (!OidIsValid(s->pkey))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("lead_align.%s lacks its primary key", s->relname),
				 errhint("The state table must stay as CREATE EXTENSION lead_align made it.")));
	s->valid = true;
}

static Relation
OpenState(StateRel *s, LOCKMODE mode)
{
	Oid			relid = StateRelid(s);
	Relation	rel;

	if (!OidIsValid(relid))
		elog(ERROR, "lead_align.%s does not exist", s->relname);
	rel = table_open(relid, mode);
	if (!s->valid || s->relid != relid || s->natts != RelationGetDescr(rel)->natts)
		CheckShape(s, rel);
	return rel;
}

/*
 * Read the row of a lead into *c (c->found = false when there is none).
 * Values are copied into the current memory context.
 */
void
la_current_read(int32 track_id, const char *key, LaCurrent *c)
{
	Relation	rel,
				irel;
	Snapshot	snap;
	TupleTableSlot *slot;
	IndexScanDesc scan;
	ScanKeyData sk[2];
	int			i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < LA_CURRENT_NCOLS; i++)
		c->n[i] = true;
	rel = OpenState(&Cur, AccessShareLock);
	irel = index_open(Cur.pkey, AccessShareLock);
	snap = RegisterSnapshot(GetLatestSnapshot());
	slot = table_slot_create(rel, NULL);
	ScanKeyInit(&sk[0], 1, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(track_id));
	ScanKeyInit(&sk[1], 2, BTEqualStrategyNumber, F_TEXTEQ, CStringGetTextDatum(key));
	sk[1].sk_collation = Cur.key_collation;
	scan = LaIndexBeginscan(rel, irel, snap, 2, 0);
	index_rescan(scan, sk, 2, NULL, 0);
	if (index_getnext_slot(scan, ForwardScanDirection, slot))
	{
		TupleDesc	desc = RelationGetDescr(rel);

		slot_getallattrs(slot);
		c->found = true;
		c->tid = slot->tts_tid;
		for (i = 0; i < LA_CURRENT_NCOLS; i++)
		{
			Form_pg_attribute a = TupleDescAttr(desc, Cur.map[i]);

			c->n[i] = slot->tts_isnull[Cur.map[i]];
			c->v[i] = c->n[i] ? (Datum) 0 : datumCopy(slot->tts_values[Cur.map[i]], a->attbyval, a->attlen);
		}
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	UnregisterSnapshot(snap);
	index_close(irel, AccessShareLock);
	table_close(rel, AccessShareLock);
}

/*
 * Write a row of a state table: insert it (tid NULL), or update the row at
 * *tid (then set to the new version's).  Then make it visible to the rest of
 * the statement.
 */
static void
StateWrite(StateRel *s, Datum *v, bool *n, ItemPointer tid, const char *key)
{
	Relation	rel = OpenState(s, RowExclusiveLock);
	EState	   *estate = CreateExecutorState();
	ResultRelInfo *rri = makeNode(ResultRelInfo);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	CommandId	cid = GetCurrentCommandId(true);
	int			i;
	List	   *recheck = NIL;

	InitResultRelInfo(rri, rel, 1, NULL, 0);
	ExecOpenIndices(rri, false);
	ExecClearTuple(slot);
	memset(slot->tts_isnull, true, sizeof(bool) * RelationGetDescr(rel)->natts);
	for (i = 0; i < s->ncols; i++)
	{
		slot->tts_values[s->map[i]] = v[i];
		slot->tts_isnull[s->map[i]] = n[i];
	}
	ExecStoreVirtualTuple(slot);
	/*
	 * NOT NULL, as an INSERT would check it (ExecConstraints' message needs a
	 * range table this EState lacks; the tables have no CHECK constraints).
	 */
	for (i = 0; i < s->ncols; i++)
		if (n[i] && TupleDescAttr(RelationGetDescr(rel), s->map[i])->attnotnull)
			elog(ERROR, "lead_align.%s column %s left null", s->relname, s->names[i]);
	if (tid == NULL || !ItemPointerIsValid(tid))
	{
		table_tuple_insert(rel, slot, cid, 0, NULL);
		if (rri->ri_NumIndices > 0)
			recheck = LaExecInsertIndexTuples(rri, slot, estate, false, false, NULL, NIL);
	}
	else
	{
		TM_Result	res;
		TM_FailureData tmfd;
		LockTupleMode lockmode;
		LaUpdateIndexes upd;

		res = table_tuple_update(rel, tid, slot, cid, GetActiveSnapshot(), InvalidSnapshot,
								 true, &tmfd, &lockmode, &upd);
		if (res != TM_Ok)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("the state of lead \"%s\" was changed by another transaction", key),
					 errdetail("Only the tracking trigger, under the lead's row lock, changes lead_align.lead_current; rebuild_current() or forget() ran at the same time."),
					 errhint("Retry the change.")));
		if (LaUpdateIndexesNeeded(upd) && rri->ri_NumIndices > 0)
			recheck = LaInsertUpdatedIndexTuples(rri, slot, estate, upd);
	}
	if (recheck != NIL)
		elog(ERROR, "lead_align.%s has a deferrable constraint", s->relname);
	if (tid != NULL)
		*tid = slot->tts_tid;
	ExecDropSingleTupleTableSlot(slot);
	ExecCloseIndices(rri);
	FreeExecutorState(estate);
	table_close(rel, NoLock);
	CommandCounterIncrement();
}

/*
 * Write a lead's row: insert it, or update the row la_current_read() found.
 */
void
la_current_write(LaCurrent *c)
{
	if (!c->found)
		ItemPointerSetInvalid(&c->tid);
	StateWrite(&Cur, c->v, c->n, &c->tid, TextDatumGetCString(c->v[LA_C_KEY]));
	c->found = true;
}

/*
 * Insert the row of a lead-cycle that has ended (lead_align.lead_cycle):
 * written once, when the lead's next cycle begins.  A cycle that is already
 * there (a rebuild met the trigger half-way) is a unique violation: the
 * change fails rather than count a cycle twice.
 */
void
la_cycle_insert(Datum *v, bool *n)
{
	StateWrite(&Cyc, v, n, NULL, TextDatumGetCString(v[LA_Y_KEY]));
}
