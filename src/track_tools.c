/*
 * track_tools.c -- the SQL-callable tools of tracking: explain, preview_rule,
 * move, reclassify and _stale (0.3's reclassify helper).
 */
#include "la_track.h"
#include "la_policy.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "optimizer/optimizer.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

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
	return LaTypedDatum(rel, att, key);
}

/* The key as the ledger holds it: the key's value printed by its type's output function. */
static char *
CanonicalKey(Relation rel, AttrNumber att, Datum key)
{
	Oid			typoutput;
	bool		varlena;

	getTypeOutputInfo(TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid, &typoutput, &varlena);
	return OidOutputFunctionCall(typoutput, key);
}

/* Is the column generated (its value is its expression's, never assigned)? */
static bool
Generated(Relation rel, AttrNumber att)
{
	return TupleDescAttr(RelationGetDescr(rel), att - 1)->attgenerated != '\0';
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
	/* t.*::<table>: a bare t would name a column called t, not the row */
	if (SPI_execute_with_args(psprintf("SELECT t.*::%s FROM %s t WHERE t.%s %s $1", QualifiedName(rel), QualifiedName(rel),
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
	LaDerived	d;
	LaEvalOpts	opts = {0};
	int			i;
	bool		fired = false;
	Datum		values[8];
	bool		nulls[8];

	InitMaterializedSRF(fcinfo, 0);
	rel = table_open(relid, AccessShareLock);
	RequireRuleReader(relid);
	t = LaGetTrackFor(LaTrackIdOf(relid), rel);
	tup = FetchLead(t, rel, key);
	if (tup == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("table %s has no lead with key %s", RelationGetRelationName(rel), key),
				 errhint("Check the key; lead_align.lead_state lists the tracked leads.")));
	opts.matched = palloc0(sizeof(bool) * (t->nrules + 1));
	LaClassify(t, rel, tup, &opts, &d);
	for (i = 0; i < t->nrules; i++)
	{
		Rule	   *r = &t->rules[i];
		bool		m = opts.matched[i];

		memset(nulls, 0, sizeof(nulls));
		values[0] = CStringGetTextDatum(la_rule_kind_names[r->kind]);
		values[1] = CStringGetTextDatum(r->name);
		values[2] = Int32GetDatum(r->priority);
		if (r->kind == LA_RULE_TEMPERATURE)
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
		if (r->kind == LA_RULE_TEMPERATURE && m)
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
											 LaQuadrant(t, &d) ? ", " : "", LaQuadrant(t, &d) ? LaQuadrant(t, &d) : ""));
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
	LaEvalOpts	opts = {0};
	int64		counts[LA_TEMP_COUNT][LA_TEMP_COUNT];
	Portal		portal;
	int			a,
				b,
				pos;

	InitMaterializedSRF(fcinfo, 0);
	rel = table_open(relid, AccessShareLock);
	if (pg_class_aclcheck(relid, caller, ACL_SELECT) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, RelationGetRelationName(rel));
	t = LaGetTrackFor(LaTrackIdOf(relid), rel);
	memset(&nr, 0, sizeof(nr));
	nr.kind = LA_RULE_TEMPERATURE;
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
											 LaNamespaceOwner(RelationGetNamespace(rel)) == caller);

		nr_pin = la_expr_needs_pin(expr);
		nr.state = ExecInitExpr((Expr *) expression_planner((Expr *) expr), NULL);
		MemoryContextSwitchTo(old);
	}
	/* the position the rule would take among the classification rules */
	for (pos = 0; pos < t->nrules; pos++)
		if (t->rules[pos].kind == LA_RULE_TEMPERATURE && t->rules[pos].temperature < temp)
			break;
	opts.extra = &nr;
	opts.extra_pos = pos;
	opts.extra_user = caller;
	opts.extra_pin = nr_pin;
	memset(counts, 0, sizeof(counts));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = SPI_cursor_open_with_args(NULL, psprintf("SELECT t.*::%s FROM %s t", QualifiedName(rel), QualifiedName(rel)),
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
			LaDerived	d;

			LaClassify(t, rel, tup, &opts, &d);
			counts[d.temperature][d.with_extra]++;
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
	LaDerived		d;
	int			result = 0;

	LaClassify(t, rel, tup, NULL, &d);
	if (t->temp_att)
	{
		int			before = LaRowTemperature(t, rel, tup);

		if (before != d.temperature)
		{
			result = 1;
			if (t->handoff_temp >= 0 && before < t->handoff_temp && d.temperature >= t->handoff_temp &&
				t->mode != MODE_BACKFILL)
			{
				int			stage = LaRowStage(t, rel, tup);

				if (la_handoff_source(stage))
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
	t = LaGetTrackFor(PG_GETARG_INT32(1), rel);
	result = Staleness(t, rel, tup);
	table_close(rel, AccessShareLock);
	PG_RETURN_INT32(result);
}

PG_FUNCTION_INFO_V1(la_move);
/*
 * move(track, key, stage, reason, note): the UPDATE a CRM would make, as the
 * caller (whose UPDATE privilege, row security and team the agreement
 * checks): the stage in the column's own type (the canonical label of a
 * mapped column), the reason, note and event-time columns when mapped; the
 * reason and note also go to the trigger in backend-local state, where they
 * outrank every other source.  The key is compared in its own type through
 * its index.
 */
Datum
la_move(PG_FUNCTION_ARGS)
{
	Oid			relid;
	char	   *key;
	int			stage;
	Relation	rel;
	Track	   *t;
	char	   *table_name;
	Datum		args[5];
	Oid			types[5];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', '\0'};
	volatile int nargs = 2;
	StringInfoData sql;
	uint64		n = 0;
	char	   *save_reason = LaMoveReason;
	char	   *save_note = LaMoveNote;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("table, key and stage must not be null"),
				 errhint("Write for example SELECT lead_align.move('crm.leads', '42', 'sal');")));
	relid = PG_GETARG_OID(0);
	key = text_to_cstring(PG_GETARG_TEXT_PP(1));
	stage = PG_GETARG_INT32(2);
	rel = table_open(relid, AccessShareLock);
	t = LaGetTrackFor(LaTrackIdOf(relid), rel);
	/* the UPDATE below may reload (and free) the cached track: keep what is needed after it */
	table_name = pstrdup(t->table_name);
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
		args[0] = LaTypedDatum(rel, t->stage_att, t->stage_label[stage]);
	}
	types[1] = TupleDescAttr(RelationGetDescr(rel), t->key_att - 1)->atttypid;
	args[1] = KeyDatum(rel, t->key_att, key);
	initStringInfo(&sql);
	appendStringInfo(&sql, "UPDATE %s SET %s = $1", QualifiedName(rel), ColumnName(rel, t->stage_att));

	if (PG_ARGISNULL(3) && !PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a note needs a reason"),
				 errdetail("lead_align.move() was given the note \"%s\" without a reason.",
						   text_to_cstring(PG_GETARG_TEXT_PP(4))),
				 errhint("Give the reason too, e.g. lead_align.move('%s', '%s', '%s', reason => 'other', note => ...).",
						 t->table_name, key, la_stage_name(stage))));

	/*
	 * The same UPDATE a CRM would make: the reason and note columns get the
	 * reason and note given, the event-time column the time of the move (the
	 * statement's, raised to the lead's previous event).  Generated columns
	 * are left to their expressions.
	 */
	if (t->reason_att && !PG_ARGISNULL(3) && !Generated(rel, t->reason_att))
	{
		types[nargs] = TupleDescAttr(RelationGetDescr(rel), t->reason_att - 1)->atttypid;
		args[nargs] = LaTypedDatum(rel, t->reason_att, text_to_cstring(PG_GETARG_TEXT_PP(3)));
		appendStringInfo(&sql, ", %s = $%d", ColumnName(rel, t->reason_att), ++nargs);
		if (t->note_att && !Generated(rel, t->note_att))
		{
			types[nargs] = TupleDescAttr(RelationGetDescr(rel), t->note_att - 1)->atttypid;
			if (PG_ARGISNULL(4))
			{
				args[nargs] = (Datum) 0;
				nulls[nargs] = 'n';
			}
			else
				args[nargs] = LaTypedDatum(rel, t->note_att, text_to_cstring(PG_GETARG_TEXT_PP(4)));
			appendStringInfo(&sql, ", %s = $%d", ColumnName(rel, t->note_att), ++nargs);
		}
	}
	if (t->evtime_att && !Generated(rel, t->evtime_att))
	{
		TimestampTz when = GetCurrentStatementStartTimestamp();
		/* the ledger keeps the key as its type prints it ('1' for 1.0 of a numeric key, ...) */
		char	   *canon = CanonicalKey(rel, t->key_att, args[1]);

		if (t->has_current)
		{
			LaCurrent	cur;

			la_current_read(t->id, canon, &cur);
			if (cur.found && DatumGetTimestampTz(cur.v[LA_C_LAST_EVENT_AT]) > when)
				when = DatumGetTimestampTz(cur.v[LA_C_LAST_EVENT_AT]);
		}
		else
		{
			LaLastEvent last;

			if (la_ledger_last_event(t->id, canon, &last) && last.when > when)
				when = last.when;
		}
		types[nargs] = TIMESTAMPTZOID;
		args[nargs] = TimestampTzGetDatum(when);
		appendStringInfo(&sql, ", %s = $%d", ColumnName(rel, t->evtime_att), ++nargs);
	}
	appendStringInfo(&sql, " WHERE %s %s $2", ColumnName(rel, t->key_att),
					 OperatorSql(KeyOperator(rel, t->key_att, TYPECACHE_EQ_OPR)));
	table_close(rel, AccessShareLock);

	PG_TRY();
	{
		LaMoveReason = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
		LaMoveNote = PG_ARGISNULL(4) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(4));
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute_with_args(sql.data, nargs, types, args, nulls, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "could not move the lead");
		n = SPI_processed;
		SPI_finish();
	}
	PG_FINALLY();
	{
		LaMoveReason = save_reason;
		LaMoveNote = save_note;
	}
	PG_END_TRY();
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("table %s has no lead with key %s", table_name, key),
				 errhint("Check the key; lead_align.lead_state lists the tracked leads.")));
	PG_RETURN_VOID();
}

/* Run reclassify's UPDATE with the derive trigger told to re-derive every row. */
static void
ReclassifyUpdate(const char *sql, Oid *types, Datum *args)
{
	bool		save = LaReclassifying;

	PG_TRY();
	{
		LaReclassifying = true;
		if (SPI_execute_with_args(sql, 1, types, args, NULL, false, 0) != SPI_OK_UPDATE_RETURNING)
			elog(ERROR, "could not update a batch");
	}
	PG_FINALLY();
	{
		LaReclassifying = save;
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
	track_id = LaTrackIdOf(relid);
	{
		Relation	rel = table_open(relid, AccessShareLock);
		Track	   *t = LaGetTrackFor(track_id, rel);
		char	   *tbl = QualifiedName(rel);
		char	   *k = ColumnName(rel, t->key_att);
		char	   *st = ColumnName(rel, t->stage_att);
		char	   *eq = OperatorSql(KeyOperator(rel, t->key_att, TYPECACHE_EQ_OPR));

		keytype = TupleDescAttr(RelationGetDescr(rel), t->key_att - 1)->atttypid;
		keybase = getBaseType(keytype);
		stagetype = TupleDescAttr(RelationGetDescr(rel), t->stage_att - 1)->atttypid;
		/*
		 * The whole row as t.*::<table>: a bare t would name a column called
		 * t rather than the row (and RowTuple would take that value for one).
		 */
		first_sql = psprintf("SELECT t.%s, t.*::%s FROM %s t ORDER BY t.%s LIMIT $1", k, tbl, tbl, k);
		next_sql = psprintf("SELECT t.%s, t.*::%s FROM %s t WHERE t.%s %s $2 ORDER BY t.%s LIMIT $1", k, tbl, tbl, k,
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
		t = LaGetTrackFor(track_id, rel);
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

