/*
 * ledger.c -- the ledger buffer and its writer.
 *
 * The record trigger (track_trigger.c, through track_agreement.c) fills one la_ledger_row per event; the rows
 * wait in a buffer in TopTransactionContext and are written at the end of the
 * statement (or every 4,096 rows, or before commit).  Rows buffered inside a
 * subtransaction that aborts are dropped, and a flush writes only the rows of
 * the current subtransaction level: rows of an enclosing statement wait for
 * that statement's own flush, so that a subtransaction rolled back in between
 * (a PL/pgSQL exception block in a later trigger, say) cannot take them along.
 *
 * The writer inserts straight through the table access method, as COPY FROM
 * does: table_multi_insert() puts many rows on a page under one WAL record,
 * then ExecInsertIndexTuples() updates every index of the ledger (including
 * any a DBA added, expression and partial ones too), and the identity column
 * takes nextval() of its own sequence.  No executor plan is built or run per
 * batch, and a page takes many rows under one WAL record (test/bench/RESULTS.md
 * measures it against a set-based INSERT ... SELECT).  The direct path is only taken while the
 * ledger looks exactly as this extension created it; whenever someone has
 * given lead_align.handoff a trigger (also the ones behind foreign keys and
 * deferrable constraints), a rule, a CHECK or NOT NULL constraint of their
 * own, row-level security or a column this code does not know, the rows go
 * through SQL instead (a kept multi-row INSERT run through SPI as the
 * extension's owner), so that all of those fire and apply as they would for
 * any INSERT by the table's owner (row-level security only when forced).
 */
#include "la_track.h"

#include "access/genam.h"
#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_index.h"
#include "catalog/pg_opfamily.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#define ROWS_PER_INSERT 64		/* rows of the multi-row VALUES plan (SQL path) */
#define ROWS_PER_MULTI	1000	/* rows per table_multi_insert() call, as COPY */

#define LEDGER_NAME(id, name, type, notnull) name,
#define LEDGER_NOTNULL(id, name, type, notnull) notnull,
#define LEDGER_TYPE(id, name, type, notnull) type,

/* Ledger columns in la_ledger_col order, and their types (resolved once). */
static const char *const ColNames[LA_LEDGER_NCOLS] = {LA_LEDGER_COLUMNS(LEDGER_NAME)};
static Oid	ColTypes[LA_LEDGER_NCOLS];

/* The columns the extension declares NOT NULL; the record trigger always fills them. */
static const bool ColNotNull[LA_LEDGER_NCOLS] = {LA_LEDGER_COLUMNS(LEDGER_NOTNULL)};
static bool ColTypesResolved = false;

/* the buffer */
static la_ledger_row *Buf = NULL;
static MemoryContext BufCxt = NULL;
static int	NBuf = 0;
static int	CapBuf = 0;

/* SQL path */
static SPIPlanPtr InsertPlan = NULL;	/* ROWS_PER_INSERT rows */
static SPIPlanPtr InsertPlan1 = NULL;	/* one row */
static bool InsertPlanCols[LA_LEDGER_NCOLS];	/* the columns the plans write */

/* The ledger's shape, checked once per backend and after any change to it. */
typedef struct LedgerShape
{
	bool		valid;
	Oid			relid;
	bool		direct;			/* only known columns of the expected types */
	const char *why;			/* why not, for the DEBUG1 message */
	AttrNumber	id_att;			/* the identity column */
	Oid			id_seq;			/* its sequence */
	int			natts;			/* of the tuple descriptor, dropped ones included */
	int			map[LA_LEDGER_NCOLS];	/* la_ledger_col -> attribute index */
	Oid			lead_index;		/* a btree index on (track_id, lead_key, ...), if any */
	Oid			lead_collation; /* its lead_key collation */
	bool		sql_only[LA_LEDGER_NCOLS];	/* there, of another type: the SQL path casts */
} LedgerShape;

static LedgerShape Shape;
static Oid	LedgerRelid(void);
static CommandId BufCid = InvalidCommandId;	/* the command that buffered the first pending row */

static void
ResolveColTypes(void)
{
	Oid			LA_TYPE_STAGE = LaType("lead_stage");
	Oid			LA_TYPE_TEMPERATURE = LaType("lead_temperature");
	Oid			LA_TYPE_WINDOW = LaType("sla_window");
	const Oid	types[LA_LEDGER_NCOLS] = {LA_LEDGER_COLUMNS(LEDGER_TYPE)};

	memcpy(ColTypes, types, sizeof(ColTypes));
	ColTypesResolved = true;
}

/*
 * A relation changed (InvalidOid: any): forget the ledger's shape if it was
 * the ledger.  Called by the extension's one relcache callback
 * (track_config.c), since a backend has few of them.
 */
void
la_ledger_relcache_inval(Oid relid)
{
	if (relid == InvalidOid || relid == Shape.relid)
	{
		Shape.valid = false;
		/* the extension may have been dropped and created again: new types */
		ColTypesResolved = false;
	}
}

/* The direct path may not fill the ledger's tuples: remember the first reason. */
static void
ShapeNotDirect(const char *why)
{
	if (Shape.direct)
		Shape.why = MemoryContextStrdup(TopMemoryContext, why);
	Shape.direct = false;
}

/* Check the ledger's columns: may the direct path fill its tuples? */
static void
CheckShape(Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			found = 0;
	int			i,
				c;

	/* no ledger row may land in a Citus shell table (fail closed) */
	la_refuse_citus(RelationGetRelid(rel), "ledger");

	la_register_callbacks();
	/* set first: an invalidation that arrives while this runs clears it again */
	Shape.valid = true;
	Shape.relid = RelationGetRelid(rel);
	Shape.direct = true;
	Shape.why = NULL;
	if (rel->rd_rel->relkind != RELKIND_RELATION)
		ShapeNotDirect("it is not a plain table");
	Shape.id_att = InvalidAttrNumber;
	Shape.natts = desc->natts;
	for (c = 0; c < LA_LEDGER_NCOLS; c++)
	{
		Shape.map[c] = -1;
		Shape.sql_only[c] = false;
	}
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(desc, i);

		if (a->attisdropped)
			continue;
		if (strcmp(NameStr(a->attname), "id") == 0 && a->atttypid == INT8OID)
		{
			Shape.id_att = a->attnum;
			if (a->attidentity == '\0')
				ShapeNotDirect("column id is not an identity column");	/* no sequence of its own */
			continue;
		}
		for (c = 0; c < LA_LEDGER_NCOLS; c++)
			if (strcmp(NameStr(a->attname), ColNames[c]) == 0)
				break;
		if (c == LA_LEDGER_NCOLS || a->atttypid != ColTypes[c] || a->attgenerated != '\0')
		{
			/* a column we would leave without its default */
			ShapeNotDirect(psprintf("column %s is not one of the ledger's, or not of its type", NameStr(a->attname)));
			/* of another type (0.3's name actor): the SQL path assigns it with a cast */
			if (c < LA_LEDGER_NCOLS && a->attgenerated == '\0')
				Shape.sql_only[c] = true;
			continue;
		}
		if (a->attnotnull != ColNotNull[c])
			ShapeNotDirect(psprintf("NOT NULL of column %s was changed", NameStr(a->attname)));	/* let INSERT check it */
		Shape.map[c] = i;
		found++;
	}
	if (found != LA_LEDGER_NCOLS || Shape.id_att == InvalidAttrNumber)
		ShapeNotDirect("a column of the ledger is missing");
	Shape.id_seq = InvalidOid;
	if (Shape.id_att != InvalidAttrNumber &&
		TupleDescAttr(desc, Shape.id_att - 1)->attidentity != '\0')
		Shape.id_seq = LaGetIdentitySequence(rel, Shape.id_att, false);

	/* the index that finds a lead's rows: the extension's handoff_lead, or any like it */
	Shape.lead_index = InvalidOid;
	Shape.lead_collation = InvalidOid;
	if (Shape.map[LA_L_KEY] >= 0)
		Shape.lead_collation = TupleDescAttr(desc, Shape.map[LA_L_KEY])->attcollation;
	if (Shape.map[LA_L_TRACK_ID] >= 0 && Shape.map[LA_L_KEY] >= 0 &&
		rel->rd_rel->relkind == RELKIND_RELATION)
	{
		List	   *indexes = RelationGetIndexList(rel);
		ListCell   *lc;

		foreach(lc, indexes)
		{
			Relation	ir = index_open(lfirst_oid(lc), AccessShareLock);
			Form_pg_index ix = ir->rd_index;

			if (ir->rd_rel->relam == BTREE_AM_OID && ix->indisvalid && ix->indnkeyatts >= 2 &&
				ix->indkey.values[0] == Shape.map[LA_L_TRACK_ID] + 1 &&
				ix->indkey.values[1] == Shape.map[LA_L_KEY] + 1 &&
				heap_attisnull(ir->rd_indextuple, Anum_pg_index_indpred, NULL) &&
				heap_attisnull(ir->rd_indextuple, Anum_pg_index_indexprs, NULL) &&
				ir->rd_opfamily[0] == INTEGER_BTREE_FAM_OID && ir->rd_opfamily[1] == TEXT_BTREE_FAM_OID &&
				ir->rd_opcintype[0] == INT4OID && ir->rd_opcintype[1] == TEXTOID &&
				ir->rd_indcollation[1] == Shape.lead_collation)
				Shape.lead_index = RelationGetRelid(ir);
			index_close(ir, AccessShareLock);
			if (OidIsValid(Shape.lead_index))
				break;
		}
		list_free(indexes);
	}
}

la_ledger_row *
la_ledger_new(void)
{
	MemoryContext old;
	la_ledger_row *r;

	if (BufCxt == NULL)
		BufCxt = AllocSetContextCreate(TopTransactionContext, "lead_align ledger buffer",
									   ALLOCSET_DEFAULT_SIZES);
	if (NBuf == CapBuf)
	{
		int			cap = CapBuf ? CapBuf * 2 : 8;

		old = MemoryContextSwitchTo(TopTransactionContext);
		Buf = Buf ? repalloc(Buf, sizeof(la_ledger_row) * cap) : palloc(sizeof(la_ledger_row) * cap);
		MemoryContextSwitchTo(old);
		CapBuf = cap;
	}
	if (NBuf == 0)
		BufCid = GetCurrentCommandId(false);
	r = &Buf[NBuf++];
	r->subxid = GetCurrentSubTransactionId();
	r->id = 0;
	memset(r->isnull, true, sizeof(r->isnull));
	return r;
}

/*
 * The id of the next ledger row, drawn from the ledger's identity sequence
 * when the row is buffered (so lead_current can record it); ids increase
 * per lead in commit order, since a lead's changes serialize on its row.
 */
int64
la_ledger_next_id(void)
{
	if (!ColTypesResolved)
		ResolveColTypes();
	if (!Shape.valid || Shape.relid != LedgerRelid())
	{
		Relation	rel = table_open(LedgerRelid(), AccessShareLock);

		CheckShape(rel);
		table_close(rel, AccessShareLock);
	}
	if (!OidIsValid(Shape.id_seq))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("column id of lead_align.handoff is not an identity column"),
				 errhint("The ledger must stay the table CREATE EXTENSION lead_align made.")));
	return nextval_internal(Shape.id_seq, false);
}

/*
 * The id of a stay's calendar in lead_align.stay_calendar, added when new.
 * Remembered per backend; forgotten when a (sub)transaction aborts, which
 * may take a row just added with it.
 */
#define CAL_IDS 32

typedef struct CalId
{
	bytea	   *cal;			/* in TopMemoryContext */
	int32		id;
} CalId;

static CalId CalIds[CAL_IDS];
static int	NCalIds = 0;

void
la_stay_calendar_forget(void)
{
	int			i;

	for (i = 0; i < NCalIds; i++)
		pfree(CalIds[i].cal);
	NCalIds = 0;
}

int32
la_stay_calendar_id(Datum calendar)
{
	bytea	   *cal = DatumGetByteaPP(calendar);
	Size		len = VARSIZE_ANY_EXHDR(cal);
	int			i;
	int32		id = 0;
	bool		found = false;
	LaRunAs		as;
	Datum		arg[1];
	Oid			argtype[1];

	for (i = 0; i < NCalIds; i++)
		if (VARSIZE_ANY_EXHDR(CalIds[i].cal) == len &&
			memcmp(VARDATA_ANY(CalIds[i].cal), VARDATA_ANY(cal), len) == 0)
			return CalIds[i].id;

	/* as the extension's owner, search_path pinned: add it, or find who did */
	arg[0] = calendar;
	argtype[0] = LaType("business_calendar");
	la_become_owner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("INSERT INTO lead_align.stay_calendar (calendar) VALUES ($1) "
							  "ON CONFLICT (calendar) DO NOTHING RETURNING id",
							  1, argtype, arg, NULL, false, 1) != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "could not add a stay calendar");
	if (SPI_processed == 1)
	{
		id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &found));
		found = true;
	}
	else
	{
		bool		isnull;

		if (SPI_execute_with_args("SELECT id FROM lead_align.stay_calendar "
								  "WHERE calendar OPERATOR(pg_catalog.=) $1",
								  1, argtype, arg, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read the stay calendars");
		if (SPI_processed == 1)
		{
			id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
			found = true;
		}
	}
	SPI_finish();
	la_run_as_end(&as);
	if (!found)
		elog(ERROR, "a stay calendar could be neither added nor found");
	if (NCalIds == CAL_IDS)
		pfree(CalIds[--NCalIds].cal);
	memmove(&CalIds[1], &CalIds[0], sizeof(CalId) * NCalIds);
	CalIds[0].cal = (bytea *) MemoryContextAlloc(TopMemoryContext, VARHDRSZ + len);
	SET_VARSIZE(CalIds[0].cal, VARHDRSZ + len);
	memcpy(VARDATA(CalIds[0].cal), VARDATA_ANY(cal), len);
	CalIds[0].id = id;
	NCalIds++;
	return id;
}

MemoryContext
la_ledger_context(void)
{
	Assert(BufCxt != NULL);
	return BufCxt;
}

int
la_ledger_pending(void)
{
	return NBuf;
}

void
la_ledger_xact_end(void)
{
	/* the buffer lived in TopTransactionContext */
	Buf = NULL;
	BufCxt = NULL;
	NBuf = CapBuf = 0;
}

void
la_ledger_subxact_abort(SubTransactionId subid)
{
	/* rows buffered in the aborted subtransaction (and its children) go */
	while (NBuf > 0 && Buf[NBuf - 1].subxid >= subid)
		NBuf--;
}

/* Write n rows straight into the ledger (see the top). */
static void
WriteDirect(Relation rel, la_ledger_row *rows, int n)
{
	EState	   *estate = CreateExecutorState();
	ResultRelInfo *rri = makeNode(ResultRelInfo);
	CommandId	cid = GetCurrentCommandId(true);
	TupleTableSlot *slots[ROWS_PER_MULTI];
	int			nslots = Min(n, ROWS_PER_MULTI);
	int			done = 0;
	int			i;

	InitResultRelInfo(rri, rel, 1, NULL, 0);
	ExecOpenIndices(rri, false);
	for (i = 0; i < nslots; i++)
		slots[i] = table_slot_create(rel, NULL);
	while (done < n)
	{
		int			k = Min(n - done, ROWS_PER_MULTI);

		for (i = 0; i < k; i++)
		{
			TupleTableSlot *s = slots[i];
			la_ledger_row *r = &rows[done + i];
			int			c;

			ExecClearTuple(s);
			memset(s->tts_isnull, true, sizeof(bool) * Shape.natts);
			for (c = 0; c < LA_LEDGER_NCOLS; c++)
			{
				if (r->isnull[c] && ColNotNull[c])
					elog(ERROR, "ledger column %s left null", ColNames[c]);
				s->tts_values[Shape.map[c]] = r->val[c];
				s->tts_isnull[Shape.map[c]] = r->isnull[c];
			}
			s->tts_values[Shape.id_att - 1] = Int64GetDatum(r->id);
			s->tts_isnull[Shape.id_att - 1] = false;
			ExecStoreVirtualTuple(s);
		}
		table_multi_insert(rel, slots, k, cid, 0, NULL);
		for (i = 0; i < k; i++)
		{
			List	   *recheck;

			if (rri->ri_NumIndices > 0)
			{
				recheck = LaExecInsertIndexTuples(rri, slots[i], estate, false, false, NULL, NIL);
				/* only deferrable constraints ask for a recheck; they come with triggers */
				if (recheck != NIL)
					elog(ERROR, "lead_align.handoff has a deferrable constraint");
			}
			ResetPerTupleExprContext(estate);
		}
		done += k;
	}
	for (i = 0; i < nslots; i++)
		ExecDropSingleTupleTableSlot(slots[i]);
	ExecCloseIndices(rri);
	FreeExecutorState(estate);
}

/*
 * The ledger's columns the SQL path writes: those the table has (a library
 * newer than the installed SQL, before ALTER EXTENSION UPDATE, finds some
 * missing).  Shape is current: la_ledger_flush() checked it.
 */
static bool
SqlColumn(int c)
{
	return Shape.map[c] >= 0 || Shape.sql_only[c];
}

/* A kept plan inserting nrows ledger rows from parameters. */
static SPIPlanPtr
PrepareInsert(int nrows)
{
	StringInfoData q;
	Oid		   *types = palloc(sizeof(Oid) * (LA_LEDGER_NCOLS + 1) * nrows);
	SPIPlanPtr	p;
	int			r,
				c,
				n = 0,
				first = 1;

	initStringInfo(&q);
	/* the ids were drawn when the rows were buffered (lead_current records them) */
	appendStringInfoString(&q, "INSERT INTO lead_align.handoff (id");
	for (c = 0; c < LA_LEDGER_NCOLS; c++)
		if (SqlColumn(c))
			appendStringInfo(&q, ", %s", ColNames[c]);
	appendStringInfoString(&q, ") OVERRIDING SYSTEM VALUE VALUES ");
	for (r = 0; r < nrows; r++)
	{
		appendStringInfoString(&q, r ? ", (" : "(");
		types[n] = INT8OID;
		n++;
		appendStringInfo(&q, "$%d", n);
		first = 0;
		for (c = 0; c < LA_LEDGER_NCOLS; c++)
		{
			if (!SqlColumn(c))
				continue;
			types[n] = ColTypes[c];
			n++;
			appendStringInfo(&q, "%s$%d", first ? "" : ", ", n);
			first = 0;
		}
		appendStringInfoChar(&q, ')');
	}
	p = SPI_prepare(q.data, n, types);
	if (p == NULL || SPI_keepplan(p) != 0)
		elog(ERROR, "could not prepare the ledger insert");
	return p;
}

/* Write n rows through SQL, as the extension's owner. */
static void
WriteSql(la_ledger_row *rows, int n)
{
	Datum		args[(LA_LEDGER_NCOLS + 1) * ROWS_PER_INSERT];
	char		nulls[(LA_LEDGER_NCOLS + 1) * ROWS_PER_INSERT + 1];
	int			i = 0;
	LaRunAs		as;

	/* as the extension's owner, search_path pinned: the DBA's ledger triggers run here */
	la_become_owner(&as);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	{
		int			c;
		bool		same = InsertPlan != NULL;

		for (c = 0; c < LA_LEDGER_NCOLS; c++)
			same = same && InsertPlanCols[c] == SqlColumn(c);
		if (!same)
		{
			if (InsertPlan != NULL)
			{
				SPI_freeplan(InsertPlan);
				SPI_freeplan(InsertPlan1);
				InsertPlan = InsertPlan1 = NULL;
			}
			InsertPlan1 = PrepareInsert(1);
			InsertPlan = PrepareInsert(ROWS_PER_INSERT);
			for (c = 0; c < LA_LEDGER_NCOLS; c++)
				InsertPlanCols[c] = SqlColumn(c);
		}
	}
	while (i < n)
	{
		int			k = (n - i >= ROWS_PER_INSERT) ? ROWS_PER_INSERT : 1;
		int			r,
					c,
					a = 0;

		for (r = 0; r < k; r++)
			for (c = -1; c < LA_LEDGER_NCOLS; c++)
			{
				if (c < 0)
				{
					args[a] = Int64GetDatum(rows[i + r].id);
					nulls[a++] = ' ';
					continue;
				}
				if (!SqlColumn(c))
					continue;
				args[a] = rows[i + r].val[c];
				nulls[a++] = rows[i + r].isnull[c] ? 'n' : ' ';
			}
		nulls[a] = '\0';
		if (SPI_execute_plan(k == 1 ? InsertPlan1 : InsertPlan, args, nulls, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "could not write the ledger");
		i += k;
	}
	SPI_finish();
	la_run_as_end(&as);
}

static Oid
LedgerRelid(void)
{
	return get_relname_relid("handoff", get_namespace_oid("lead_align", false));
}

/*
 * Fold one ledger row of the lead into *ev: the cycle, temperature and kind
 * of the highest id, the latest event time, and the event time of the
 * latest row that entered a stage (the current stay's start).
 */
static void
TakeEvent(TupleTableSlot *slot, int64 *best, int64 *best_stage, LaLastEvent *ev)
{
	bool		isnull;
	int64		id = DatumGetInt64(slot_getattr(slot, Shape.id_att, &isnull));
	TimestampTz at = DatumGetTimestampTz(slot_getattr(slot, Shape.map[LA_L_EVENT_TIME] + 1, &isnull));
	char	   *kind = NULL;
	int			k = -1;

	if (Shape.map[LA_L_KIND] >= 0)
	{
		Datum		d = slot_getattr(slot, Shape.map[LA_L_KIND] + 1, &isnull);

		if (!isnull)
		{
			kind = TextDatumGetCString(d);
			k = la_vocab_find(la_event_kind_names, LA_EVENT_KIND_COUNT, kind);
		}
	}
	if (!ev->found || id > *best)
	{
		*best = id;
		ev->cycle = DatumGetInt32(slot_getattr(slot, Shape.map[LA_L_CYCLE] + 1, &isnull));
		ev->deleted = k == LA_EVENT_DELETE;
		ev->temperature = -1;
		if (Shape.map[LA_L_TEMP] >= 0)
		{
			Datum		d = slot_getattr(slot, Shape.map[LA_L_TEMP] + 1, &isnull);

			if (!isnull)
				ev->temperature = DatumGetInt32(d);
		}
		ev->rule = NULL;
		if (Shape.map[LA_L_RULE] >= 0)
		{
			Datum		d = slot_getattr(slot, Shape.map[LA_L_RULE] + 1, &isnull);

			if (!isnull)
				ev->rule = TextDatumGetCString(d);
		}
	}
	if (k >= 0 && k < LA_STAGE_EVENT_COUNT && (!ev->stay_known || id > *best_stage))
	{
		*best_stage = id;
		ev->stay_start = at;
		ev->stay_known = true;
	}
	if (!ev->found || at > ev->when)
		ev->when = at;
	ev->found = true;
}

/*
 * The previous event of a lead: the cycle of its latest ledger row (highest
 * id) and its latest event time.  Read with the latest snapshot: a session
 * that waited on the lead's row lock must see the ledger rows the other
 * session committed (as the foreign-key triggers do).  No flush first: a
 * statement changes a row once, and earlier statements flushed at their end.
 * Normally an index scan of handoff_lead; a sequential scan if someone
 * dropped every index on (track_id, lead_key).
 */
bool
la_ledger_last_event(int32 track_id, const char *key, LaLastEvent *ev)
{
	Relation	rel;
	Relation	irel = NULL;
	Snapshot	snap;
	TupleTableSlot *slot;
	ScanKeyData sk[2];
	int64		best = 0,
				best_stage = 0;
	Datum		keytext = CStringGetTextDatum(key);

	memset(ev, 0, sizeof(*ev));
	ev->temperature = -1;
	/*
	 * Rows an earlier statement left in the buffer (COPY straight into a
	 * partition fires no flush of its own when the library was loaded during
	 * it) are written first; this statement's own rows wait for its end.
	 */
	if (NBuf > 0 && BufCid != GetCurrentCommandId(false))
		la_ledger_flush();

	if (!ColTypesResolved)
		ResolveColTypes();
	rel = table_open(LedgerRelid(), AccessShareLock);
	if (!Shape.valid || Shape.relid != RelationGetRelid(rel))
		CheckShape(rel);
	if (rel->rd_rel->relkind != RELKIND_RELATION)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("lead_align.handoff is not an ordinary table"),
				 errhint("The ledger must stay the table CREATE EXTENSION lead_align made.")));
	if (Shape.map[LA_L_TRACK_ID] < 0 || Shape.map[LA_L_KEY] < 0 || Shape.map[LA_L_CYCLE] < 0 ||
		Shape.map[LA_L_EVENT_TIME] < 0 || Shape.id_att == InvalidAttrNumber)
		elog(ERROR, "lead_align.handoff lacks a column of the ledger");
	snap = RegisterSnapshot(GetLatestSnapshot());
	slot = table_slot_create(rel, NULL);
	if (OidIsValid(Shape.lead_index))
	{
		IndexScanDesc scan;

		irel = index_open(Shape.lead_index, AccessShareLock);
		ScanKeyInit(&sk[0], 1, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(track_id));
		ScanKeyInit(&sk[1], 2, BTEqualStrategyNumber, F_TEXTEQ, keytext);
		sk[1].sk_collation = Shape.lead_collation;
		scan = LaIndexBeginscan(rel, irel, snap, 2, 0);
		index_rescan(scan, sk, 2, NULL, 0);
		while (index_getnext_slot(scan, ForwardScanDirection, slot))
			TakeEvent(slot, &best, &best_stage, ev);
		index_endscan(scan);
		index_close(irel, AccessShareLock);
	}
	else
	{
		TableScanDesc scan = table_beginscan(rel, snap, 0, NULL);

		while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
		{
			bool		isnull;
			Datum		tid = slot_getattr(slot, Shape.map[LA_L_TRACK_ID] + 1, &isnull);
			Datum		k;

			if (isnull || DatumGetInt32(tid) != track_id)
				continue;
			k = slot_getattr(slot, Shape.map[LA_L_KEY] + 1, &isnull);
			if (isnull || !DatumGetBool(DirectFunctionCall2Coll(texteq, Shape.lead_collation, k, keytext)))
				continue;
			TakeEvent(slot, &best, &best_stage, ev);
		}
		table_endscan(scan);
	}
	ExecDropSingleTupleTableSlot(slot);
	UnregisterSnapshot(snap);
	table_close(rel, AccessShareLock);
	return ev->found;
}

void
la_ledger_flush(void)
{
	la_ledger_row *rows = Buf;
	MemoryContext cxt = BufCxt;
	int			cap = CapBuf;
	int			n = NBuf;
	int			start = NBuf;
	SubTransactionId cur = GetCurrentSubTransactionId();
	Relation	rel;
	bool		direct;
	const char *why;

	/*
	 * The rows of this subtransaction level and its committed children: the
	 * tail of the buffer (subtransaction ids grow, and everything buffered
	 * since this level began carries its id or a child's).
	 */
	while (start > 0 && Buf[start - 1].subxid >= cur)
		start--;
	if (start == NBuf)
		return;

	/*
	 * Take the rows out of the buffer first: an error below must not write
	 * them twice, and a trigger someone put on the ledger may run statements
	 * on tracked tables, which buffer (and flush) rows of their own.  With
	 * rows of an enclosing level left behind, only the tail is copied out and
	 * the values stay where they are until the transaction ends.
	 */
	if (start > 0)
	{
		n = NBuf - start;
		rows = MemoryContextAlloc(TopTransactionContext, sizeof(la_ledger_row) * n);
		memcpy(rows, &Buf[start], sizeof(la_ledger_row) * n);
		NBuf = start;
		cxt = NULL;
	}
	else
	{
		Buf = NULL;
		BufCxt = NULL;
		NBuf = CapBuf = 0;
	}
	if (!ColTypesResolved)
		ResolveColTypes();
	rel = table_open(LedgerRelid(), RowExclusiveLock);
	if (!Shape.valid || Shape.relid != RelationGetRelid(rel))
		CheckShape(rel);
	why = !Shape.direct ? Shape.why :
		rel->rd_rel->relkind != RELKIND_RELATION ? "it is not a plain table" :
		rel->rd_rel->relispartition ? "it is a partition" :
		rel->trigdesc != NULL ? "it has triggers" :
		rel->rd_rules != NULL ? "it has rules" :
		rel->rd_rel->relrowsecurity ? "it has row-level security" :
		(rel->rd_att->constr != NULL && rel->rd_att->constr->num_check > 0) ? "it has CHECK constraints" :
		NULL;
	direct = why == NULL;
	if (!direct)
		ereport(DEBUG1,
				(errmsg_internal("lead_align: writing %d ledger row%s through SQL, not directly: %s",
								 n, n == 1 ? "" : "s", why)));
	if (direct)
		WriteDirect(rel, rows, n);
	table_close(rel, NoLock);
	if (!direct)
		WriteSql(rows, n);
	if (cxt == NULL)
		pfree(rows);			/* the copied tail */
	else if (Buf == NULL && BufCxt == NULL)
	{
		/* keep the buffer and its context for the next rows */
		MemoryContextReset(cxt);
		Buf = rows;
		BufCxt = cxt;
		CapBuf = cap;
	}
	else
	{
		MemoryContextDelete(cxt);
		pfree(rows);
	}
}
