/*
 * track_eval.c -- reading a tracked row and evaluating the rules on it.
 *
 * One evaluator (LaClassify) serves the derive and record triggers, explain
 * and preview_rule: score rules first, then the classification rules in
 * priority order, as the table's owner in restricted mode.
 */
#include "la_track.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

int
LaTempFromText(const char *s)
{
	la_temperature t;
	la_error	err;

	if (!la_temperature_parse(s, &t, &err))
		la_report(&err);
	return (int) t;
}


char *
LaValueText(Relation rel, HeapTuple tup, AttrNumber att, bool *isnull)
{
	Datum		d;
	Oid			typ,
				typoutput;
	bool		varlena;

	if (att == InvalidAttrNumber)
	{
		*isnull = true;
		return NULL;
	}
	d = heap_getattr(tup, att, RelationGetDescr(rel), isnull);
	if (*isnull)
		return NULL;
	typ = TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid;
	/* what textout, varcharout and bpcharout return, without a type lookup per value */
	if (typ == TEXTOID || typ == VARCHAROID || typ == BPCHAROID)
		return TextDatumGetCString(d);
	getTypeOutputInfo(typ, &typoutput, &varlena);
	return OidOutputFunctionCall(typoutput, d);
}

/* The stage of a row, through the label map for text and enum columns. */
int
LaRowStage(Track *t, Relation rel, HeapTuple tup)
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
	s = LaValueText(rel, tup, t->stage_att, &isnull);
	if (isnull)
		goto null_stage;
	for (i = 0; i < t->nlabels; i++)
		if (strcmp(t->labels[i], s) == 0)
			return t->label_stage[i];
	{
		/* suggest the stage the label names when it is an alias ('Closed Won'), else a placeholder */
		la_stage	guess;
		la_error	err;

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stage label \"%s\" of table \"%s\" has no mapping", s, t->table_name),
				 errhint("Map it first, e.g. SELECT lead_align.map_stage('%s', '%s', '%s');", t->table_name, s,
						 la_stage_parse(s, &guess, &err) ? la_stage_name(guess) : "<stage>")));
	}
null_stage:
	ereport(ERROR,
			(errcode(ERRCODE_NOT_NULL_VIOLATION),
			 errmsg("stage of a tracked lead in table \"%s\" is null", t->table_name),
			 errhint("Give every lead a stage, e.g. 'new'.")));
	return -1;
}

bool
LaColumnChanged(Relation rel, HeapTuple a, HeapTuple b, AttrNumber att)
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

/* LaColumnChanged on two slots of the same row type. */
bool
LaSlotColumnChanged(TupleTableSlot *a, TupleTableSlot *b, AttrNumber att)
{
	bool		na,
				nb;
	Datum		da,
				db;
	Form_pg_attribute attr;

	if (att == InvalidAttrNumber)
		return false;
	da = slot_getattr(a, att, &na);
	db = slot_getattr(b, att, &nb);
	if (na || nb)
		return na != nb;
	attr = TupleDescAttr(a->tts_tupleDescriptor, att - 1);
	return !datumIsEqual(da, db, attr->attbyval, attr->attlen);
}

/* ---------- the evaluator ---------- */

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
		vals[n++] = LaScoreDatum(rel, t->fit_att, fit);
	}
	if (t->interest_att)
	{
		cols[n] = t->interest_att;
		vals[n++] = LaScoreDatum(rel, t->interest_att, interest);
	}
	if (n == 0)
		return tup;
	return heap_modify_tuple_by_cols(tup, RelationGetDescr(rel), n, cols, vals, nulls);
}

/*
 * The scores the derive trigger has just written into a row, when both
 * score columns are mapped, int4 and set: then no score rule is evaluated a
 * second time.
 */
static bool
WrittenScores(Track *t, Relation rel, HeapTuple tup, int32 *fit, int32 *interest)
{
	TupleDesc	desc = RelationGetDescr(rel);
	bool		fnull,
				inull;
	Datum		fd,
				id;

	if (!t->has_scores || !t->fit_att || !t->interest_att)
		return false;
	fd = heap_getattr(tup, t->fit_att, desc, &fnull);
	id = heap_getattr(tup, t->interest_att, desc, &inull);
	if (fnull || inull ||
		TupleDescAttr(desc, t->fit_att - 1)->atttypid != INT4OID ||
		TupleDescAttr(desc, t->interest_att - 1)->atttypid != INT4OID)
		return false;
	*fit = DatumGetInt32(fd);
	*interest = DatumGetInt32(id);
	return true;
}

/* Evaluate one compiled predicate on the row in t->slot. */
static bool
Matches(Track *t, ExprState *state)
{
	bool		isnull;
	Datum		v = ExecEvalExprSwitchContext(state, t->econtext, &isnull);

	return !isnull && DatumGetBool(v);
}

/*
 * The extra rule of preview_rule runs as its author (the caller) in
 * restricted mode, never as the table's owner: leave the owner's identity
 * around it.
 */
static bool
ExtraMatches(Track *t, const LaEvalOpts *o, LaRunAs *owner_as)
{
	LaRunAs		as;
	bool		m;

	la_run_as_end(owner_as);
	la_run_as_begin(&as, o->extra_user, SECURITY_RESTRICTED_OPERATION, o->extra_pin);
	m = Matches(t, o->extra->state);
	la_run_as_end(&as);
	la_run_as_begin(owner_as, t->rule_owner, SECURITY_RESTRICTED_OPERATION, t->needs_pin);
	return m;
}

/*
 * Evaluate the rules on a row, as the table's owner in restricted mode: the
 * score rules add up fit and interest, then the classification rules see
 * those scores (through lead_align.fit()/.interest() and in the score
 * columns) and the first that holds gives the temperature.  Options:
 * scores_from_row takes the scores the derive trigger wrote instead of
 * evaluating the score rules again; matched (nrules entries) asks for every
 * rule to be evaluated and its outcome recorded (explain); extra inserts a
 * rule at position extra_pos, whose verdict goes to out->with_extra
 * (preview_rule), evaluated only where it would be reached.
 */
static void Guarded(Track *t, Relation rel, HeapTuple tup, const LaEvalOpts *o, LaDerived *out,
					bool from_row, bool extra_done);
static void Classify(Track *t, Relation rel, HeapTuple tup, const LaEvalOpts *o, LaDerived *out,
					 bool from_row, bool extra_done);

void
LaClassify(Track *t, Relation rel, HeapTuple tup, const LaEvalOpts *opts, LaDerived *out)
{
	static const LaEvalOpts none;
	const LaEvalOpts *const o = opts != NULL ? opts : &none;
	bool		from_row;
	bool		extra_done;

	out->fit = out->interest = 0;
	out->temperature = LA_TEMP_COLD;
	out->rule = NULL;
	out->with_extra = -1;
	from_row = o->scores_from_row && WrittenScores(t, rel, tup, &out->fit, &out->interest);
	extra_done = o->extra == NULL;
	if (t->nrules == 0 && extra_done)
		return;

	/*
	 * A rule that writes to the tracked table (through a function it calls)
	 * would classify a row with this track's slot and expression context
	 * while they hold the row being classified: refused.
	 */
	if (t->classifying)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("a function called by a rule of the track on %s wrote to %s while the rules were being evaluated",
						t->table_name, t->table_name),
				 errhint("Rules are predicates: a function a rule calls must not write to the tracked table.")));
	Guarded(t, rel, tup, o, out, from_row, extra_done);
}

/* Classify with t marked as classifying, and the score globals kept for an outer classification. */
static void
Guarded(Track *t, Relation rel, HeapTuple tup, const LaEvalOpts *o, LaDerived *out,
		bool from_row, bool extra_done)
{
	bool	   *volatile flag = &t->classifying;
	bool		saved_valid = la_scores_valid;
	int32		saved_fit = la_score_fit;
	int32		saved_interest = la_score_interest;

	*flag = true;
	PG_TRY();
	{
		Classify(t, rel, tup, o, out, from_row, extra_done);
	}
	PG_FINALLY();
	{
		*flag = false;
		/* a classification of another track's row, nested in a rule, leaves this one's scores */
		la_scores_valid = saved_valid;
		la_score_fit = saved_fit;
		la_score_interest = saved_interest;
	}
	PG_END_TRY();
}

/* The rules' loop of LaClassify, with t marked as classifying. */
static void
Classify(Track *t, Relation rel, HeapTuple tup, const LaEvalOpts *o, LaDerived *out,
		 bool from_row, bool extra_done)
{
	LaRunAs		as;
	int			i;
	bool		classifying = false;

	la_run_as_begin(&as, t->rule_owner, SECURITY_RESTRICTED_OPERATION, t->needs_pin);

	/*
	 * A row stored before a column was added with ALTER TABLE ... ADD COLUMN
	 * ... DEFAULT lacks it: the rules see the default, as any query does
	 * (the track's slot has the columns but not the relation's stored
	 * defaults, since partitions sharing a track may differ in them).
	 */
	if (HeapTupleHeaderGetNatts(tup->t_data) < RelationGetDescr(rel)->natts)
	{
		MemoryContext old = MemoryContextSwitchTo(t->econtext->ecxt_per_tuple_memory);

		tup = heap_expand_tuple(tup, RelationGetDescr(rel));
		MemoryContextSwitchTo(old);
	}
	ExecStoreHeapTuple(tup, t->slot, false);
	t->econtext->ecxt_scantuple = t->slot;
	la_scores_valid = false;
	for (i = 0; i <= t->nrules; i++)
	{
		Rule	   *r = i < t->nrules ? &t->rules[i] : NULL;
		bool		m;

		if (r != NULL && r->kind != LA_RULE_TEMPERATURE && from_row)
			continue;
		if (!classifying && (r != NULL ? r->kind == LA_RULE_TEMPERATURE : !extra_done))
		{
			/* classification sees the scores in the score columns too */
			la_score_fit = out->fit;
			la_score_interest = out->interest;
			la_scores_valid = true;
			classifying = true;
			if (!from_row && t->has_scores && (t->fit_att || t->interest_att))
			{
				ExecClearTuple(t->slot);
				ExecStoreHeapTuple(ScoredTuple(t, rel, tup, out->fit, out->interest), t->slot, false);
			}
		}
		if (!extra_done && out->rule == NULL &&
			(i == o->extra_pos || (r == NULL && o->extra_pos >= t->nrules)))
		{
			extra_done = true;
			if (ExtraMatches(t, o, &as))
				out->with_extra = o->extra->temperature;
		}
		if (r == NULL)
			break;
		m = Matches(t, r->state);
		if (o->matched)
			o->matched[i] = m;
		if (!m)
			continue;
		if (r->kind == LA_RULE_FIT)
			out->fit += r->points;
		else if (r->kind == LA_RULE_INTEREST)
			out->interest += r->points;
		else if (out->rule == NULL)
		{
			out->temperature = r->temperature;
			out->rule = r->name;
			if (out->with_extra < 0)
				out->with_extra = r->temperature;
			if (o->matched == NULL)
				break;
		}
	}
	if (out->with_extra < 0)
		out->with_extra = out->temperature;
	la_scores_valid = false;
	ResetExprContext(t->econtext);
	ExecClearTuple(t->slot);
	la_run_as_end(&as);
}
Datum
LaScoreDatum(Relation rel, AttrNumber att, int32 v)
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

Datum
LaTypedDatum(Relation rel, AttrNumber att, const char *s)
{
	Oid			typ = TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypid;
	Oid			typinput,
				typioparam;

	getTypeInputInfo(typ, &typinput, &typioparam);
	return OidInputFunctionCall(typinput, (char *) s, typioparam,
								TupleDescAttr(RelationGetDescr(rel), att - 1)->atttypmod);
}

int
LaRowTemperature(Track *t, Relation rel, HeapTuple tup)
{
	bool		isnull;
	char	   *s;

	if (t->temp_att == InvalidAttrNumber)
		return -1;
	s = LaValueText(rel, tup, t->temp_att, &isnull);
	if (isnull)
		return -1;
	return LaTempFromText(s);
}
