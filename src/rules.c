/*
 * rules.c -- rule predicates: checked and deparsed when added, compiled once
 * per backend into executor expressions (no SPI on the row path).
 *
 * A predicate is an SQL boolean expression over the tracked row's columns
 * plus the pseudo-columns fit and interest (the scores computed for the row
 * by the score rules, which run first).  It is checked as PostgreSQL checks
 * a CHECK constraint (no subqueries, aggregates, window or set-returning
 * functions), and must not be volatile or name system columns.  It is
 * stored as deparsed text with every function and operator schema-qualified
 * (deparsed under search_path = pg_catalog), never as pg_node_tree, so it
 * survives pg_dump and restore.  The pseudo-columns are stored as calls of
 * lead_align.fit() and lead_align.interest(), which read the scores of the
 * row being classified.  A real column of the table named fit or interest
 * wins over the pseudo-column.
 */
#include "la_track.h"

#include "catalog/namespace.h"
#include "lib/stringinfo.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "catalog/pg_operator.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "parser/parse_expr.h"
#include "parser/parse_func.h"
#include "parser/parse_node.h"
#include "parser/parse_relation.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
#include "access/htup_details.h"

bool		la_scores_valid = false;
int32		la_score_fit = 0;
int32		la_score_interest = 0;

/* OID of lead_align.fit() or lead_align.interest(). */
static Oid
PseudoFunc(const char *name)
{
	return LookupFuncName(list_make2(makeString("lead_align"), makeString(pstrdup(name))),
						  0, NULL, false);
}

/* Resolve a bare fit or interest that is not a column of the table. */
static Node *
PseudoColumnHook(ParseState *pstate, ColumnRef *cref, Node *var)
{
	const char *name;

	if (var != NULL || list_length(cref->fields) != 1 || !IsA(linitial(cref->fields), String))
		return NULL;
	name = strVal(linitial(cref->fields));
	if (strcmp(name, "fit") != 0 && strcmp(name, "interest") != 0)
		return NULL;
	return (Node *) makeFuncExpr(PseudoFunc(name), INT4OID, NIL, InvalidOid, InvalidOid,
								 COERCE_EXPLICIT_CALL);
}

/* Refuse system columns and whole-row references. */
static bool
CheckVars(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var))
	{
		Var		   *v = (Var *) node;

		if (v->varattno <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
					 errmsg("rule predicate refers to system column or whole row \"%s\"",
							v->varattno == 0 ? "*" : get_attname(*(Oid *) context, v->varattno, false)),
					 errhint("Use the table's own columns, e.g. 'visits >= 3'.")));
		return false;
	}
	return expression_tree_walker(node, CheckVars, context);
}

static Oid
TypeNamespace(Oid typid)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Oid			nsp;

	if (!HeapTupleIsValid(tup))
		return InvalidOid;
	nsp = ((Form_pg_type) GETSTRUCT(tup))->typnamespace;
	ReleaseSysCache(tup);
	return nsp;
}

static bool
TempFunc(Oid funcid, void *context)
{
	return isAnyTempNamespace(get_func_namespace(funcid));
}

/* Refuse types and functions of a temporary schema (they live in one session only). */
static bool
CheckTemp(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if ((IsA(node, Const) || IsA(node, FuncExpr) || IsA(node, OpExpr) || IsA(node, Var) ||
		 IsA(node, CoerceToDomain) || IsA(node, RelabelType) || IsA(node, CoerceViaIO)) &&
		isAnyTempNamespace(TypeNamespace(exprType(node))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("rule predicate uses temporary type %s", format_type_be(exprType(node))),
				 errhint("Rules are stored and used by every session: use permanent types and functions.")));
	if (check_functions_in_node(node, TempFunc, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("rule predicate calls a function of a temporary schema"),
				 errhint("Rules are stored and used by every session: use permanent types and functions.")));
	return expression_tree_walker(node, CheckTemp, context);
}

/* Does the installed SQL keep the types' comparison operators in pg_catalog (0.4 on)? */
static bool
OperatorsInCatalog(void)
{
	Oid			nsp = get_namespace_oid("lead_align", false);
	Oid			stage = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("lead_stage"),
										ObjectIdGetDatum(nsp));

	return !OidIsValid(GetSysCacheOid4(OPERNAMENSP, Anum_pg_operator_oid, CStringGetDatum("="),
									   ObjectIdGetDatum(stage), ObjectIdGetDatum(stage),
									   ObjectIdGetDatum(nsp)));
}

/*
 * Up to 0.3 the comparison operators of lead_align's types lived in schema
 * lead_align, and stored predicates name them so.  0.4 keeps them in
 * pg_catalog; the update script rewrites the stored text, and this does the
 * same for rows that come from a dump of an older version.
 */
static const char *
StoredByOlderVersion(const char *predicate)
{
	static const char *const ops[] = {"<=", ">=", "<>", "@>", "<", ">", "="};
	StringInfoData out;
	const char *p = predicate;
	const char *hit;

	if (strstr(predicate, "OPERATOR(lead_align.") == NULL || !OperatorsInCatalog())
		return predicate;
	initStringInfo(&out);
	while ((hit = strstr(p, "OPERATOR(lead_align.")) != NULL)
	{
		const char *op = hit + strlen("OPERATOR(lead_align.");
		int			i;

		appendBinaryStringInfo(&out, p, hit - p);
		p = hit + strlen("OPERATOR(lead_align.");
		for (i = 0; i < (int) lengthof(ops); i++)
			if (strncmp(op, ops[i], strlen(ops[i])) == 0 && op[strlen(ops[i])] == ')')
				break;
		appendStringInfoString(&out, i < (int) lengthof(ops) ? "OPERATOR(pg_catalog." : "OPERATOR(lead_align.");
	}
	appendStringInfoString(&out, p);
	return out.data;
}

/* Error context: name the predicate being checked. */
static void
PredicateContext(void *arg)
{
	errcontext("rule predicate \"%s\"", (const char *) arg);
}

/* Parse the text of one expression: "SELECT (<predicate>)" with nothing else. */
static Node *
RawExpression(const char *predicate)
{
	List	   *raw;
	SelectStmt *sel;
	ResTarget  *rt;

	raw = raw_parser(psprintf("SELECT (%s)", predicate), RAW_PARSE_DEFAULT);
	if (list_length(raw) != 1 || !IsA(((RawStmt *) linitial(raw))->stmt, SelectStmt))
		goto bad;
	sel = (SelectStmt *) ((RawStmt *) linitial(raw))->stmt;
	if (list_length(sel->targetList) != 1 || sel->fromClause || sel->whereClause ||
		sel->groupClause || sel->havingClause || sel->windowClause || sel->sortClause ||
		sel->limitCount || sel->limitOffset || sel->lockingClause || sel->withClause ||
		sel->distinctClause || sel->intoClause || sel->op != SETOP_NONE || sel->valuesLists)
		goto bad;
	rt = (ResTarget *) linitial(sel->targetList);
	return rt->val;

bad:
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("rule predicate \"%s\" is not a single expression", predicate),
			 errhint("Write one boolean expression over the table's columns, e.g. 'demo_requested OR visits >= 3'.")));
	return NULL;
}

Node *
la_rule_parse(Relation rel, const char *predicate, bool stored)
{
	return la_rule_parse_ext(rel, predicate, stored, true);
}

/*
 * As la_rule_parse; table_schema = false leaves the table's own schema off
 * the search_path of a new predicate (preview_rule() runs the predicate as
 * its caller, who must not pick up the operators and functions that the
 * owner of that schema put there).
 */
Node *
la_rule_parse_ext(Relation rel, const char *predicate, bool stored, bool table_schema)
{
	ParseState *pstate;
	ParseNamespaceItem *nsitem;
	Node	   *expr;
	Oid			relid = RelationGetRelid(rel);
	int			save_nestlevel = 0;
	ErrorContextCallback errcb;

	if (stored)
		predicate = StoredByOlderVersion(predicate);

	/*
	 * A stored predicate is fully qualified: parse it with pg_catalog alone
	 * (and pg_temp named last: unnamed, the temporary schema would be
	 * searched first for types, and a pg_temp.text domain would capture
	 * 'saas'::text).  A new one is parsed with pg_catalog first, then
	 * lead_align (for the operators of lead_stage and lead_temperature), then
	 * the table's own schema; never the caller's search_path.  Temporary
	 * objects are refused (CheckTemp): they exist in one session only.
	 */
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path",
							 stored ? "pg_catalog, pg_temp" :
							 !table_schema ? "pg_catalog, lead_align, pg_temp" :
							 psprintf("pg_catalog, lead_align, %s, pg_temp",
									  quote_identifier(get_namespace_name(RelationGetNamespace(rel)))),
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	errcb.callback = PredicateContext;
	errcb.arg = (void *) predicate;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;
	expr = RawExpression(predicate);
	pstate = make_parsestate(NULL);
	pstate->p_sourcetext = predicate;
	pstate->p_post_columnref_hook = PseudoColumnHook;
	nsitem = addRangeTableEntryForRelation(pstate, rel, AccessShareLock, NULL, false, true);
	addNSItemToQuery(pstate, nsitem, true, true, true);
	expr = transformExpr(pstate, expr, EXPR_KIND_CHECK_CONSTRAINT);
	expr = coerce_to_boolean(pstate, expr, "rule predicate");
	assign_expr_collations(pstate, expr);
	if (contain_volatile_functions(expr))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("rule predicate \"%s\" calls a volatile function", predicate),
				 errhint("Rules must give the same answer for the same row; stable functions such as current_date are allowed.")));
	CheckVars(expr, &relid);
	CheckTemp(expr, NULL);
	error_context_stack = errcb.previous;
	free_parsestate(pstate);
	AtEOXact_GUC(true, save_nestlevel);
	return expr;
}

char *
la_rule_deparse(Relation rel, Node *expr)
{
	int			save_nestlevel = NewGUCNestLevel();
	char	   *s;

	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	s = deparse_expression(expr, deparse_context_for(RelationGetRelationName(rel), RelationGetRelid(rel)),
						   false, false);
	AtEOXact_GUC(true, save_nestlevel);
	return s;
}

ExprState *
la_rule_compile(Relation rel, const char *stored)
{
	Node	   *expr = la_rule_parse(rel, stored, true);

	expr = (Node *) expression_planner((Expr *) expr);
	return ExecInitExpr((Expr *) expr, NULL);
}

PG_FUNCTION_INFO_V1(la_check_predicate);
/* lead_align._check_predicate(tbl, predicate): check and return the stored form. */
Datum
la_check_predicate(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *predicate = text_to_cstring(PG_GETARG_TEXT_PP(1));
	Relation	rel = table_open(relid, AccessShareLock);
	Node	   *expr = la_rule_parse(rel, predicate, false);
	char	   *stored = la_rule_deparse(rel, expr);

	/* what is stored must parse back, as it will in every backend */
	(void) la_rule_parse(rel, stored, true);
	table_close(rel, AccessShareLock);
	PG_RETURN_TEXT_P(cstring_to_text(stored));
}

static void
CheckScores(const char *name)
{
	if (!la_scores_valid)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("lead_align.%s() is only defined inside rule predicates", name),
				 errhint("Use the pseudo-column %s in a rule predicate, e.g. '%s >= 20'.", name, name)));
}

PG_FUNCTION_INFO_V1(la_fit);
/* lead_align.fit(): the fit score of the row being classified. */
Datum
la_fit(PG_FUNCTION_ARGS)
{
	CheckScores("fit");
	PG_RETURN_INT32(la_score_fit);
}

PG_FUNCTION_INFO_V1(la_interest);
/* lead_align.interest(): the interest score of the row being classified. */
Datum
la_interest(PG_FUNCTION_ARGS)
{
	CheckScores("interest");
	PG_RETURN_INT32(la_score_interest);
}

static bool
UsesScores(Node *node, void *context)
{
	Oid		   *pseudo = (Oid *) context;

	if (node == NULL)
		return false;
	if (IsA(node, FuncExpr) &&
		(((FuncExpr *) node)->funcid == pseudo[0] || ((FuncExpr *) node)->funcid == pseudo[1]))
		return true;
	return expression_tree_walker(node, UsesScores, context);
}

PG_FUNCTION_INFO_V1(la_predicate_uses_scores);
/* lead_align._predicate_uses_scores(tbl, stored predicate): does it read fit or interest? */
Datum
la_predicate_uses_scores(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *predicate = text_to_cstring(PG_GETARG_TEXT_PP(1));
	Relation	rel = table_open(relid, AccessShareLock);
	Node	   *expr = la_rule_parse(rel, predicate, true);
	Oid			pseudo[2];

	pseudo[0] = PseudoFunc("fit");
	pseudo[1] = PseudoFunc("interest");
	table_close(rel, AccessShareLock);
	PG_RETURN_BOOL(UsesScores(expr, pseudo));
}
