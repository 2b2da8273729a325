/*
 * la_policy.c -- the agreement's pure policy (see la_policy.h).
 */
#include "la_policy.h"

#include <stddef.h>

static const char *const quadrant_names[] = {
	"good_fit_high_interest", "good_fit_low_interest",
	"bad_fit_high_interest", "bad_fit_low_interest"
};

la_quadrant
la_quadrant_of(int32_t fit, int32_t interest, double fit_threshold, double interest_threshold)
{
	bool		high = interest >= interest_threshold;

	if (fit >= fit_threshold)
		return high ? LA_Q_GOOD_FIT_HIGH_INTEREST : LA_Q_GOOD_FIT_LOW_INTEREST;
	return high ? LA_Q_BAD_FIT_HIGH_INTEREST : LA_Q_BAD_FIT_LOW_INTEREST;
}

const char *
la_quadrant_name(la_quadrant q)
{
	if ((int) q < 0 || (int) q >= (int) (sizeof(quadrant_names) / sizeof(quadrant_names[0])))
		return NULL;
	return quadrant_names[q];
}

bool
la_enters_nurture_cycle(int from, int to)
{
	return to == LA_STAGE_NURTURE &&
		(from == LA_STAGE_MQL || from == LA_STAGE_SAL || from == LA_STAGE_SQL ||
		 from == LA_STAGE_OPPORTUNITY || from == LA_STAGE_LOST || from == LA_STAGE_DISQUALIFIED);
}

void
la_cycle_begin(la_cycle_facts *f)
{
	f->furthest = -1;
	f->stage = -1;
	f->sales_sourced = false;
	f->entered_mql = false;
	f->accepted = false;
	f->disqualified = false;
}

int
la_cycle_step(la_cycle_facts *f, int kind, int from, int to)
{
	bool		stage_event = kind >= 0 && kind < LA_STAGE_EVENT_COUNT;
	int			take = 0;

	f->stage = to >= 0 ? to : from;
	if (kind == LA_EVENT_CREATE && to > LA_STAGE_MQL && to <= LA_STAGE_WON)
		f->sales_sourced = true;
	if (stage_event && to >= LA_STAGE_MQL && to <= LA_STAGE_WON && to > f->furthest)
		f->furthest = to;
	if (stage_event && to == LA_STAGE_MQL && !f->entered_mql)
	{
		f->entered_mql = true;
		take |= LA_CYCLE_TAKE_MQL;
	}
	else if (!f->entered_mql)
		take |= LA_CYCLE_TAKE_LATEST;
	if (kind == LA_EVENT_ACCEPT && from == LA_STAGE_MQL)
		f->accepted = true;
	if (kind == LA_EVENT_DISQUALIFY && from == LA_STAGE_MQL && !f->disqualified)
	{
		f->disqualified = true;
		take |= LA_CYCLE_TAKE_REASON;
	}
	return take;
}

bool
la_cycle_rejected_by(int kind, int from)
{
	return kind == LA_EVENT_REJECT && from == LA_STAGE_MQL;
}

const char *
la_reject_or_recycle(bool has_reason, bool is_reject_code, bool is_recycle_code)
{
	return (!has_reason || is_reject_code || !is_recycle_code) ? "reject" : "recycle";
}

bool
la_handoff_source(int stage)
{
	return stage == LA_STAGE_NEW || stage == LA_STAGE_NURTURE;
}

bool
la_handoff_holds(bool insert, int from, int old_stage, int new_stage)
{
	return new_stage == LA_STAGE_MQL && la_handoff_source(from) && (insert || old_stage == from);
}

la_reason_verdict
la_reason_check(const la_reason_facts *f)
{
	if (!f->has_reason)
		return f->required ? LA_REASON_MISSING : LA_REASON_OK;
	if (!f->known)
	{
		if (f->required)
			return LA_REASON_UNKNOWN;
		if (!f->given)
			return LA_REASON_DROP;
		return f->kind_has_codes ? LA_REASON_UNKNOWN : LA_REASON_NOT_TAKEN;
	}
	if (f->needs_note && !f->has_note)
		return LA_REASON_NEEDS_NOTE;
	return LA_REASON_OK;
}
