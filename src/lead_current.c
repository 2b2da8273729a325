/*
 * lead_current.c -- lead_align.lead_current, the current stay of every lead
 * (DESIGN 5.1).
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

/* lead_current's shape: column positions and its primary key index. */
static struct
{
	bool		valid;
	Oid			relid;
	int			natts;
	int			map[LA_CURRENT_NCOLS];	/* 0-based attribute index, -1 missing */
	Oid			pkey;			/* the index on (track_id, lead_key) */
	Oid			key_collation;
} Cur;

/* A relation changed (InvalidOid: any): forget lead_current's shape if it was it (see ledger.c). */
void
la_current_relcache_inval(Oid relid)
{
	if (relid == InvalidOid || relid == Cur.relid)
		Cur.valid = false;
}

static Oid
CurrentRelid(void)
{
	Oid			nsp = get_namespace_oid("lead_align", false);

	return get_relname_relid("lead_current", nsp);
}

/* Is there a lead_current table (a library newer than a 0.3 schema finds none)? */
bool
la_current_exists(void)
{
	return OidIsValid(CurrentRelid());
}

static void
CheckShape(Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *indexes;
	ListCell   *lc;
	int			i,
				c;

	la_register_callbacks();
	Cur.valid = true;
	Cur.relid = RelationGetRelid(rel);
	Cur.natts = desc->natts;
	for (c = 0; c < LA_CURRENT_NCOLS; c++)
	{
		Cur.map[c] = -1;
		for (i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute a = TupleDescAttr(desc, i);

			if (!a->attisdropped && strcmp(NameStr(a->attname), CurNames[c]) == 0)
				Cur.map[c] = i;
		}
		if (Cur.map[c] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("lead_align.lead_current has no column \"%s\"", CurNames[c]),
					 errhint("The state table must stay as CREATE EXTENSION lead_align made it; ALTER EXTENSION lead_align UPDATE.")));
	}
	Cur.pkey = InvalidOid;
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		Relation	ir = index_open(lfirst_oid(lc), AccessShareLock);

		if (ir->rd_index->indisprimary && ir->rd_index->indnkeyatts == 2 &&
			ir->rd_index->indkey.values[0] == Cur.map[LA_C_TRACK_ID] + 1 &&
			ir->rd_index->indkey.values[1] == Cur.map[LA_C_KEY] + 1)
		{
			Cur.pkey = RelationGetRelid(ir);
			Cur.key_collation = ir->rd_indcollation[1];
		}
		index_close(ir, AccessShareLock);
	}
	list_free(indexes);
	if (!OidIsValid(Cur.pkey))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("lead_align.lead_current lacks its primary key on (track_id, lead_key)"),
				 errhint("The state table must stay as CREATE EXTENSION lead_align made it.")));
}

static Relation
OpenCurrent(LOCKMODE mode)
{
	Oid			relid = CurrentRelid();
	Relation	rel;

	if (!OidIsValid(relid))
		elog(ERROR, "lead_align.lead_current does not exist");
	rel = table_open(relid, mode);
	if (!Cur.valid || Cur.relid != relid || Cur.natts != RelationGetDescr(rel)->natts)
		CheckShape(rel);
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
	rel = OpenCurrent(AccessShareLock);
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
 * Write a lead's row: insert it, or update the row la_current_read() found.
 * Then make it visible to the rest of the statement.
 */
void
la_current_write(LaCurrent *c)
{
	Relation	rel = OpenCurrent(RowExclusiveLock);
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
	for (i = 0; i < LA_CURRENT_NCOLS; i++)
	{
		slot->tts_values[Cur.map[i]] = c->v[i];
		slot->tts_isnull[Cur.map[i]] = c->n[i];
	}
	ExecStoreVirtualTuple(slot);
	/*
	 * NOT NULL, as an INSERT would check it (ExecConstraints' message needs a
	 * range table this EState lacks; the table has no CHECK constraints).
	 */
	for (i = 0; i < LA_CURRENT_NCOLS; i++)
		if (c->n[i] && TupleDescAttr(RelationGetDescr(rel), Cur.map[i])->attnotnull)
			elog(ERROR, "lead_align.lead_current column %s left null", CurNames[i]);
	if (!c->found)
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

		res = table_tuple_update(rel, &c->tid, slot, cid, GetActiveSnapshot(), InvalidSnapshot,
								 true, &tmfd, &lockmode, &upd);
		if (res != TM_Ok)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("the state of lead \"%s\" was changed by another transaction",
							TextDatumGetCString(c->v[LA_C_KEY])),
					 errdetail("Only the tracking trigger, under the lead's row lock, changes lead_align.lead_current; rebuild_current() or forget() ran at the same time."),
					 errhint("Retry the change.")));
		if (LaUpdateIndexesNeeded(upd) && rri->ri_NumIndices > 0)
			recheck = LaInsertUpdatedIndexTuples(rri, slot, estate, upd);
	}
	if (recheck != NIL)
		elog(ERROR, "lead_align.lead_current has a deferrable constraint");
	c->tid = slot->tts_tid;
	c->found = true;
	ExecDropSingleTupleTableSlot(slot);
	ExecCloseIndices(rri);
	FreeExecutorState(estate);
	table_close(rel, NoLock);
	CommandCounterIncrement();
}
