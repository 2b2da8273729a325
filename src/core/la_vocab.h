/*
 * la_vocab.h -- the vocabularies of tracking, defined once (pure C).
 *
 * Each list below is the one owner of its words: the C enums and name
 * arrays are generated from it, and SQL asks for the words through
 * lead_align.vocabulary(name) (CHECK constraints, argument checks, views),
 * so a word added here reaches both sides.
 */
#ifndef LA_VOCAB_H
#define LA_VOCAB_H

/* How a track treats a move the agreement does not allow. */
#define LA_MODES(X) \
	X(ENFORCE, "enforce") \
	X(RECORD, "record") \
	X(BACKFILL, "backfill")

/* What a rule computes. */
#define LA_RULE_KINDS(X) \
	X(TEMPERATURE, "temperature") \
	X(FIT, "fit") \
	X(INTEREST, "interest")

/* What an SLA window is for: leaving the stage, or touching the lead first. */
#define LA_SLA_KINDS(X) \
	X(EXIT, "exit") \
	X(TOUCH, "touch")

/* The moves that take a reason code. */
#define LA_REASON_KINDS(X) \
	X(REJECT, "reject") \
	X(RECYCLE, "recycle") \
	X(DISQUALIFY, "disqualify") \
	X(LOSE, "lose") \
	X(REOPEN, "reopen")

/*
 * The kinds of ledger rows.  The first ten enter a stage (the stage events);
 * the others record something that happened in the stage the lead is in.
 */
#define LA_EVENT_KINDS(X) \
	X(CREATE, "create") \
	X(ADVANCE, "advance") \
	X(HANDOFF, "handoff") \
	X(ACCEPT, "accept") \
	X(REJECT, "reject") \
	X(RECYCLE, "recycle") \
	X(DISQUALIFY, "disqualify") \
	X(LOSE, "lose") \
	X(WIN, "win") \
	X(REOPEN, "reopen") \
	X(TOUCH, "touch") \
	X(REASSIGN, "reassign") \
	X(TEMPERATURE, "temperature") \
	X(DELETE, "delete")
#define LA_STAGE_EVENT_COUNT 10

#define LA_VOCAB_ENUM_MODE(id, word) LA_MODE_##id,
#define LA_VOCAB_ENUM_RULE(id, word) LA_RULE_##id,
#define LA_VOCAB_ENUM_SLA(id, word) LA_SLA_##id,
#define LA_VOCAB_ENUM_REASON(id, word) LA_REASON_##id,
#define LA_VOCAB_ENUM_EVENT(id, word) LA_EVENT_##id,

typedef enum la_mode
{
	LA_MODES(LA_VOCAB_ENUM_MODE) LA_MODE_COUNT
} la_mode;
typedef enum la_rule_kind
{
	LA_RULE_KINDS(LA_VOCAB_ENUM_RULE) LA_RULE_KIND_COUNT
} la_rule_kind;
typedef enum la_sla_kind
{
	LA_SLA_KINDS(LA_VOCAB_ENUM_SLA) LA_SLA_KIND_COUNT
} la_sla_kind;
typedef enum la_reason_kind
{
	LA_REASON_KINDS(LA_VOCAB_ENUM_REASON) LA_REASON_KIND_COUNT
} la_reason_kind;
typedef enum la_event_kind
{
	LA_EVENT_KINDS(LA_VOCAB_ENUM_EVENT) LA_EVENT_KIND_COUNT
} la_event_kind;

extern const char *const la_mode_names[];
extern const char *const la_rule_kind_names[];
extern const char *const la_sla_kind_names[];
extern const char *const la_reason_kind_names[];
extern const char *const la_event_kind_names[];

/*
 * A vocabulary by name ("mode", "rule_kind", "sla_kind", "reason_kind",
 * "event_kind", "stage_event_kind"): its words and their count; NULL when
 * there is no such vocabulary.
 */
extern const char *const *la_vocab_words(const char *vocab, int *count);

/* The index of word in a list of n words, or -1. */
extern int	la_vocab_find(const char *const *words, int n, const char *word);

#endif							/* LA_VOCAB_H */
