/* baton.h — the C API of the baton runtime.
 *
 * Load a compiled SLA (.batonc, from `baton build`), create one evaluator per
 * thread, evaluate leads given as JSON, read the decision. No C++ types or
 * exceptions cross this boundary.
 *
 * Lifetimes and threads:
 *   - A baton_program is immutable and may be shared by any number of
 *     threads. It is reference counted: baton_program_free() drops the
 *     caller's reference; evaluators keep their own, so a program can be
 *     replaced (hot reload) while evaluators made from the old one finish.
 *   - A baton_evaluator belongs to one thread at a time. Every string it
 *     returns stays valid until its next evaluate call, its next
 *     baton_evaluator_set_option, or until it is freed. Each accessor (and
 *     each export index) has its own storage, so two accessors may be used
 *     in one expression; an evaluate call may not (docs/embedding.md).
 *   - Strings returned through `char** error` are owned by the caller:
 *     release them with baton_string_free().
 */
#ifndef BATON_H
#define BATON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define BATON_API __declspec(dllexport)
#else
#define BATON_API __attribute__((visibility("default")))
#endif

/* Bumped on any incompatible change of this header. */
#define BATON_ABI_VERSION 1

typedef struct baton_program baton_program;
typedef struct baton_evaluator baton_evaluator;

typedef enum baton_status {
  BATON_OK = 0,       /* evaluated; the decision is ready */
  BATON_REJECTED = 1, /* the record was rejected; see baton_error_* */
  BATON_ERROR = 2     /* bad arguments (a null pointer, ...) */
} baton_status;

BATON_API int baton_abi_version(void);
BATON_API const char* baton_version(void);
BATON_API void baton_string_free(char* s);

/* Loading. On failure: NULL, and *error (when error is not NULL) receives a
 * message such as "checksum mismatch: the file is damaged". */
BATON_API baton_program* baton_program_load_file(const char* path, char** error);
BATON_API baton_program* baton_program_load_bytes(const void* data, size_t size, char** error);
BATON_API baton_program* baton_program_retain(baton_program* program);
BATON_API void baton_program_free(baton_program* program);

BATON_API const char* baton_program_name(const baton_program* program);
BATON_API const char* baton_program_version(const baton_program* program);
BATON_API const char* baton_program_fingerprint(const baton_program* program);
BATON_API size_t baton_program_score_count(const baton_program* program);
BATON_API const char* baton_program_score_name(const baton_program* program, size_t index);

/* Evaluators. */
BATON_API baton_evaluator* baton_evaluator_new(baton_program* program);
BATON_API void baton_evaluator_free(baton_evaluator* evaluator);

/* Evaluates one lead given as a JSON object at time `as_of` (epoch seconds,
 * 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z: outside it, milliseconds say,
 * every evaluate call is BATON_ERROR and baton_error_message says why).
 * With `explain` non-zero, baton_decision_explain_json() is available. */
BATON_API baton_status baton_evaluate_json(baton_evaluator* evaluator, const char* json, size_t size,
                                           int64_t as_of, int explain);

/* The last decision (after BATON_OK). */
BATON_API const char* baton_decision_id(const baton_evaluator* evaluator);    /* "" when none */
BATON_API const char* baton_decision_stage(const baton_evaluator* evaluator);
BATON_API const char* baton_decision_route(const baton_evaluator* evaluator); /* NULL: no route */
BATON_API int baton_decision_has_deadline(const baton_evaluator* evaluator);
BATON_API int64_t baton_decision_deadline(const baton_evaluator* evaluator);  /* epoch seconds */
/* The route's cadence: `escalate to "manager:emea" after 8h on emea` steps, in
 * order. The destination is NULL for an index out of range; the due time
 * (epoch seconds) is set and 1 returned when the step has one. */
BATON_API size_t baton_decision_escalation_count(const baton_evaluator* evaluator);
BATON_API const char* baton_decision_escalation_to(const baton_evaluator* evaluator, size_t index);
BATON_API int baton_decision_escalation_due(const baton_evaluator* evaluator, size_t index, int64_t* due);
BATON_API double baton_decision_score(const baton_evaluator* evaluator, size_t index);
/* 1 and *value set when the program has a score of that name, else 0. */
BATON_API int baton_decision_score_by_name(const baton_evaluator* evaluator, const char* name, double* value);
/* The lifecycle (docs/language.md): "entered", "stayed" or "held" (held back:
 * the rules chose another stage, the lifecycle allows no move there); the
 * lead's stage before this decision (NULL when its record had none); the stage
 * the rules chose; and the verdict in words, as `baton explain` says it
 * ("" for an SLA without a lifecycle). */
BATON_API const char* baton_decision_transition(const baton_evaluator* evaluator);
BATON_API const char* baton_decision_previous_stage(const baton_evaluator* evaluator);
BATON_API const char* baton_decision_rules_stage(const baton_evaluator* evaluator);
BATON_API const char* baton_decision_lifecycle_text(baton_evaluator* evaluator);
/* Since when the lead is in its stage (epoch seconds, set and 1 returned when
 * known): as_of when it entered the stage now, the record's since field when it
 * stayed or was held. The deadline and the cadence count from it. 0 without a
 * lifecycle, when the record does not say, and for programs compiled before
 * bytecode version 6 (their deadlines count from as_of). */
BATON_API int baton_decision_stage_since(const baton_evaluator* evaluator, int64_t* since);
/* The hand-off when the lead entered a stage that declares one: 1 or 0; its
 * summary ("" without one); the whole hand-off as JSON (summary, fields,
 * reasons, destination, deadline), NULL without a hand-off. */
BATON_API int baton_decision_has_handoff(const baton_evaluator* evaluator);
BATON_API const char* baton_decision_handoff_summary(baton_evaluator* evaluator);
BATON_API const char* baton_decision_handoff_json(baton_evaluator* evaluator);
/* The decision as the JSON line `baton score` prints (without the newline). */
BATON_API const char* baton_decision_json(baton_evaluator* evaluator);
/* The explanation as JSON (see baton_decision_explain_text: evaluated again
 * with explain on when needed); NULL when there is no decision. */
BATON_API const char* baton_decision_explain_json(baton_evaluator* evaluator);

/* Why the last record was rejected (after BATON_REJECTED). */
BATON_API const char* baton_error_field(const baton_evaluator* evaluator);   /* "" for the whole record */
BATON_API const char* baton_error_message(const baton_evaluator* evaluator);

/* ---- Exported values (`export` lets), typed -------------------------------
 * The type of an export comes from the program (it is fixed at compile time);
 * its value from the last decision. Every getter returns 1 and sets *out when
 * the export exists, has a value in this decision (not missing) and is of the
 * getter's type; otherwise 0 and *out is untouched. Indexes run from 0 to
 * baton_program_export_count() - 1; names are the `export` names. */
typedef enum baton_type {
  BATON_TYPE_NONE = 0, /* no such export (bad index, unknown name, NULL) */
  BATON_TYPE_INT = 1,
  BATON_TYPE_NUMBER = 2,
  BATON_TYPE_STRING = 3,
  BATON_TYPE_BOOL = 4,
  BATON_TYPE_TIME = 5,     /* epoch seconds, UTC */
  BATON_TYPE_DURATION = 6, /* seconds */
  BATON_TYPE_SET = 7,      /* set<string>: read it with baton_decision_export_text */
  BATON_TYPE_LIST = 8      /* list<string>: likewise */
} baton_type;

/* 1 when the export has no value in the last decision (an optional field that
 * was absent, ...), or when there is no such export or no decision. */
BATON_API int baton_decision_export_missing(const baton_evaluator* evaluator, size_t index);
BATON_API int baton_decision_export_int(const baton_evaluator* evaluator, size_t index, int64_t* out);
BATON_API int baton_decision_export_number(const baton_evaluator* evaluator, size_t index, double* out);
BATON_API int baton_decision_export_bool(const baton_evaluator* evaluator, size_t index, int* out);
BATON_API int baton_decision_export_time(const baton_evaluator* evaluator, size_t index, int64_t* out);
BATON_API int baton_decision_export_duration(const baton_evaluator* evaluator, size_t index, int64_t* out);
/* A string export's text (NUL-terminated copy); NULL unless a present string. */
BATON_API const char* baton_decision_export_string(baton_evaluator* evaluator, size_t index);
/* Any export as text, as `baton score --format csv` writes it: sets and lists
 * joined with ';', times in RFC 3339, durations as "30d"; "" when missing,
 * NULL when there is no such export. */
BATON_API const char* baton_decision_export_text(baton_evaluator* evaluator, size_t index);
/* The same by name. */
BATON_API int baton_decision_export_missing_by_name(const baton_evaluator* evaluator, const char* name);
BATON_API int baton_decision_export_int_by_name(const baton_evaluator* evaluator, const char* name, int64_t* out);
BATON_API int baton_decision_export_number_by_name(const baton_evaluator* evaluator, const char* name, double* out);
BATON_API int baton_decision_export_bool_by_name(const baton_evaluator* evaluator, const char* name, int* out);
BATON_API int baton_decision_export_time_by_name(const baton_evaluator* evaluator, const char* name, int64_t* out);
BATON_API int baton_decision_export_duration_by_name(const baton_evaluator* evaluator, const char* name,
                                                     int64_t* out);
BATON_API const char* baton_decision_export_string_by_name(baton_evaluator* evaluator, const char* name);
BATON_API const char* baton_decision_export_text_by_name(baton_evaluator* evaluator, const char* name);

/* ---- The program's tables (introspection, e.g. at load time) ---------------
 * Out-of-range indexes and NULL programs give 0, NULL, -1 or BATON_TYPE_NONE;
 * strings live as long as the program. Lookups by name return -1 when absent. */
BATON_API int baton_program_score_index(const baton_program* program, const char* name);
BATON_API size_t baton_program_stage_count(const baton_program* program);
BATON_API const char* baton_program_stage_name(const baton_program* program, size_t index);
BATON_API int baton_program_stage_index(const baton_program* program, const char* name);
BATON_API size_t baton_program_export_count(const baton_program* program);
BATON_API const char* baton_program_export_name(const baton_program* program, size_t index);
BATON_API int baton_program_export_index(const baton_program* program, const char* name);
BATON_API baton_type baton_program_export_type(const baton_program* program, size_t index);
/* Routes, in source order: the arm's stage; its destination when it is a
 * string constant (`-> "team:enterprise"`), NULL when it is computed
 * (`-> one_of([...], email)`); its follow-up `within` in seconds (-1: none);
 * and the arm's source text ("" when the program was built without its
 * debug section). */
BATON_API size_t baton_program_route_count(const baton_program* program);
BATON_API const char* baton_program_route_stage(const baton_program* program, size_t index);
BATON_API const char* baton_program_route_destination(const baton_program* program, size_t index);
BATON_API int64_t baton_program_route_within(const baton_program* program, size_t index);
BATON_API const char* baton_program_route_text(const baton_program* program, size_t index);

/* ---- Explain on demand ------------------------------------------------------
 * The explanation of the last decision, as `baton explain` prints it (text)
 * and as JSON. Available after any BATON_OK evaluation (also of the last line
 * of baton_evaluate_jsonl): when it was not evaluated with explain, the lead
 * is evaluated again with explain on, giving the same decision. NULL when
 * there is no decision. */
BATON_API const char* baton_decision_explain_text(baton_evaluator* evaluator);

/* ---- Rejections ---------------------------------------------------------------
 * After BATON_REJECTED (and inside baton_evaluate_jsonl's on_error callback):
 * the record's "id" (NULL when it could not be read), and its 1-based line in
 * the JSON Lines batch (0 for baton_evaluate_json). Field and message: above. */
BATON_API const char* baton_error_id(const baton_evaluator* evaluator);
BATON_API size_t baton_error_line(const baton_evaluator* evaluator);

/* ---- Decode options -------------------------------------------------------------
 * Sets an option of how records are read, for the evaluator's next records
 * (the same options as the CLI's flags, docs/cli.md):
 *   "strict"       0/1: unknown fields and event types are rejected (default 0)
 *   "coerce"       0/1: read the text CRM exports write: numbers and booleans
 *                  as text, timestamps with a space and no zone, epoch
 *                  milliseconds (default 0; `--coerce`)
 *   "event_types_ignore_case"  0/1: "Page_View" is a page_view (default 0)
 *   "max_events"   the most events a record may have (default 100000, >= 1)
 *   "max_depth"    the deepest nesting of objects and arrays (default 64, >= 1)
 *   "dom_decoder"  0/1: read JSON with simdjson's DOM decoder instead of the
 *                  On-Demand one; the same results (default 0; `--decoder dom`)
 * and, with a text value:
 *   "coerce_zone"  the IANA zone of coerced timestamps without one
 *                  ("Europe/Berlin"; "" = UTC, the default)
 * Returns BATON_OK, or BATON_ERROR for an unknown name or a value out of range
 * (an unknown zone included); the evaluator's options are then unchanged. */
BATON_API baton_status baton_evaluator_set_option(baton_evaluator* evaluator, const char* name, int64_t value);
BATON_API baton_status baton_evaluator_set_option_text(baton_evaluator* evaluator, const char* name,
                                                       const char* value);

/* Evaluates JSON Lines: for every non-blank line, either on_decision receives
 * the decision JSON line or on_error receives a rejected-record JSON line
 * ({"line":N,"id":..,"field":..,"error":..}); both without the newline.
 * Counts go to *scored and *rejected when not NULL. Returns BATON_OK when no
 * record was rejected, BATON_REJECTED otherwise. */
typedef void (*baton_line_callback)(void* user, const char* line, size_t size);
BATON_API baton_status baton_evaluate_jsonl(baton_evaluator* evaluator, const char* data, size_t size, int64_t as_of,
                                            baton_line_callback on_decision, baton_line_callback on_error,
                                            void* user, size_t* scored, size_t* rejected);

/* Evaluates CSV leads (docs/cli.md, "Lead data"): the first row names the
 * columns, every further row is one lead without events, read with coercion
 * (and the evaluator's strict, coerce_zone and event_types_ignore_case
 * options). `mapping` (NULL: none) holds "COLUMN=FIELD" lines that put a
 * column into a lead field ("Notes=" ignores one); other columns fill the
 * field they are named like. RFC 4180 quoting; an empty cell is a missing
 * value. Callbacks, counts and the result as baton_evaluate_jsonl, the line
 * being the one the row starts on; BATON_ERROR (baton_error_message says
 * why) when the header or the mapping cannot be used, before any row. */
BATON_API baton_status baton_evaluate_csv(baton_evaluator* evaluator, const char* data, size_t size,
                                          const char* mapping, int64_t as_of, baton_line_callback on_decision,
                                          baton_line_callback on_error, void* user, size_t* scored,
                                          size_t* rejected);

#ifdef __cplusplus
}
#endif

#endif /* BATON_H */
