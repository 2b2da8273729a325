/*
 * track_trigger.c -- the C triggers that track a CRM table.
 *
 * Pipeline, per tracked table (each trigger's only argument is the track id):
 *   zz_lead_align_derive    BEFORE INSERT OR UPDATE FOR EACH ROW: derives only
 *                           (fit and interest from score rules, the temperature
 *                           from classification rules, the automatic handoff);
 *   zz_lead_align_record    AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW:
 *                           validates the final row against the agreement, the
 *                           teams and the reasons, and buffers ledger rows;
 *   zz_lead_align_flush     AFTER ... FOR EACH STATEMENT: writes the buffered
 *                           ledger rows (ledger.c; a large statement also
 *                           writes every few thousand rows as it goes);
 *   zz_lead_align_truncate  BEFORE TRUNCATE: refuses.
 *
 * The ledger buffer lives in TopTransactionContext; rows buffered inside a
 * subtransaction that aborts are dropped, so a failed statement leaves none.
 */
#include "la_track.h"
#include "la_policy.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/partition.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "nodes/bitmapset.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

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
	if (!la_handoff_holds(insert, from, old_stage, new_stage))
		return -1;
	return from;
}

/* The transaction ended: its handoffs went with TopTransactionContext. */
void
LaAutoXactEnd(void)
{
	AutoHandoffs = NULL;
}

/* Remove every handoff for which drop(entry, arg) holds. */
static void
AutoForgetWhere(bool (*drop) (const AutoEntry *e, int64 arg), int64 arg)
{
	HASH_SEQ_STATUS st;
	AutoEntry  *e;

	if (AutoHandoffs == NULL)
		return;
	hash_seq_init(&st, AutoHandoffs);
	while ((e = hash_seq_search(&st)) != NULL)
		if (drop(e, arg))
			hash_search(AutoHandoffs, &e->k, HASH_REMOVE, NULL);
}

/* made in subtransaction arg or one of its children */
static bool
AutoMadeInSubxact(const AutoEntry *e, int64 arg)
{
	return e->subxid >= (SubTransactionId) arg;
}

/* of track arg */
static bool
AutoOfTrack(const AutoEntry *e, int64 arg)
{
	return e->k.track_id == (int32) arg;
}

/* A subtransaction aborted: forget the handoffs it (or a child) made. */
void
LaAutoSubxactAbort(SubTransactionId subid)
{
	AutoForgetWhere(AutoMadeInSubxact, (int64) subid);
}

/* Forget every handoff of one track (the end of a statement on it). */
static void
AutoForgetTrack(int32 track_id)
{
	AutoForgetWhere(AutoOfTrack, (int64) track_id);
}

void
LaCheckProtocol(FunctionCallInfo fcinfo, const char *name, bool before, bool row)
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

/*
 * Did column att change in this update?  Compared on the trigger's slots,
 * which deform each row once for all the columns asked (heap_getattr walks
 * the row from its start for every column after a variable-width one).
 */
static bool
Changed(TriggerData *td, Relation rel, HeapTuple oldtup, HeapTuple newtup, AttrNumber att)
{
	if (td->tg_trigslot != NULL && td->tg_newslot != NULL)
		return LaSlotColumnChanged(td->tg_trigslot, td->tg_newslot, att);
	return LaColumnChanged(rel, oldtup, newtup, att);
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
	LaDerived		d;
	int			cols[4];
	Datum		vals[4];
	bool		nulls[4] = {false, false, false, false};
	int			n = 0;
	bool		isnull;
	bool		made = false;

	LaCheckProtocol(fcinfo, "derive_trigger", true, true);
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event) || TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("lead_align.derive_trigger() must be fired for INSERT or UPDATE")));
	rel = td->tg_relation;
	t = LaGetTrack(td);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		int			a = -1;
		bool		any = false;

		oldtup = td->tg_trigtuple;
		newtup = td->tg_newtuple;
		if (LaReclassifying)
			any = true;
		while (!any && (a = bms_next_member(t->watched, a)) >= 0)
			if (Changed(td, rel, oldtup, newtup, (AttrNumber) a))
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

	LaClassify(t, rel, newtup, NULL, &d);
	if (t->fit_att)
	{
		cols[n] = t->fit_att;
		vals[n++] = LaScoreDatum(rel, t->fit_att, d.fit);
	}
	if (t->interest_att)
	{
		cols[n] = t->interest_att;
		vals[n++] = LaScoreDatum(rel, t->interest_att, d.interest);
	}
	if (t->temp_att)
	{
		cols[n] = t->temp_att;
		vals[n++] = LaTypedDatum(rel, t->temp_att, la_temperature_name(d.temperature));
	}

	/*
	 * Automatic handoff, edge-triggered: a new or nurture lead becomes mql on
	 * insert, or when its temperature rises to the handoff temperature in
	 * this change, never when the statement itself set the stage.
	 */
	if (t->handoff_temp >= 0 && d.temperature >= t->handoff_temp && t->mode != MODE_BACKFILL)
	{
		int			stage = LaRowStage(t, rel, newtup);
		bool		edge;

		if (oldtup == NULL)
			edge = true;
		else
		{
			int			before = LaRowTemperature(t, rel, oldtup);

			if (t->temp_att == InvalidAttrNumber)
			{
				LaDerived		old;

				LaClassify(t, rel, oldtup, NULL, &old);
				before = old.temperature;
			}

			edge = before < t->handoff_temp && !Changed(td, rel, oldtup, newtup, t->stage_att);
		}
		if (edge && la_handoff_source(stage))
		{
			char	   *key = LaValueText(rel, newtup, t->key_att, &isnull);

			cols[n] = t->stage_att;
			if (t->stage_mapped)
			{
				if (t->stage_label[LA_STAGE_MQL] == NULL)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("no stage label of table \"%s\" maps to mql, so the automatic handoff cannot set it",
									t->table_name),
							 errhint("Map one, e.g. SELECT lead_align.map_stage('%s', 'MQL', 'mql');", t->table_name)));
				vals[n++] = LaTypedDatum(rel, t->stage_att, t->stage_label[LA_STAGE_MQL]);
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
		char	   *key = LaValueText(rel, newtup, t->key_att, &isnull);

		if (key)
			SetAuto(t, oldtup == NULL, key, -1);
	}
	if (n == 0)
		return PointerGetDatum(newtup);
	return PointerGetDatum(heap_modify_tuple_by_cols(newtup, RelationGetDescr(rel), n, cols, vals, nulls));
}

static char *
TsText(TimestampTz t)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(t)));
}

#define EXPLICIT_SLACK	((int64) 24 * 60 * 60 * USECS_PER_SEC)	/* see EventTime() */

/*
 * Did this change write the event-time column?  It did when the column is
 * in the UPDATE's (or ON CONFLICT DO UPDATE's) SET list, even with the value
 * it had (a CRM stamping times to the minute writes the same value for two
 * moves in one minute), or when its value changed (another BEFORE trigger
 * set it).  Under MERGE, whose tg_updatedcols is the union of all its UPDATE
 * actions, only a changed value counts.
 */
static bool
EventTimeWritten(Track *t, TriggerData *td, Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	if (oldtup == NULL)
		return true;
	if (Changed(td, rel, oldtup, newtup, t->evtime_att))
		return true;
	/* a generated column is in no SET list (versions differ in what they report for it) */
	if (TupleDescAttr(RelationGetDescr(rel), t->evtime_att - 1)->attgenerated != '\0')
		return false;
	return !la_in_merge() && td->tg_updatedcols != NULL &&
		bms_is_member(t->evtime_att - FirstLowInvalidHeapAttributeNumber, td->tg_updatedcols);
}

/*
 * The time of a change (DESIGN 4, "What the trigger sees").  Outside
 * backfill: the event-time column's value when this change wrote it
 * (explicit), else the statement's time; never before the lead's previous
 * event: an earlier explicit time is raised to it, and is an error only when
 * more than 24 hours earlier (a sign of a wrong mapping).  In backfill: the
 * column's value, NULL meaning the previous event's time; history must come
 * in time order.
 */
static TimestampTz
EventTime(Track *t, TriggerData *td, Relation rel, HeapTuple oldtup, HeapTuple newtup,
		  const char *key, const LaLastEvent *last)
{
	bool		isnull = true;
	Datum		d = (Datum) 0;
	TimestampTz when;
	bool		explicit_time = false;

	if (t->evtime_att)
		d = heap_getattr(newtup, t->evtime_att, RelationGetDescr(rel), &isnull);
	if (!isnull && TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("event time %s of lead \"%s\" is not finite", TsText(DatumGetTimestampTz(d)), key),
				 errdetail("The event-time column \"%s\" holds it.",
						   get_attname(RelationGetRelid(rel), t->evtime_att, false)),
				 errhint("Write the time the change happened, or NULL for the time of the statement.")));
	if (t->mode == MODE_BACKFILL)
	{
		if (!isnull)
		{
			when = DatumGetTimestampTz(d);
			if (last->found && when < last->when)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("event time %s of lead \"%s\" is earlier than its previous event at %s",
								TsText(when), key, TsText(last->when)),
						 errdetail("In backfill mode each lead's history must be loaded in time order."),
						 errhint("Load each lead's rows ordered by the event-time column.")));
			return when;
		}
		if (last->found)
			return last->when;
		return GetCurrentStatementStartTimestamp();
	}
	if (!isnull && EventTimeWritten(t, td, rel, oldtup, newtup))
	{
		when = DatumGetTimestampTz(d);
		explicit_time = true;
	}
	else
		when = GetCurrentStatementStartTimestamp();
	if (last->found && when < last->when)
	{
		if (explicit_time && last->when - when > EXPLICIT_SLACK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("event time %s of lead \"%s\" is more than 24 hours before its previous event at %s",
							TsText(when), key, TsText(last->when)),
					 errdetail("The event-time column \"%s\" went back in time.",
							   get_attname(RelationGetRelid(rel), t->evtime_att, false)),
					 errhint("Map event_time to a column the CRM refreshes on every write, or load history with mode => 'backfill'.")));
		when = last->when;
	}
	return when;
}

/* The key of a row as text; a tracked lead's key is never null. */
static char *
RowKey(Track *t, Relation rel, HeapTuple tup)
{
	bool		isnull;
	char	   *key = LaValueText(rel, tup, t->key_att, &isnull);

	if (key == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("the key of a tracked lead in table \"%s\" is null", t->table_name),
				 errhint("Give every lead a key, and keep the key column NOT NULL.")));
	return key;
}

/*
 * A touch: the touch column got a new, non-NULL value.  Its own time is the
 * value, clamped into [the current stay's start, the change's time].
 */
static bool
Touched(Track *t, Relation rel, HeapTuple oldtup, HeapTuple newtup, TimestampTz stay_start,
		TimestampTz when, TimestampTz *touched_at)
{
	bool		isnull;
	Datum		d;
	TimestampTz at;

	if (t->touch_att == InvalidAttrNumber)
		return false;
	d = heap_getattr(newtup, t->touch_att, RelationGetDescr(rel), &isnull);
	if (isnull || (oldtup != NULL && !LaColumnChanged(rel, oldtup, newtup, t->touch_att)))
		return false;
	at = DatumGetTimestampTz(d);
	if (at < stay_start)
		at = stay_start;
	if (at > when)
		at = when;
	*touched_at = at;
	return true;
}

/*
 * The temperature of the row before this change: the old row's temperature
 * column, else the lead's latest ledger row (a track without a temperature
 * column); when neither knows (a lead that predates track()), the old row
 * classified by the rules.
 */
static int
TemperatureBefore(Track *t, Relation rel, HeapTuple oldtup, const LaLastEvent *last)
{
	int			temp = -1;

	if (t->temp_att)
		temp = LaRowTemperature(t, rel, oldtup);
	else if (last->found)
		temp = last->temperature;
	if (temp < 0)
	{
		LaDerived	old;

		LaClassify(t, rel, oldtup, NULL, &old);
		temp = old.temperature;
	}
	return temp;
}

/*
 * The derived values of a row the derive trigger left alone (no column the
 * rules read changed: a touch or an owner change): the temperature it keeps
 * (its temperature column, else the lead's latest ledger row), with the rule
 * that set it as the ledger last recorded it.  The current rules are not
 * consulted: until the row is re-derived, it is what it was.
 */
static void
KeptValues(Track *t, Relation rel, HeapTuple newtup, const LaLastEvent *last, LaDerived *d)
{
	LaEvalOpts	written = {.scores_from_row = true};
	int			temp = -1;

	LaClassify(t, rel, newtup, &written, d);
	if (t->temp_att)
		temp = LaRowTemperature(t, rel, newtup);
	else if (last->found)
		temp = last->temperature;
	if (temp < 0)
		return;					/* never derived (a lead that predates track()): the rules' answer */
	d->temperature = temp;
	d->rule = (last->found && last->temperature == temp) ? last->rule : NULL;
}

/* Did a column the rules read (or the derive trigger writes) change? */
static bool
WatchedChanged(Track *t, TriggerData *td, Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	int			a = -1;

	if (LaReclassifying)
		return true;
	while ((a = bms_next_member(t->watched, a)) >= 0)
		if (Changed(td, rel, oldtup, newtup, (AttrNumber) a))
			return true;
	return false;
}

/*
 * A lead's previous event and current stay: its lead_current row (cur),
 * or, on a library newer than a 0.3 schema (no state table; cur is then
 * NULL), its ledger rows.
 */
static void
ReadLead(Track *t, const char *key, LaCurrent *cur, LaLastEvent *last)
{
	memset(last, 0, sizeof(*last));
	last->temperature = -1;
	if (cur == NULL)
	{
		(void) la_ledger_last_event(t->id, key, last);
		return;
	}
	la_current_read(t->id, key, cur);
	if (!cur->found)
		return;
	last->found = true;
	last->cycle = DatumGetInt32(cur->v[LA_C_CYCLE]);
	last->temperature = cur->n[LA_C_TEMP] ? -1 : DatumGetInt32(cur->v[LA_C_TEMP]);
	last->rule = cur->n[LA_C_RULE] ? NULL : TextDatumGetCString(cur->v[LA_C_RULE]);
	last->deleted = DatumGetBool(cur->v[LA_C_DELETED]);
	last->when = DatumGetTimestampTz(cur->v[LA_C_LAST_EVENT_AT]);
	last->stay_known = !last->deleted && !cur->n[LA_C_ENTERED_AT];
	if (last->stay_known)
		last->stay_start = DatumGetTimestampTz(cur->v[LA_C_ENTERED_AT]);
}

/* Write the lead's state once the change's rows are recorded. */
static void
WriteLead(LaCurrent *cur)
{
	if (cur != NULL)
		la_current_write(cur);
}

/* The ledger rows of a DELETE. */
static void
RecordDelete(Track *t, Relation rel, HeapTuple oldtup)
{
	char	   *key = RowKey(t, rel, oldtup);
	int			stage = LaRowStage(t, rel, oldtup);
	LaCurrent	curbuf;
	LaCurrent  *cur = t->has_current ? &curbuf : NULL;
	LaLastEvent last;
	TimestampTz when;
	LaDerived	d;

	ReadLead(t, key, cur, &last);
	when = GetCurrentStatementStartTimestamp();
	if (last.found && when < last.when)
		when = last.when;
	LaClassify(t, rel, oldtup, NULL, &d);
	LaRecordEvent(t, rel, oldtup, key, la_event_kind_names[LA_EVENT_DELETE], last.found ? last.cycle : 1,
				  stage, -1, &d, d.rule, NULL, when, false, 0, NULL, cur, true);
	WriteLead(cur);
}

/*
 * The ledger rows of an INSERT: create, a touch in the first stay (DESIGN
 * 4: the touch comes after the create row, in the first stay), then the
 * automatic handoff when there is one.  A key inserted again after a delete
 * continues at the next cycle.
 */
static void
RecordInsert(Track *t, TriggerData *td, Relation rel, HeapTuple newtup)
{
	char	   *key = RowKey(t, rel, newtup);
	int			stage = LaRowStage(t, rel, newtup);
	int			from_auto,
				first;
	Move		m;
	LaEvalOpts	written = {.scores_from_row = true};
	LaDerived	d;
	LaCurrent	curbuf;
	LaCurrent  *cur = t->has_current ? &curbuf : NULL;
	LaLastEvent last;
	TimestampTz when,
				touched_at;
	int32		cycle;

	ReadLead(t, key, cur, &last);
	cycle = last.found ? last.cycle + 1 : 1;
	when = EventTime(t, td, rel, NULL, newtup, key, &last);
	LaClassify(t, rel, newtup, &written, &d);
	from_auto = TakeAuto(t, true, key, -1, stage);
	/* the create row, then a touch in the first stay, then the automatic handoff */
	first = from_auto >= 0 ? from_auto : stage;
	LaCheckMove(t, rel, NULL, newtup, FROM_INSERT, first, &m);
	LaRecordEvent(t, rel, newtup, key, m.kind, cycle, -1, first, &d, d.rule, &m, when, true, 0, NULL,
				  cur, false);
	if (Touched(t, rel, NULL, newtup, when, when, &touched_at))
		LaRecordEvent(t, rel, newtup, key, la_event_kind_names[LA_EVENT_TOUCH], cycle, first, first, &d,
					  d.rule, NULL, when, false, 0, &touched_at, cur, false);
	if (from_auto >= 0)
		LaRecordEvent(t, rel, newtup, key, la_event_kind_names[LA_EVENT_HANDOFF], cycle, from_auto, stage, &d,
					  d.rule, NULL, when, true, 0, NULL, cur, true);
	WriteLead(cur);
}

/*
 * The ledger rows of an UPDATE, in this order: touch, reassign, the stage
 * move; a temperature row only when the temperature changed and the stage
 * did not.  So a touch made together with a reject belongs to the stay it
 * touched.  Every row carries the row's final values.
 */
static void
RecordUpdate(Track *t, TriggerData *td, Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	int			from = LaRowStage(t, rel, oldtup);
	int			to = LaRowStage(t, rel, newtup);
	bool		stage_changed = from != to;
	bool		touch_changed,
				reassigned,
				derived;
	char	   *key;
	LaCurrent	curbuf;
	LaCurrent  *cur = t->has_current ? &curbuf : NULL;
	LaLastEvent last;
	LaDerived	d;
	TimestampTz when,
				touched_at;
	int			temp_before = -1;
	bool		temp_changed = false;
	int32		cycle;

	if (Changed(td, rel, oldtup, newtup, t->key_att))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the key of a tracked lead in table \"%s\" cannot change", t->table_name),
				 errhint("Insert the lead under its new key and delete the old row.")));
	touch_changed = t->touch_att && Changed(td, rel, oldtup, newtup, t->touch_att) &&
		!heap_attisnull(newtup, t->touch_att, RelationGetDescr(rel));
	reassigned = Changed(td, rel, oldtup, newtup, t->owner_att);
	/* the derive trigger re-derived the row (the stage is a watched column too) */
	derived = stage_changed || WatchedChanged(t, td, rel, oldtup, newtup);
	if (!stage_changed && !touch_changed && !reassigned && !derived)
		return;

	key = RowKey(t, rel, newtup);
	ReadLead(t, key, cur, &last);
	if (derived)
		LaClassify(t, rel, newtup, NULL, &d);
	else
		KeptValues(t, rel, newtup, &last, &d);
	if (!stage_changed && derived)
	{
		temp_before = TemperatureBefore(t, rel, oldtup, &last);
		temp_changed = temp_before != d.temperature;
	}
	if (!stage_changed && !touch_changed && !reassigned && !temp_changed)
		return;
	when = EventTime(t, td, rel, oldtup, newtup, key, &last);
	cycle = last.found ? last.cycle : 1;

	if (touch_changed &&
		Touched(t, rel, oldtup, newtup, last.stay_known ? last.stay_start : when, when, &touched_at))
		LaRecordEvent(t, rel, newtup, key, la_event_kind_names[LA_EVENT_TOUCH], cycle,
					  from, from, &d, d.rule, NULL, when, false, 0, &touched_at, cur, false);
	if (reassigned)
		LaRecordEvent(t, rel, newtup, key, la_event_kind_names[LA_EVENT_REASSIGN], cycle,
					  from, from, &d, d.rule, NULL, when, false, 0, NULL, cur, false);
	if (stage_changed)
	{
		Move		m;
		int			from_auto = TakeAuto(t, false, key, from, to);
		int32		from_cycle = 0;

		if (from_auto >= 0)
		{
			memset(&m, 0, sizeof(m));
			m.kind = la_event_kind_names[LA_EVENT_HANDOFF];
		}
		else
			LaCheckMove(t, rel, oldtup, newtup, from, to, &m);
		if (la_enters_nurture_cycle(from, to))
		{
			from_cycle = cycle;
			cycle++;
		}
		LaRecordEvent(t, rel, newtup, key, m.kind, cycle, from, to, &d, d.rule, &m, when, true, from_cycle, NULL,
					  cur, true);
	}
	else if (temp_changed)
		LaRecordEvent(t, rel, newtup, key, la_event_kind_names[LA_EVENT_TEMPERATURE], cycle,
					  to, to, &d, d.rule, NULL, when, false, 0, NULL, cur, false);
	WriteLead(cur);
}

PG_FUNCTION_INFO_V1(la_record_trigger);
/* AFTER ROW: validate the final row and buffer its ledger rows. */
Datum
la_record_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	Track	   *t;

	LaCheckProtocol(fcinfo, "record_trigger", false, true);
	rel = td->tg_relation;
	t = LaGetTrack(td);
	if (!t->active)
		return PointerGetDatum(NULL);
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		RecordDelete(t, rel, td->tg_trigtuple);
	else if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		RecordInsert(t, td, rel, td->tg_trigtuple);
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		RecordUpdate(t, td, rel, td->tg_trigtuple, td->tg_newtuple);
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(la_flush_trigger);
/* AFTER STATEMENT: write the buffered ledger rows. */
Datum
la_flush_trigger(PG_FUNCTION_ARGS)
{
	LaCheckProtocol(fcinfo, "flush_trigger", false, false);
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

	LaCheckProtocol(fcinfo, "truncate_trigger", true, false);
	rel = td->tg_relation;
	if (td->tg_trigger->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" must have exactly one argument, the track id", td->tg_trigger->tgname)));
	id = (int32) strtol(td->tg_trigger->tgargs[0], &end, 10);
	tracked = (*end == '\0' && id > 0) ? LaActiveTrackRelid(id) : InvalidOid;
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

