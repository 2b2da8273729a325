/*
 * la_vocab.c -- the vocabularies of tracking (pure C); see la_vocab.h.
 */
#include "la_core.h"
#include "la_vocab.h"

#include <string.h>

#define LA_VOCAB_WORD(id, word) word,

const char *const la_mode_names[] = {LA_MODES(LA_VOCAB_WORD) NULL};
const char *const la_rule_kind_names[] = {LA_RULE_KINDS(LA_VOCAB_WORD) NULL};
const char *const la_sla_kind_names[] = {LA_SLA_KINDS(LA_VOCAB_WORD) NULL};
const char *const la_reason_kind_names[] = {LA_REASON_KINDS(LA_VOCAB_WORD) NULL};
const char *const la_event_kind_names[] = {LA_EVENT_KINDS(LA_VOCAB_WORD) NULL};

const char *const *
la_vocab_words(const char *vocab, int *count)
{
	static const struct
	{
		const char *name;
		const char *const *words;
		int			count;
	}			vocabs[] = {
		{"mode", la_mode_names, LA_MODE_COUNT},
		{"rule_kind", la_rule_kind_names, LA_RULE_KIND_COUNT},
		{"sla_kind", la_sla_kind_names, LA_SLA_KIND_COUNT},
		{"reason_kind", la_reason_kind_names, LA_REASON_KIND_COUNT},
		{"event_kind", la_event_kind_names, LA_EVENT_KIND_COUNT},
		{"stage_event_kind", la_event_kind_names, LA_STAGE_EVENT_COUNT},
	};
	size_t		i;

	for (i = 0; i < sizeof(vocabs) / sizeof(vocabs[0]); i++)
		if (strcmp(vocabs[i].name, vocab) == 0)
		{
			*count = vocabs[i].count;
			return vocabs[i].words;
		}
	*count = 0;
	return NULL;
}

int
la_vocab_find(const char *const *words, int n, const char *word)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(words[i], word) == 0)
			return i;
	return -1;
}
