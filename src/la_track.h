/*
 * la_track.h -- tracking of CRM tables: rules (rules.c) and triggers (track.c).
 */
#ifndef LA_TRACK_H
#define LA_TRACK_H

#include "la_pg.h"

#include "nodes/execnodes.h"
#include "utils/relcache.h"

/* The scores of the row being classified, read by lead_align.fit() and .interest(). */
extern bool la_scores_valid;
extern int32 la_score_fit;
extern int32 la_score_interest;

/*
 * Parse a rule predicate over the columns of rel (plus the pseudo-columns fit
 * and interest), with PostgreSQL's checks for constraint expressions, and
 * return the boolean expression.  stored = true parses a deparsed predicate
 * under search_path = pg_catalog.
 */
extern Node *la_rule_parse(Relation rel, const char *predicate, bool stored);

/* Deparse a checked predicate, schema-qualified (search_path = pg_catalog). */
extern char *la_rule_deparse(Relation rel, Node *expr);

/* Compile a stored predicate for evaluation against a slot of rel. */
extern ExprState *la_rule_compile(Relation rel, const char *stored);

#endif							/* LA_TRACK_H */
