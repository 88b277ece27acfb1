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
 *     returns stays valid until its next evaluate call or until it is freed.
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

/* Evaluates one lead given as a JSON object at time `as_of` (epoch seconds).
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
/* The hand-off when the lead entered a stage that declares one: 1 or 0; its
 * summary ("" without one); the whole hand-off as JSON (summary, fields,
 * reasons, destination, deadline), NULL without a hand-off. */
BATON_API int baton_decision_has_handoff(const baton_evaluator* evaluator);
BATON_API const char* baton_decision_handoff_summary(baton_evaluator* evaluator);
BATON_API const char* baton_decision_handoff_json(baton_evaluator* evaluator);
/* The decision as the JSON line `baton score` prints (without the newline). */
BATON_API const char* baton_decision_json(baton_evaluator* evaluator);
/* The explanation as JSON; NULL unless evaluated with explain. */
BATON_API const char* baton_decision_explain_json(baton_evaluator* evaluator);

/* Why the last record was rejected (after BATON_REJECTED). */
BATON_API const char* baton_error_field(const baton_evaluator* evaluator);   /* "" for the whole record */
BATON_API const char* baton_error_message(const baton_evaluator* evaluator);

/* Evaluates JSON Lines: for every non-blank line, either on_decision receives
 * the decision JSON line or on_error receives a rejected-record JSON line
 * ({"line":N,"id":..,"field":..,"error":..}); both without the newline.
 * Counts go to *scored and *rejected when not NULL. Returns BATON_OK when no
 * record was rejected, BATON_REJECTED otherwise. */
typedef void (*baton_line_callback)(void* user, const char* line, size_t size);
BATON_API baton_status baton_evaluate_jsonl(baton_evaluator* evaluator, const char* data, size_t size, int64_t as_of,
                                            baton_line_callback on_decision, baton_line_callback on_error,
                                            void* user, size_t* scored, size_t* rejected);

#ifdef __cplusplus
}
#endif

#endif /* BATON_H */
