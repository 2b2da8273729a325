/*
 * la_policy.h -- the agreement's pure policy (pure C, no server calls): the
 * quadrant of a lead's scores, which moves start a new cycle, whether a move
 * of kind reject_or_recycle is a reject or a recycle, the automatic
 * handoff's stages, and what a move's reason must be.  The server code
 * (track_agreement.c, track_trigger.c) asks these functions and turns their
 * verdicts into errors or ledger rows; the unit tests and the fuzzer call
 * them directly.
 */
#ifndef LA_POLICY_H
#define LA_POLICY_H

#include "la_stage.h"
#include "la_vocab.h"

/* ---------- the quadrant of fit and interest ---------- */

typedef enum la_quadrant
{
	LA_Q_GOOD_FIT_HIGH_INTEREST = 0,
	LA_Q_GOOD_FIT_LOW_INTEREST = 1,
	LA_Q_BAD_FIT_HIGH_INTEREST = 2,
	LA_Q_BAD_FIT_LOW_INTEREST = 3
} la_quadrant;

/* A score at or above its threshold is good (fit) or high (interest). */
extern la_quadrant la_quadrant_of(int32_t fit, int32_t interest,
								  double fit_threshold, double interest_threshold);
/* "good_fit_high_interest", ...; NULL for an invalid value */
extern const char *la_quadrant_name(la_quadrant q);

/* ---------- cycles ---------- */

/*
 * Does a move from 'from' to 'to' start the lead's next cycle?  A lead sent
 * back to nurture from anywhere past marketing (or from an end stage) is
 * recycled: its next qualification is a new cycle.  new -> nurture is not.
 */
extern bool la_enters_nurture_cycle(int from, int to);

/*
 * The facts of a lead-cycle that the shared numbers count (DESIGN 5.2),
 * kept row by row as the trigger records the cycle's ledger rows in id
 * order; the same definitions as lead_align._cycles() computes from the
 * ledger (src/sql/85_migrate.sql).  Stages are la_stage values, -1 none;
 * kinds are la_event_kind values.
 */
typedef struct la_cycle_facts
{
	int			furthest;		/* the furthest of mql..won a stage event entered */
	int			stage;			/* the latest row's stage: the one it entered, else the one it was in */
	bool		sales_sourced;	/* its create entered a stage after mql, up to won */
	bool		entered_mql;	/* a stage event entered mql */
	bool		accepted;		/* an mql stay was left by accept */
	bool		disqualified;	/* an mql stay was left by disqualify */
} la_cycle_facts;

/* What a row gives the cycle besides the facts above (la_cycle_step's answer). */
#define LA_CYCLE_TAKE_MQL		0x01	/* it began the cycle's first mql stay: its id, time, rule,
										 * rules version, temperature and dimensions are the cycle's */
#define LA_CYCLE_TAKE_LATEST	0x02	/* no mql stay yet: its rule, rules version and temperature
										 * are the cycle's (the latest row's) */
#define LA_CYCLE_TAKE_REASON	0x04	/* the cycle's first disqualify from mql: its reason */

/* The facts of a cycle before its first row. */
extern void la_cycle_begin(la_cycle_facts *f);

/* Carry a row of the cycle (kind, from, to) into f; returns LA_CYCLE_TAKE_* flags. */
extern int	la_cycle_step(la_cycle_facts *f, int kind, int from, int to);

/*
 * Does the first row of the next cycle (kind, from) reject the cycle's mql
 * stay?  (Then the cycle counts as rejected and that row's reason is its
 * reject reason; a disqualify from mql in the cycle's own rows counts too.)
 */
extern bool la_cycle_rejected_by(int kind, int from);

/* ---------- reject or recycle ---------- */

/*
 * mql -> nurture is a reject or a recycle, as its reason's kind says: a
 * recycle only when the reason is a recycle code and not also a reject code
 * ('other' exists for both kinds, and is a reject); no reason is a reject.
 */
extern const char *la_reject_or_recycle(bool has_reason, bool is_reject_code, bool is_recycle_code);

/* ---------- the automatic handoff ---------- */

/* May a lead in this stage be handed off to mql automatically (new, nurture)? */
extern bool la_handoff_source(int stage);

/*
 * Does a row remembered as handed off from 'from' really make that handoff?
 * Only when it ends in mql, came from a source stage, and (on update) its
 * old stage was that stage.
 */
extern bool la_handoff_holds(bool insert, int from, int old_stage, int new_stage);

/* ---------- reasons ---------- */

/* What a move's reason and note are, checked against the move's kind. */
typedef struct la_reason_facts
{
	bool		required;		/* the agreement requires a reason for this move */
	bool		has_reason;		/* a reason is at hand (given or SET LOCAL) */
	bool		given;			/* given with move() or the reason column, not SET LOCAL */
	bool		known;			/* it is a code of the move's kind */
	bool		kind_has_codes; /* the move's kind has reason codes at all */
	bool		needs_note;		/* the code needs a note */
	bool		has_note;
} la_reason_facts;

typedef enum la_reason_verdict
{
	LA_REASON_OK = 0,
	LA_REASON_DROP,				/* SET LOCAL's reason does not apply: record none, no note */
	LA_REASON_MISSING,			/* required and none given */
	LA_REASON_NOT_TAKEN,		/* given, but the move's kind takes no reason */
	LA_REASON_UNKNOWN,			/* not a code of the move's kind */
	LA_REASON_NEEDS_NOTE		/* the code needs a note and there is none */
} la_reason_verdict;

extern la_reason_verdict la_reason_check(const la_reason_facts *f);

#endif							/* LA_POLICY_H */
