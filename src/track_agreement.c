/*
 * track_agreement.c -- a move checked against the agreement (transitions,
 * teams, reasons and notes), and the ledger row of an event.
 */
#include "la_track.h"

#include "la_policy.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#define FLUSH_AT		4096	/* buffered ledger rows written before the statement ends */

/* The name of the current user, for the ledger's actor; a renamed role records its new name. */
static Oid	ActorOid = InvalidOid;
static NameData Actor;

void
LaActorCallback(Datum arg, int cacheid, uint32 hashvalue)
{
	ActorOid = InvalidOid;
}

/* The quadrant of a row's scores, NULL when the track has no score rules. */
const char *
LaQuadrant(Track *t, LaDerived *d)
{
	if (!t->has_scores)
		return NULL;
	return la_quadrant_name(la_quadrant_of(d->fit, d->interest, t->fit_threshold, t->interest_threshold));
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
		char	   *v = LaValueText(rel, tup, t->dim_atts[i], &isnull);
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

/* The longest dimension value the direct build takes; longer ones go through jsonb_in, which checks them. */
#define DIRECT_DIM_MAX	(1024 * 1024)

/*
 * The dimensions of a row as jsonb: what jsonb_in makes of DimensionsJson's
 * text, built directly when every value is null, a boolean or written as a
 * JSON string (the text of any type but the numbers and json), as the key
 * value pairs jsonb_in would push; otherwise through the text.
 */
static Datum
DimensionsJsonb(Track *t, Relation rel, HeapTuple tup)
{
	JsonbParseState *st = NULL;
	JsonbValue	k,
				v;
	JsonbValue *res;
	int			i;

	for (i = 0; i < t->ndims; i++)
	{
		Oid			typ = TupleDescAttr(RelationGetDescr(rel), t->dim_atts[i] - 1)->atttypid;

		if (typ == INT2OID || typ == INT4OID || typ == INT8OID || typ == NUMERICOID ||
			typ == FLOAT4OID || typ == FLOAT8OID || typ == JSONOID || typ == JSONBOID)
			return DirectFunctionCall1(jsonb_in, CStringGetDatum(DimensionsJson(t, rel, tup)));
	}
	(void) pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < t->ndims; i++)
	{
		bool		isnull;
		char	   *s = LaValueText(rel, tup, t->dim_atts[i], &isnull);

		k.type = jbvString;
		k.val.string.val = t->dim_names[i];
		k.val.string.len = (int) strlen(t->dim_names[i]);
		(void) pushJsonbValue(&st, WJB_KEY, &k);
		if (isnull)
			v.type = jbvNull;
		else if (TupleDescAttr(RelationGetDescr(rel), t->dim_atts[i] - 1)->atttypid == BOOLOID)
		{
			v.type = jbvBool;
			v.val.boolean = strcmp(s, "t") == 0;
		}
		else
		{
			size_t		len = strlen(s);

			if (len > DIRECT_DIM_MAX)
				return DirectFunctionCall1(jsonb_in, CStringGetDatum(DimensionsJson(t, rel, tup)));
			v.type = jbvString;
			v.val.string.val = s;
			v.val.string.len = (int) len;
		}
		(void) pushJsonbValue(&st, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	return JsonbPGetDatum(JsonbValueToJsonb(res));
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

/* Has the track reason codes of this kind? */
static bool
HasReasons(Track *t, const char *kind)
{
	int			i;

	for (i = 0; i < t->nreasons; i++)
		if (strcmp(t->reasons[i].kind, kind) == 0)
			return true;
	return false;
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
 * Check the reason (and note) of a move whose kind is m->kind, against the
 * track's reason codes: the verdict is the pure policy's, the message here.
 * given: the reason came with move() or the reason column, not from SET
 * LOCAL lead_align.reason, which is meant for every move of a transaction
 * that needs one and is not recorded on the others.  either: the move is a
 * reject or a recycle, as the reason's kind said.
 */
static void
CheckReason(Track *t, Move *m, int from, int to, bool required, bool given, bool either)
{
	la_reason_facts f;
	const Reason *r = m->reason ? FindReason(t, m->reason, m->kind) : NULL;

	f.required = required;
	f.has_reason = m->reason != NULL;
	f.given = given;
	f.known = r != NULL;
	f.kind_has_codes = HasReasons(t, m->kind);
	f.needs_note = r != NULL && r->needs_note;
	f.has_note = m->note != NULL;
	switch (la_reason_check(&f))
	{
		case LA_REASON_OK:
			break;
		case LA_REASON_DROP:
			m->reason = NULL;
			m->note = NULL;
			break;
		case LA_REASON_MISSING:
			Violation(t, m, ERRCODE_CHECK_VIOLATION,
					  psprintf("Give a reason (%s) with lead_align.move(..., reason => ...), the reason column or SET LOCAL lead_align.reason.",
							   either ?
							   psprintf("reject: %s; recycle: %s", ReasonList(t, "reject"), ReasonList(t, "recycle")) :
							   ReasonList(t, m->kind)),
					  "a move from %s to %s needs a reason", la_stage_name(from), la_stage_name(to));
			break;
		case LA_REASON_NOT_TAKEN:
			if (from == FROM_INSERT)
				Violation(t, m, ERRCODE_INVALID_PARAMETER_VALUE,
						  "Only moves that need a reason (reject, recycle, disqualify, lose, reopen) take one; leave the reason column empty on insert.",
						  "a new lead starting in %s takes no reason (got \"%s\")", la_stage_name(to), m->reason);
			else
				Violation(t, m, ERRCODE_INVALID_PARAMETER_VALUE,
						  psprintf("Moves of kind %s take no reason code; leave the reason out, or do not change the reason column with this move.", m->kind),
						  psprintf("a move from %s to %s takes no reason (got \"%%s\")", la_stage_name(from), la_stage_name(to)),
						  m->reason, NULL);
			break;
		case LA_REASON_UNKNOWN:
			Violation(t, m, ERRCODE_INVALID_PARAMETER_VALUE,
					  either ?
					  psprintf("Reasons to reject: %s; to recycle: %s.", ReasonList(t, "reject"), ReasonList(t, "recycle")) :
					  psprintf("Reasons for %s: %s.", m->kind, ReasonList(t, m->kind)),
					  "\"%s\" is not a reason code for %s", m->reason, either ? "reject or recycle" : m->kind);
			break;
		case LA_REASON_NEEDS_NOTE:
			Violation(t, m, ERRCODE_CHECK_VIOLATION,
					  "Add a note with lead_align.move(..., note => ...) or SET LOCAL lead_align.note.",
					  "reason \"%s\" of %s needs a note", m->reason, m->kind);
			break;
	}
}

/* A reason at hand for a move, and the note of the same source. */
typedef struct ReasonSource
{
	const char *reason;
	const char *note;
	bool		given;			/* by move() or a changed reason column: checked strictly */
} ReasonSource;

/* The text of a mapped column, NULL when unmapped, NULL or empty. */
static const char *
ColumnText(Relation rel, HeapTuple tup, AttrNumber att)
{
	bool		isnull;
	char	   *v;

	if (att == InvalidAttrNumber)
		return NULL;
	v = LaValueText(rel, tup, att, &isnull);
	return (v == NULL || v[0] == '\0') ? NULL : v;
}

/*
 * The reasons at hand, in order of precedence (DESIGN 4.2): move()'s; the
 * reason column's when this change altered it (or set it on insert); SET
 * LOCAL lead_align.reason; the reason column's unchanged value (a CRM that
 * saves "lost reason" first and the stage second, or gives the same code in
 * two cycles).  Each with the note of its own source (a reason column's is
 * the note column, or SET LOCAL lead_align.note on a track without one).
 */
static int
ReasonSources(Track *t, Relation rel, HeapTuple oldtup, HeapTuple newtup, ReasonSource *src)
{
	int			n = 0;
	const char *col = ColumnText(rel, newtup, t->reason_att);
	bool		col_changed = col != NULL &&
		(oldtup == NULL || LaColumnChanged(rel, oldtup, newtup, t->reason_att));

	const char *guc_note = LaGucNote && LaGucNote[0] ? LaGucNote : NULL;
	/* the column's note: the note column, or SET LOCAL lead_align.note when none is mapped */
	const char *col_note = t->note_att ? ColumnText(rel, newtup, t->note_att) : guc_note;

	if (LaMoveReason && LaMoveReason[0])
		src[n++] = (ReasonSource) {LaMoveReason, LaMoveNote && LaMoveNote[0] ? LaMoveNote : NULL, true};
	if (col_changed)
		src[n++] = (ReasonSource) {col, col_note, true};
	if (LaGucReason && LaGucReason[0])
		src[n++] = (ReasonSource) {LaGucReason, guc_note, false};
	if (col != NULL && !col_changed)
		src[n++] = (ReasonSource) {col, col_note, false};
	return n;
}

/* Is code a reason of the move's kind (reject or recycle when either)? */
static bool
OfKind(Track *t, const char *code, const char *kind, bool either)
{
	if (either)
		return FindReason(t, code, "reject") != NULL || FindReason(t, code, "recycle") != NULL;
	return FindReason(t, code, kind) != NULL;
}

/*
 * Check a move from 'from' (FROM_INSERT for an insert) to 'to' against the
 * agreement, the team's role and the reasons; fills m.  The reason is the
 * first source that is given (move() or a changed column: checked, an
 * unknown code is an error), else the first SET LOCAL or unchanged-column
 * code that is a code of this move's kind (others are ignored: a code is
 * taken by a move of its kind).
 */
void
LaCheckMove(Track *t, Relation rel, HeapTuple oldtup, HeapTuple newtup, int from, int to, Move *m)
{
	Transition *tr = &t->trans[from][to];
	ReasonSource src[4];
	int			nsrc;
	int			i;
	const ReasonSource *chosen = NULL;
	bool		either;

	m->kind = la_event_kind_names[from == FROM_INSERT ? LA_EVENT_CREATE : LA_EVENT_ADVANCE];
	m->reason = m->note = NULL;
	m->violation = false;

	nsrc = ReasonSources(t, rel, oldtup, newtup, src);
	either = tr->allowed && strcmp(tr->kind, "reject_or_recycle") == 0;
	for (i = 0; i < nsrc && chosen == NULL; i++)
		if (src[i].given ||
			(tr->allowed && OfKind(t, src[i].reason, tr->kind, either)))
			chosen = &src[i];
	if (chosen)
	{
		m->reason = chosen->reason;
		m->note = chosen->note;
	}

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
	/* mql -> nurture: a reject or a recycle, as the reason's kind says */
	if (either)
		m->kind = la_reject_or_recycle(m->reason != NULL,
									   m->reason != NULL && FindReason(t, m->reason, "reject") != NULL,
									   m->reason != NULL && FindReason(t, m->reason, "recycle") != NULL);
	if (t->mode == MODE_BACKFILL)
		return;
	if (OidIsValid(tr->role) && !has_privs_of_role(GetUserId(), tr->role))
		Violation(t, m, ERRCODE_INSUFFICIENT_PRIVILEGE,
				  psprintf("Only members of role \"%s\" make the moves of team %s.", GetUserNameFromId(tr->role, false), tr->team),
				  "user \"%s\" is not in team %s", GetUserNameFromId(GetUserId(), false), tr->team);
	CheckReason(t, m, from, to, tr->reason_required, chosen == NULL || chosen->given, either && tr->reason_required);
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

/*
 * The calendar of a stay in stage 'to' (DESIGN 4, Calendars): the lead's
 * calendar column when mapped and not NULL, else the calendar set for the
 * team that owns the stage on this track, else the track's.  A copy, in the
 * current memory context.
 */
static bytea *
StayCalendar(Track *t, Relation rel, HeapTuple tup, int to, const char **source)
{
	if (t->calendar_att)
	{
		bool		isnull;
		Datum		c = heap_getattr(tup, t->calendar_att, RelationGetDescr(rel), &isnull);

		if (!isnull)
		{
			*source = psprintf("the lead's calendar column \"%s\"",
							   get_attname(RelationGetRelid(rel), t->calendar_att, false));
			return DatumGetByteaPCopy(c);
		}
	}
	if (t->stage_calendar[to] != NULL)
	{
		*source = psprintf("team %s's calendar (lead_align.team_calendar)", la_team_name(la_stage_owner(to)));
		return DatumGetByteaPCopy(PointerGetDatum(t->stage_calendar[to]));
	}
	*source = "the track's calendar";
	return DatumGetByteaPCopy(PointerGetDatum(t->calendar));
}

/* What a due time was being computed for, for the context of its error. */
typedef struct DueContext
{
	const char *key;
	int			stage;
	const char *source;
} DueContext;

static void
DueErrorContext(void *arg)
{
	DueContext *c = (DueContext *) arg;

	errcontext("computing the SLA due time of lead \"%s\" entering %s, with %s",
			   c->key, la_stage_name(c->stage), c->source);
}

static Datum
TextIn(const char *s)
{
	return PointerGetDatum(cstring_to_text(s));
}

/* Copy a datum of lead_current into the ledger's context. */
static Datum
CurCopy(LaCurrent *cur, int c, bool byval, int len)
{
	return datumCopy(cur->v[c], byval, len);
}

/* Set column c of the lead's state (values live in the trigger's memory). */
#define CUR(c, x) (cur->v[LA_C_##c] = (x), cur->n[LA_C_##c] = false)
#define CUR_NULL(c) (cur->v[LA_C_##c] = (Datum) 0, cur->n[LA_C_##c] = true)

/* Business seconds in calendar cal from a to b. */
static int64
BusinessSeconds(Datum cal, TimestampTz a, TimestampTz b)
{
	int64_t		us;
	la_error	err;

	if (!la_business_elapsed(la_calendar_ctx(cal), a, b, &us, &err))
		la_report(&err);
	return us / USECS_PER_SEC;
}

/* Does cur hold the facts of the lead's lead-cycle (cycle_*)? */
static bool
CycleKnown(LaCurrent *cur)
{
	return !cur->n[LA_C_CYCLE] && !cur->n[LA_C_CYCLE_FIRST_ID];
}

static int
StageOf(LaCurrent *cur, int c)
{
	return cur->n[c] ? -1 : DatumGetInt32(cur->v[c]);
}

/*
 * The lead's next cycle begins with the row (kind, from, its reason): the
 * cycle cur holds has ended.  Write it to lead_align.lead_cycle with how it
 * ended: by this row when it is a move into nurture that ended it (then
 * from_cycle is its number), by the lead's delete when its latest row was
 * one, else not at all (NULL: the lead was re-created while untracked).
 */
static void
EndCycle(LaCurrent *cur, const char *kind, int kind_id, int from, int32 from_cycle, const char *reason)
{
	Datum		v[LA_CYCLE_NCOLS];
	bool		n[LA_CYCLE_NCOLS];
	bool		by_move = from_cycle > 0 && from_cycle == DatumGetInt32(cur->v[LA_C_CYCLE]);
	bool		rejected_by = by_move && la_cycle_rejected_by(kind_id, from);
	int			i;

	for (i = 0; i < LA_CYCLE_NCOLS; i++)
		n[i] = true;
#define CYC(c, x) (v[LA_Y_##c] = (x), n[LA_Y_##c] = false)
#define CYC_CUR(c, cc) (v[LA_Y_##c] = cur->v[LA_C_##cc], n[LA_Y_##c] = cur->n[LA_C_##cc])
	CYC_CUR(TRACK_ID, TRACK_ID);
	CYC_CUR(KEY, KEY);
	CYC_CUR(CYCLE, CYCLE);
	CYC_CUR(STARTED_ON, CYCLE_STARTED_ON);
	CYC_CUR(FIRST_ID, CYCLE_FIRST_ID);
	CYC_CUR(LAST_ID, LAST_ID);
	CYC_CUR(STAGE, CYCLE_STAGE);
	CYC_CUR(FURTHEST, CYCLE_FURTHEST);
	CYC_CUR(SALES_SOURCED, CYCLE_SALES_SOURCED);
	CYC_CUR(MQL_ID, CYCLE_MQL_ID);
	CYC_CUR(MQL_AT, CYCLE_MQL_AT);
	CYC_CUR(ACCEPTED, CYCLE_ACCEPTED);
	CYC(REJECTED, BoolGetDatum(rejected_by || DatumGetBool(cur->v[LA_C_CYCLE_DISQUALIFIED])));
	if (rejected_by)
	{
		if (reason)
			CYC(REJECT_REASON, CStringGetTextDatum(reason));
	}
	else
		CYC_CUR(REJECT_REASON, CYCLE_DQ_REASON);
	if (by_move)
		CYC(ENDED_BY, CStringGetTextDatum(kind));
	else if (!cur->n[LA_C_DELETED] && DatumGetBool(cur->v[LA_C_DELETED]))
		CYC(ENDED_BY, CStringGetTextDatum(la_event_kind_names[LA_EVENT_DELETE]));
	CYC_CUR(RULE, CYCLE_RULE);
	CYC_CUR(RULES_VERSION, CYCLE_RULES_VERSION);
	CYC_CUR(TEMP, CYCLE_TEMP);
	CYC_CUR(DIMS, CYCLE_DIMS);
#undef CYC
#undef CYC_CUR
	la_cycle_insert(v, n);
	cur->n[LA_C_CYCLE_FIRST_ID] = true;
}

/*
 * Carry a ledger row into the facts of the lead's cycle (cur's cycle_*
 * columns, la_cycle_step): the first row of a cycle begins them.
 */
static void
StepCycle(Track *t, LaCurrent *cur, int64 id, int kind_id, int from, int to, LaDerived *d,
		  const char *rule, Datum dims, TimestampTz when, const char *reason)
{
	la_cycle_facts f;
	int			take;

	if (!CycleKnown(cur))
	{
		la_cycle_begin(&f);
		CUR(CYCLE_FIRST_ID, Int64GetDatum(id));
		CUR(CYCLE_DIMS, dims);
		CUR_NULL(CYCLE_MQL_ID);
		CUR_NULL(CYCLE_MQL_AT);
		CUR_NULL(CYCLE_DQ_REASON);
	}
	else
	{
		f.furthest = StageOf(cur, LA_C_CYCLE_FURTHEST);
		f.stage = StageOf(cur, LA_C_CYCLE_STAGE);
		f.sales_sourced = DatumGetBool(cur->v[LA_C_CYCLE_SALES_SOURCED]);
		f.entered_mql = !cur->n[LA_C_CYCLE_MQL_ID];
		f.accepted = DatumGetBool(cur->v[LA_C_CYCLE_ACCEPTED]);
		f.disqualified = DatumGetBool(cur->v[LA_C_CYCLE_DISQUALIFIED]);
	}
	take = la_cycle_step(&f, kind_id, from, to);
	if (take & (LA_CYCLE_TAKE_MQL | LA_CYCLE_TAKE_LATEST))
	{
		if (rule)
			CUR(CYCLE_RULE, CStringGetTextDatum(rule));
		else
			CUR_NULL(CYCLE_RULE);
		CUR(CYCLE_RULES_VERSION, Int32GetDatum(t->rules_version));
		CUR(CYCLE_TEMP, Int32GetDatum(d->temperature));
	}
	if (take & LA_CYCLE_TAKE_MQL)
	{
		CUR(CYCLE_MQL_ID, Int64GetDatum(id));
		CUR(CYCLE_MQL_AT, TimestampTzGetDatum(when));
		CUR(CYCLE_DIMS, dims);
	}
	if (take & LA_CYCLE_TAKE_REASON)
	{
		if (reason)
			CUR(CYCLE_DQ_REASON, CStringGetTextDatum(reason));
		else
			CUR_NULL(CYCLE_DQ_REASON);
	}
	if (f.furthest >= 0)
		CUR(CYCLE_FURTHEST, Int32GetDatum(f.furthest));
	else
		CUR_NULL(CYCLE_FURTHEST);
	if (f.stage >= 0)
		CUR(CYCLE_STAGE, Int32GetDatum(f.stage));
	else
		CUR_NULL(CYCLE_STAGE);
	CUR(CYCLE_SALES_SOURCED, BoolGetDatum(f.sales_sourced));
	CUR(CYCLE_ACCEPTED, BoolGetDatum(f.accepted));
	CUR(CYCLE_DISQUALIFIED, BoolGetDatum(f.disqualified));
}

/*
 * Fill and buffer one ledger row (values allocated in the ledger's
 * context), and carry the event into cur, the lead's state (NULL on a
 * library newer than a 0.3 schema, which has none): a row that ends a stay
 * (ends) records the stay cur holds; a row that enters a stage (enters)
 * begins the next one.  The caller writes cur once the change's rows are
 * all recorded.
 */
void
LaRecordEvent(Track *t, Relation rel, HeapTuple tup, const char *key, const char *kind, int32 cycle,
			  int from, int to, LaDerived *d, const char *rule, Move *m, TimestampTz when, bool enters,
			  int32 from_cycle, const TimestampTz *touched_at, LaCurrent *cur, bool ends)
{
	bool		isnull;
	la_window	w;
	la_calctx  *cal;
	la_ledger_row *e;
	Datum	   *v;
	bool	   *nl;
	char	   *owner = LaValueText(rel, tup, t->owner_att, &isnull);
	/* parsed in the trigger's per-row context: jsonb_in leaves garbage */
	Datum		dims = DimensionsJsonb(t, rel, tup);
	int64_t		due;
	la_error	err;
	MemoryContext old;
	DueContext	due_ctx = {0};
	Datum		stay_cal = (Datum) 0;
	int32		stay_cal_id = 0,
				ended_cal_id = 0;
	DateADT		on = LaLocalDate(t->zone, when);
	int			kind_id = la_vocab_find(la_event_kind_names, LA_EVENT_KIND_COUNT, kind);
	bool		is_create = kind_id == LA_EVENT_CREATE;
	bool		is_delete = kind_id == LA_EVENT_DELETE;
	/* the lead is in a stay: read from its row, or begun by an earlier row of this change */
	bool		had_stay = cur != NULL && !cur->n[LA_C_ENTERED_AT] &&
		(cur->n[LA_C_DELETED] || !DatumGetBool(cur->v[LA_C_DELETED]));

	if (GetUserId() != ActorOid)
	{
		namestrcpy(&Actor, GetUserNameFromId(GetUserId(), false));
		ActorOid = GetUserId();
	}
	/* what may fail (a Citus ledger, a new stay calendar) comes before the row is buffered */
	if (enters && to >= 0)
	{
		stay_cal = PointerGetDatum(StayCalendar(t, rel, tup, to, &due_ctx.source));
		if (t->has_current)		/* a 0.3 schema has no lead_align.stay_calendar */
			stay_cal_id = la_stay_calendar_id(stay_cal);
	}
	if (ends && had_stay && !cur->n[LA_C_CALENDAR])
		ended_cal_id = la_stay_calendar_id(cur->v[LA_C_CALENDAR]);
	{
		int64		id = la_ledger_next_id();

		e = la_ledger_new();
		e->id = id;
	}
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
		SET(QUADRANT, TextIn(LaQuadrant(t, d)));
	}
	if (rule)
		SET(RULE, TextIn(rule));
	SET(RULES_VERSION, Int32GetDatum(t->rules_version));
	if (m && m->reason)
		SET(REASON, TextIn(m->reason));
	if (m && m->note)
		SET(NOTE, TextIn(m->note));
	SET(ACTOR, TextIn(NameStr(Actor)));
	if (LaAppUser && LaAppUser[0])
		SET(APP_USER, TextIn(LaAppUser));
	if (owner)
		SET(OWNER, TextIn(owner));
	SET(EVENT_TIME, TimestampTzGetDatum(when));
	SET(VIOLATION, BoolGetDatum(m && m->violation));
	SET(DIMS, datumCopy(dims, false, -1));
	if (from_cycle > 0)
		SET(FROM_CYCLE, Int32GetDatum(from_cycle));
	if (touched_at)
		SET(TOUCHED_AT, TimestampTzGetDatum(*touched_at));
	SET(EVENT_ON, DateADTGetDatum(on));
	if (cur != NULL)
	{
		/* a new lead-cycle begins: the one the lead was in has ended */
		if (CycleKnown(cur) && DatumGetInt32(cur->v[LA_C_CYCLE]) != cycle)
			EndCycle(cur, kind, kind_id, from, from_cycle, m ? m->reason : NULL);
		/* the lead-cycle begins with a create, or with a move that starts a cycle */
		if (is_create || from_cycle > 0)
		{
			cur->v[LA_C_CYCLE_STARTED_ON] = DateADTGetDatum(on);
			cur->n[LA_C_CYCLE_STARTED_ON] = false;
		}
		if (!cur->n[LA_C_CYCLE_STARTED_ON])
			SET(CYCLE_STARTED_ON, cur->v[LA_C_CYCLE_STARTED_ON]);
		/* the stay this row ends, so that no view looks back in the ledger */
		if (ends && had_stay)
		{
			TimestampTz entered = DatumGetTimestampTz(cur->v[LA_C_ENTERED_AT]);

			SET(ENTERED_AT, cur->v[LA_C_ENTERED_AT]);
			if (!cur->n[LA_C_ENTERED_ON])
				SET(ENTERED_ON, cur->v[LA_C_ENTERED_ON]);
			if (!cur->n[LA_C_ENTERED_ID])
				SET(ENTERED_ID, cur->v[LA_C_ENTERED_ID]);
			SET(STAY_CYCLE, cur->v[LA_C_CYCLE]);
			if (!cur->n[LA_C_STAY_TEMP])
				SET(STAY_TEMP, cur->v[LA_C_STAY_TEMP]);
			if (!cur->n[LA_C_STAY_RULE])
				SET(STAY_RULE, CurCopy(cur, LA_C_STAY_RULE, false, -1));
			if (!cur->n[LA_C_STAY_RULES_VERSION])
				SET(STAY_RULES_VERSION, cur->v[LA_C_STAY_RULES_VERSION]);
			if (!cur->n[LA_C_STAY_DIMS])
				SET(STAY_DIMS, CurCopy(cur, LA_C_STAY_DIMS, false, -1));
			if (!cur->n[LA_C_DUE])
				SET(STAY_DUE, cur->v[LA_C_DUE]);
			if (!cur->n[LA_C_TOUCH_DUE])
				SET(STAY_TOUCH_DUE, cur->v[LA_C_TOUCH_DUE]);
			if (!cur->n[LA_C_CALENDAR])
			{
				SET(STAY_CALENDAR_ID, Int32GetDatum(ended_cal_id));
				SET(EXIT_SECONDS, Int64GetDatum(BusinessSeconds(cur->v[LA_C_CALENDAR], entered, when)));
				if (!cur->n[LA_C_TOUCHED_AT])
					SET(TOUCH_SECONDS, Int64GetDatum(BusinessSeconds(cur->v[LA_C_CALENDAR], entered,
																	 DatumGetTimestampTz(cur->v[LA_C_TOUCHED_AT]))));
			}
			if (!cur->n[LA_C_TOUCHED_AT])
				SET(FIRST_TOUCH, cur->v[LA_C_TOUCHED_AT]);
		}
	}
	MemoryContextSwitchTo(old);
	if (enters && to >= 0)
	{
		ErrorContextCallback errcb;

		due_ctx.key = key;
		due_ctx.stage = to;
		errcb.callback = DueErrorContext;
		errcb.arg = &due_ctx;
		errcb.previous = error_context_stack;
		error_context_stack = &errcb;
		cal = NULL;
		if (SlaFor(t, to, d->temperature, LA_SLA_EXIT, &w))
		{
			cal = la_calendar_ctx(stay_cal);
			if (!la_business_add(cal, when, &w, &due, &err))
				la_report(&err);
			SET(WINDOW, Int64GetDatum(la_window_pack(&w)));
			SET(DUE, TimestampTzGetDatum(due));
		}
		if (SlaFor(t, to, d->temperature, LA_SLA_TOUCH, &w))
		{
			if (cal == NULL)
				cal = la_calendar_ctx(stay_cal);
			if (!la_business_add(cal, when, &w, &due, &err))
				la_report(&err);
			SET(TOUCH_DUE, TimestampTzGetDatum(due));
		}
		error_context_stack = errcb.previous;
		if (stay_cal_id > 0)
			SET(CALENDAR_ID, Int32GetDatum(stay_cal_id));
	}
#undef SET
	if (cur != NULL)
	{
		if (enters && to >= 0)
		{
			/* the next stay begins */
			CUR(STAGE, Int32GetDatum(to));
			CUR(DELETED, BoolGetDatum(false));
			CUR(ENTERED_AT, TimestampTzGetDatum(when));
			CUR(ENTERED_ON, DateADTGetDatum(on));
			CUR(ENTERED_ID, Int64GetDatum(e->id));
			CUR(STAY_TEMP, Int32GetDatum(d->temperature));
			if (rule)
				CUR(STAY_RULE, CStringGetTextDatum(rule));
			else
				CUR_NULL(STAY_RULE);
			CUR(STAY_RULES_VERSION, Int32GetDatum(t->rules_version));
			CUR(STAY_DIMS, dims);
			cur->v[LA_C_DUE] = v[LA_L_DUE];
			cur->n[LA_C_DUE] = nl[LA_L_DUE];
			cur->v[LA_C_TOUCH_DUE] = v[LA_L_TOUCH_DUE];
			cur->n[LA_C_TOUCH_DUE] = nl[LA_L_TOUCH_DUE];
			CUR_NULL(TOUCHED_AT);
			CUR(CALENDAR, datumCopy(stay_cal, false, -1));	/* the ledger's copy may be flushed */
		}
		else if (!had_stay)
		{
			/*
			 * A lead that predates track() (or whose row was forgotten): its
			 * stay in the stage it is in begins with the first event the
			 * trigger sees, with no SLA (its real start is unknown); a
			 * delete ends it at once.
			 */
			const char *ignored;

			CUR(STAGE, Int32GetDatum(from >= 0 ? from : to));
			CUR(DELETED, BoolGetDatum(false));
			CUR(ENTERED_AT, TimestampTzGetDatum(when));
			CUR(ENTERED_ON, DateADTGetDatum(on));
			CUR(ENTERED_ID, Int64GetDatum(e->id));
			CUR(STAY_TEMP, Int32GetDatum(d->temperature));
			if (rule)
				CUR(STAY_RULE, CStringGetTextDatum(rule));
			else
				CUR_NULL(STAY_RULE);
			CUR(STAY_RULES_VERSION, Int32GetDatum(t->rules_version));
			CUR(STAY_DIMS, dims);
			CUR_NULL(DUE);
			CUR_NULL(TOUCH_DUE);
			CUR_NULL(TOUCHED_AT);
			CUR(CALENDAR, PointerGetDatum(StayCalendar(t, rel, tup, from >= 0 ? from : to, &ignored)));
			if (cur->n[LA_C_CYCLE_STARTED_ON])
				CUR(CYCLE_STARTED_ON, DateADTGetDatum(on));
		}
		/* the first touch of the stay */
		if (touched_at && cur->n[LA_C_TOUCHED_AT])
			CUR(TOUCHED_AT, TimestampTzGetDatum(*touched_at));
		if (is_delete)
			CUR(DELETED, BoolGetDatum(true));
		StepCycle(t, cur, e->id, kind_id, from, to, d, rule, dims, when, m ? m->reason : NULL);
		CUR(TRACK_ID, Int32GetDatum(t->id));
		CUR(KEY, CStringGetTextDatum(key));
		CUR(CYCLE, Int32GetDatum(cycle));
		if (owner)
			CUR(OWNER, CStringGetTextDatum(owner));
		else
			CUR_NULL(OWNER);
		CUR(TEMP, Int32GetDatum(d->temperature));
		if (rule)
			CUR(RULE, CStringGetTextDatum(rule));
		else
			CUR_NULL(RULE);
		CUR(LAST_EVENT_AT, TimestampTzGetDatum(when));
		CUR(LAST_ID, Int64GetDatum(e->id));
	}
	if (la_ledger_pending() >= FLUSH_AT)
		la_ledger_flush();
}
