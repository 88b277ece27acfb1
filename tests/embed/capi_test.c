/* Every function of baton.h added for introspection, typed exports, explain
 * on demand, rejections and decode options; with bad input (NULL, indexes out
 * of range, unknown names) that must answer and never crash.
 *
 *   capi_test CAPI.batonc       (tests/embed/capi.baton, built) */
#include <baton/baton.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                        \
    }                                                                    \
  } while (0)
#define CHECK_STR(actual, expected)                                                                \
  do {                                                                                             \
    const char* a_ = (actual);                                                                     \
    if (!a_ || strcmp(a_, (expected)) != 0) {                                                      \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual,       \
              a_ ? a_ : "(null)", (expected));                                                     \
      ++failures;                                                                                  \
    }                                                                                              \
  } while (0)

static const int64_t AS_OF = 1795392000; /* 2026-11-23T00:00:00Z */
static const char* BIG =
    "{\"id\":\"A\",\"email\":\"x@y.example\",\"size\":6000,\"budget\":2500.5,\"signed_at\":\"2026-01-02T03:04:05Z\","
    "\"tags\":[\"b\",\"a\"],\"owner\":\"zoe\",\"events\":[{\"type\":\"visit\",\"at\":\"2026-11-20T00:00:00Z\","
    "\"url\":\"/\"}]}";
static const char* SMALL = "{\"id\":\"B\",\"email\":\"b@y.example\",\"events\":[]}";

static baton_status eval(baton_evaluator* ev, const char* json, int explain) {
  return baton_evaluate_json(ev, json, strlen(json), AS_OF, explain);
}

static void test_bad_loads(void) {
  char* error = NULL;
  CHECK(baton_program_load_file(NULL, &error) == NULL);
  CHECK_STR(error, "path is NULL");
  baton_string_free(error);
  error = NULL;
  CHECK(baton_program_load_bytes(NULL, 5, &error) == NULL);
  CHECK(error != NULL);
  baton_string_free(error);
  CHECK(baton_program_load_bytes("nonsense", 8, NULL) == NULL);
}

static void test_tables(const baton_program* p) {
  CHECK(baton_program_stage_count(p) == 3);
  CHECK_STR(baton_program_stage_name(p, 0), "sql");
  CHECK_STR(baton_program_stage_name(p, 2), "lead");
  CHECK(baton_program_stage_name(p, 3) == NULL);
  CHECK(baton_program_stage_name(p, (size_t)-1) == NULL);
  CHECK(baton_program_stage_index(p, "mql") == 1);
  CHECK(baton_program_stage_index(p, "nope") == -1);
  CHECK(baton_program_stage_index(p, NULL) == -1);

  CHECK(baton_program_score_count(p) == 1);
  CHECK(baton_program_score_index(p, "fit") == 0);
  CHECK(baton_program_score_index(p, "fitness") == -1);
  CHECK(baton_program_score_index(p, NULL) == -1);

  CHECK(baton_program_export_count(p) == 8);
  CHECK_STR(baton_program_export_name(p, 0), "size_or_zero");
  CHECK_STR(baton_program_export_name(p, 7), "visits");
  CHECK(baton_program_export_name(p, 8) == NULL);
  CHECK(baton_program_export_index(p, "owner_name") == 3);
  CHECK(baton_program_export_index(p, "Owner_name") == -1);
  CHECK(baton_program_export_index(p, NULL) == -1);
  const baton_type types[] = {BATON_TYPE_INT,  BATON_TYPE_NUMBER,   BATON_TYPE_BOOL, BATON_TYPE_STRING,
                              BATON_TYPE_TIME, BATON_TYPE_DURATION, BATON_TYPE_SET,  BATON_TYPE_INT};
  for (size_t i = 0; i < 8; ++i) CHECK(baton_program_export_type(p, i) == types[i]);
  CHECK(baton_program_export_type(p, 8) == BATON_TYPE_NONE);

  CHECK(baton_program_route_count(p) == 3);
  CHECK_STR(baton_program_route_stage(p, 0), "sql");
  CHECK_STR(baton_program_route_stage(p, 2), "mql");
  CHECK_STR(baton_program_route_destination(p, 0), "team:enterprise");
  CHECK(baton_program_route_destination(p, 1) == NULL); /* one_of(reps, email): computed */
  CHECK_STR(baton_program_route_destination(p, 2), "nurture:mid");
  CHECK(baton_program_route_within(p, 0) == 4 * 3600);
  CHECK(baton_program_route_within(p, 1) == 24 * 3600);
  CHECK(baton_program_route_within(p, 2) == -1);
  CHECK(strstr(baton_program_route_text(p, 0), "\"team:enterprise\" within 4h") != NULL);
  CHECK(baton_program_route_stage(p, 3) == NULL);
  CHECK(baton_program_route_destination(p, 3) == NULL);
  CHECK(baton_program_route_text(p, 3) == NULL);
  CHECK(baton_program_route_within(p, 3) == -1);
}

static void test_null_program(void) {
  CHECK(baton_program_stage_count(NULL) == 0);
  CHECK(baton_program_stage_name(NULL, 0) == NULL);
  CHECK(baton_program_stage_index(NULL, "sql") == -1);
  CHECK(baton_program_score_index(NULL, "fit") == -1);
  CHECK(baton_program_export_count(NULL) == 0);
  CHECK(baton_program_export_name(NULL, 0) == NULL);
  CHECK(baton_program_export_index(NULL, "x") == -1);
  CHECK(baton_program_export_type(NULL, 0) == BATON_TYPE_NONE);
  CHECK(baton_program_route_count(NULL) == 0);
  CHECK(baton_program_route_stage(NULL, 0) == NULL);
  CHECK(baton_program_route_destination(NULL, 0) == NULL);
  CHECK(baton_program_route_within(NULL, 0) == -1);
  CHECK(baton_program_route_text(NULL, 0) == NULL);
}

static void test_exports(baton_evaluator* ev) {
  CHECK(eval(ev, BIG, 0) == BATON_OK);
  CHECK_STR(baton_decision_stage(ev), "sql");
  CHECK_STR(baton_decision_route(ev), "team:enterprise");

  int64_t i = -1;
  double n = -1;
  int b = -1;
  CHECK(baton_decision_export_int(ev, 0, &i) == 1 && i == 6000);
  CHECK(baton_decision_export_int_by_name(ev, "visits", &i) == 1 && i == 1);
  CHECK(baton_decision_export_number(ev, 1, &n) == 1 && n == 2.5005);
  CHECK(baton_decision_export_number_by_name(ev, "budget_k", &n) == 1 && n == 2.5005);
  CHECK(baton_decision_export_bool(ev, 2, &b) == 1 && b == 1);
  CHECK(baton_decision_export_bool_by_name(ev, "big", &b) == 1 && b == 1);
  CHECK_STR(baton_decision_export_string(ev, 3), "zoe");
  CHECK_STR(baton_decision_export_string_by_name(ev, "owner_name"), "zoe");
  CHECK(baton_decision_export_time(ev, 4, &i) == 1 && i == 1767323045);
  CHECK(baton_decision_export_time_by_name(ev, "signed", &i) == 1 && i == 1767323045);
  CHECK(baton_decision_export_duration(ev, 5, &i) == 1 && i == 30 * 86400);
  CHECK(baton_decision_export_duration_by_name(ev, "cooldown", &i) == 1 && i == 30 * 86400);
  CHECK_STR(baton_decision_export_text(ev, 4), "2026-01-02T03:04:05Z");
  CHECK_STR(baton_decision_export_text(ev, 5), "30d");
  CHECK_STR(baton_decision_export_text_by_name(ev, "budget_k"), "2.5005");
  CHECK_STR(baton_decision_export_text_by_name(ev, "labels"), "b;a"); /* a set keeps its items' order */
  for (size_t k = 0; k < 8; ++k) CHECK(baton_decision_export_missing(ev, k) == 0);

  /* Each accessor keeps its own storage: two in one expression are fine. */
  char line[128];
  snprintf(line, sizeof line, "%s|%s|%s", baton_decision_export_string(ev, 3), baton_decision_export_text(ev, 0),
           baton_decision_export_text(ev, 3));
  CHECK_STR(line, "zoe|6000|zoe");
  /* ...in either order: the text first, then the string, of a new decision. */
  CHECK(eval(ev, "{\"id\":\"C\",\"email\":\"c@y.example\",\"owner\":\"max\",\"events\":[]}", 0) == BATON_OK);
  CHECK_STR(baton_decision_export_text(ev, 3), "max");
  CHECK_STR(baton_decision_export_string(ev, 3), "max");
  CHECK(eval(ev, BIG, 0) == BATON_OK);

  /* A getter of another type answers 0 and leaves *out alone. */
  i = 42;
  CHECK(baton_decision_export_int(ev, 1, &i) == 0 && i == 42);
  CHECK(baton_decision_export_time(ev, 0, &i) == 0 && i == 42);
  CHECK(baton_decision_export_int(ev, 5, &i) == 0 && i == 42); /* a duration is not an int */
  CHECK(baton_decision_export_string(ev, 0) == NULL);
  CHECK(baton_decision_export_bool_by_name(ev, "size_or_zero", &b) == 0);
  /* Out of range, unknown, NULL. */
  CHECK(baton_decision_export_int(ev, 8, &i) == 0 && i == 42);
  CHECK(baton_decision_export_int(ev, (size_t)-1, &i) == 0);
  CHECK(baton_decision_export_int_by_name(ev, "nope", &i) == 0 && i == 42);
  CHECK(baton_decision_export_int_by_name(ev, NULL, &i) == 0);
  CHECK(baton_decision_export_int(ev, 0, NULL) == 1); /* present: out may be NULL */
  CHECK(baton_decision_export_missing(ev, 8) == 1);
  CHECK(baton_decision_export_missing_by_name(ev, "nope") == 1);
  CHECK(baton_decision_export_text(ev, 8) == NULL);
  CHECK(baton_decision_export_text_by_name(ev, "nope") == NULL);
  CHECK(baton_decision_export_string_by_name(ev, NULL) == NULL);

  /* A lead without owner, signed_at, tags: those exports are missing. */
  CHECK(eval(ev, SMALL, 0) == BATON_OK);
  CHECK(baton_decision_export_missing(ev, 3) == 1);
  CHECK(baton_decision_export_missing_by_name(ev, "signed") == 1);
  CHECK(baton_decision_export_missing_by_name(ev, "labels") == 1);
  CHECK(baton_decision_export_missing_by_name(ev, "size_or_zero") == 0);
  CHECK(baton_decision_export_string(ev, 3) == NULL);
  CHECK(baton_decision_export_time(ev, 4, &i) == 0 && i == 42);
  CHECK_STR(baton_decision_export_text(ev, 3), "");
  CHECK(baton_decision_export_int(ev, 0, &i) == 1 && i == 0);
  b = -1;
  CHECK(baton_decision_export_bool(ev, 2, &b) == 1 && b == 0);

  /* A set holds each item once, in the order of first occurrence. */
  CHECK(eval(ev, "{\"id\":\"D\",\"email\":\"d@y.example\",\"tags\":[\"b\",\"a\",\"b\",\"a\"],\"events\":[]}", 0) ==
        BATON_OK);
  CHECK_STR(baton_decision_export_text_by_name(ev, "labels"), "b;a");
}

static void test_explain(baton_evaluator* ev) {
  /* Evaluated without explain: the explanation is made on demand. */
  CHECK(eval(ev, BIG, 0) == BATON_OK);
  const char* json = baton_decision_json(ev);
  CHECK(json && strstr(json, "\"id\":\"A\"") != NULL);
  const char* text = baton_decision_explain_text(ev);
  CHECK(text && strstr(text, "A") != NULL && strstr(text, "sql") != NULL && strstr(text, "+40") != NULL);
  /* Each arm's condition with the values that decided it, and the fields read. */
  CHECK(strstr(text, "YES  size 6000 is >= 5000") != NULL);
  CHECK(strstr(text, "lead fields the rules read\n") != NULL);
  const char* explain = baton_decision_explain_json(ev);
  CHECK(explain && explain[0] == '{' && strstr(explain, "\"stage\"") != NULL);
  CHECK(strstr(explain, "\"operands\":[{\"text\":\"size\",\"value\":6000},{\"text\":\"5000\"}]") != NULL);
  /* The decision and the strings handed out before stay as they were. */
  CHECK_STR(baton_decision_json(ev), json);
  CHECK_STR(baton_decision_stage(ev), "sql");
  int64_t size = 0;
  CHECK(baton_decision_export_int(ev, 0, &size) == 1 && size == 6000);
  /* The same text when asked for before evaluating. */
  char* first = strdup(text);
  CHECK(eval(ev, BIG, 1) == BATON_OK);
  CHECK_STR(baton_decision_explain_text(ev), first);
  free(first);
  /* No decision: NULL. */
  CHECK(eval(ev, "{\"id\":\"X\"}", 0) == BATON_REJECTED);
  CHECK(baton_decision_explain_text(ev) == NULL);
  CHECK(baton_decision_explain_json(ev) == NULL);
}

struct seen {
  baton_evaluator* ev;
  int calls;
  char ids[4][16];
  size_t lines[4];
  char fields[4][32];
};

static void on_error(void* user, const char* line, size_t size) {
  struct seen* s = user;
  (void)line;
  (void)size;
  if (s->calls < 4) {
    const char* id = baton_error_id(s->ev);
    snprintf(s->ids[s->calls], sizeof s->ids[0], "%s", id ? id : "(null)");
    s->lines[s->calls] = baton_error_line(s->ev);
    snprintf(s->fields[s->calls], sizeof s->fields[0], "%s", baton_error_field(s->ev));
  }
  ++s->calls;
}

static void test_rejections(baton_evaluator* ev) {
  CHECK(eval(ev, "{\"id\":\"R1\",\"email\":\"r@x.example\",\"size\":\"lots\",\"events\":[]}", 0) == BATON_REJECTED);
  CHECK_STR(baton_error_id(ev), "R1");
  CHECK(baton_error_line(ev) == 0);
  CHECK_STR(baton_error_field(ev), "size");
  CHECK(strstr(baton_error_message(ev), "lots") != NULL);
  CHECK(baton_decision_json(ev) == NULL);
  CHECK_STR(baton_decision_stage(ev), "");
  /* Without a readable id. */
  CHECK(eval(ev, "[1,2]", 0) == BATON_REJECTED);
  CHECK(baton_error_id(ev) == NULL);
  /* A success clears the last rejection. */
  CHECK(eval(ev, SMALL, 0) == BATON_OK);
  CHECK(baton_error_id(ev) == NULL);
  CHECK_STR(baton_error_field(ev), "");
  CHECK_STR(baton_error_message(ev), "");

  /* In a batch, on_error sees the rejected record's id, line and field. */
  const char* batch =
      "{\"id\":\"J1\",\"email\":\"a@x.example\",\"events\":[]}\n"
      "\n"
      "{\"id\":\"J3\",\"email\":\"a@x.example\",\"size\":true,\"events\":[]}\n"
      "not json\n"
      "{\"id\":\"J5\",\"email\":\"a@x.example\",\"events\":[]}\n";
  struct seen s;
  memset(&s, 0, sizeof s);
  s.ev = ev;
  size_t scored = 0, rejected = 0;
  CHECK(baton_evaluate_jsonl(ev, batch, strlen(batch), AS_OF, NULL, on_error, &s, &scored, &rejected) ==
        BATON_REJECTED);
  CHECK(scored == 2 && rejected == 2 && s.calls == 2);
  CHECK_STR(s.ids[0], "J3");
  CHECK(s.lines[0] == 3);
  CHECK_STR(s.fields[0], "size");
  CHECK_STR(s.ids[1], "(null)");
  CHECK(s.lines[1] == 4);
  /* The last line scored: its explanation is available after the batch. */
  const char* text = baton_decision_explain_text(ev);
  CHECK(text && strstr(text, "J5") != NULL);
  CHECK_STR(baton_decision_id(ev), "J5");

  /* Read as `baton score` reads a file: lines ending in CR alone (told by
     the first line end) with their numbers, a byte-order mark at the start,
     and a line holding only one is blank, as is one holding only the LF of
     a CR LF. */
  const char* cr_lines =
      "\xEF\xBB\xBF{\"id\":\"C1\",\"email\":\"a@x.example\",\"events\":[]}\r"
      "\r"
      "{\"id\":\"C3\",\"email\":\"a@x.example\",\"size\":true,\"events\":[]}\r\n\r"
      "\xEF\xBB\xBF\r"
      "{\"id\":\"C5\",\"email\":\"a@x.example\",\"events\":[]}\r";
  memset(&s, 0, sizeof s);
  s.ev = ev;
  CHECK(baton_evaluate_jsonl(ev, cr_lines, strlen(cr_lines), AS_OF, NULL, on_error, &s, &scored, &rejected) ==
        BATON_REJECTED);
  CHECK(scored == 2 && rejected == 1 && s.calls == 1);
  CHECK_STR(s.ids[0], "C3");
  CHECK(s.lines[0] == 3);
  const char* bom_only = "\xEF\xBB\xBF";
  CHECK(baton_evaluate_jsonl(ev, bom_only, strlen(bom_only), AS_OF, NULL, on_error, &s, &scored, &rejected) ==
        BATON_OK);
  CHECK(scored == 0 && rejected == 0);
}

/* An as_of outside 0001..9999 (milliseconds, say) is an error for the whole
   call, with a message, not a decision in the year 58863. */
static void test_as_of_range(baton_evaluator* ev) {
  const char* lead = "{\"id\":\"T1\",\"email\":\"a@x.example\",\"events\":[]}";
  const int64_t millis = AS_OF * 1000;
  CHECK(baton_evaluate_json(ev, lead, strlen(lead), millis, 0) == BATON_ERROR);
  CHECK(strstr(baton_error_message(ev), "milliseconds? divide by 1000") != NULL);
  CHECK(strcmp(baton_decision_stage(ev), "") == 0); /* no decision is left from before */
  CHECK(baton_evaluate_json(ev, lead, strlen(lead), INT64_MIN, 0) == BATON_ERROR);
  CHECK(baton_evaluate_json(ev, lead, strlen(lead), 253402300800, 0) == BATON_ERROR);
  CHECK(baton_evaluate_json(ev, lead, strlen(lead), -62135596801, 0) == BATON_ERROR);
  CHECK(baton_evaluate_json(ev, lead, strlen(lead), 253402300799, 0) == BATON_OK);
  CHECK(baton_evaluate_json(ev, lead, strlen(lead), -62135596800, 0) == BATON_OK);
  size_t scored = 7, rejected = 7;
  CHECK(baton_evaluate_jsonl(ev, lead, strlen(lead), millis, NULL, NULL, NULL, &scored, &rejected) == BATON_ERROR);
  CHECK(scored == 7 && rejected == 7);  /* nothing was read */
  const char* csv = "id,email\nT2,a@x.example\n";
  CHECK(baton_evaluate_csv(ev, csv, strlen(csv), NULL, millis, NULL, NULL, NULL, NULL, NULL) == BATON_ERROR);
  CHECK(strstr(baton_error_message(ev), "is outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z") != NULL);
  CHECK(baton_evaluate_json(ev, lead, strlen(lead), AS_OF, 0) == BATON_OK);
}

static void on_decision_count(void* user, const char* line, size_t size) {
  (void)line;
  (void)size;
  ++*(int*)user;
}

/* CSV leads: a header row, columns mapped or named like fields, cells read
 * with coercion, rejections naming the line a row starts on. */
static void test_csv(baton_program* p) {
  baton_evaluator* ev = baton_evaluator_new(p);
  const char* csv =
      "Lead ID,email,Size,Signed At,tags,Notes\r\n"
      "C1,a@x.example,5000,2026-06-10 10:00:00,a;b,\"two\r\nlines\"\r\n"
      "C2,b@x.example,lots,,,\r\n"
      "C3,c@x.example,\"1,5\"\r\n";
  struct seen s;
  memset(&s, 0, sizeof s);
  s.ev = ev;
  size_t scored = 0, rejected = 0;
  CHECK(baton_evaluate_csv(ev, csv, strlen(csv), "Lead ID=id\nSize=size\nNotes=\n", AS_OF, NULL, on_error, &s, &scored,
                           &rejected) == BATON_REJECTED);
  CHECK(scored == 1 && rejected == 2 && s.calls == 2);
  CHECK_STR(s.ids[0], "C2");
  CHECK(s.lines[0] == 4); /* C1's notes span lines 2 and 3 */
  CHECK_STR(s.fields[0], "size");
  CHECK_STR(s.ids[1], "C3");
  CHECK(s.lines[1] == 5);
  CHECK_STR(s.fields[1], "");
  /* The evaluator's own decoder is back: JSON text is not coerced. */
  CHECK(eval(ev, "{\"id\":\"J\",\"email\":\"j@x.example\",\"size\":\"5000\",\"events\":[]}", 0) == BATON_REJECTED);
  /* The one row scored, with its decision. */
  int decisions = 0;
  const char* one = "Lead ID,email,Size\nC9,z@x.example,5000\n";
  CHECK(baton_evaluate_csv(ev, one, strlen(one), "Lead ID=id\nSize=size", AS_OF, on_decision_count, NULL, &decisions,
                           &scored, &rejected) == BATON_OK);
  CHECK(decisions == 1 && scored == 1 && rejected == 0);
  CHECK_STR(baton_decision_id(ev), "C9");
  CHECK_STR(baton_decision_stage(ev), "sql");
  /* An unusable header or mapping: BATON_ERROR before any row. */
  CHECK(baton_evaluate_csv(ev, one, strlen(one), "Nope=id", AS_OF, NULL, NULL, NULL, NULL, NULL) == BATON_ERROR);
  CHECK(strstr(baton_error_message(ev), "Nope") != NULL);
  CHECK(baton_evaluate_csv(ev, one, strlen(one), "no equals", AS_OF, NULL, NULL, NULL, NULL, NULL) == BATON_ERROR);
  CHECK(baton_evaluate_csv(ev, "", 0, NULL, AS_OF, NULL, NULL, NULL, NULL, NULL) == BATON_ERROR);
  CHECK(baton_evaluate_csv(NULL, one, strlen(one), NULL, AS_OF, NULL, NULL, NULL, NULL, NULL) == BATON_ERROR);
  baton_evaluator_free(ev);
}

static void test_options(baton_program* p) {
  baton_evaluator* ev = baton_evaluator_new(p);
  const char* unknown_field = "{\"id\":\"U\",\"email\":\"u@x.example\",\"shoe_size\":44,\"events\":[]}";
  CHECK(eval(ev, unknown_field, 0) == BATON_OK);
  CHECK(baton_evaluator_set_option(ev, "strict", 1) == BATON_OK);
  CHECK(eval(ev, unknown_field, 0) == BATON_REJECTED);
  CHECK_STR(baton_error_field(ev), "shoe_size");
  CHECK_STR(baton_error_id(ev), "U");
  CHECK(baton_evaluator_set_option(ev, "strict", 0) == BATON_OK);
  CHECK(eval(ev, unknown_field, 0) == BATON_OK);

  const char* two_visits =
      "{\"id\":\"V\",\"email\":\"v@x.example\",\"events\":[{\"type\":\"visit\",\"at\":\"2026-11-20T00:00:00Z\","
      "\"url\":\"/a\"},{\"type\":\"visit\",\"at\":\"2026-11-21T00:00:00Z\",\"url\":\"/b\"}]}";
  CHECK(eval(ev, two_visits, 0) == BATON_OK);
  CHECK(baton_evaluator_set_option(ev, "max_events", 1) == BATON_OK);
  CHECK(eval(ev, two_visits, 0) == BATON_REJECTED);
  CHECK(baton_evaluator_set_option(ev, "max_events", 2) == BATON_OK);
  CHECK(eval(ev, two_visits, 0) == BATON_OK);
  CHECK(baton_evaluator_set_option(ev, "max_depth", 1) == BATON_OK);
  CHECK(eval(ev, two_visits, 0) == BATON_REJECTED);
  CHECK(baton_evaluator_set_option(ev, "max_depth", 64) == BATON_OK);

  /* CRM text: rejected as it is, read with "coerce" (in a zone when given). */
  const char* crm = "{\"id\":\"C\",\"email\":\"c@x.example\",\"size\":\"6000\",\"signed_at\":\"2026-01-02 03:04:05\","
                    "\"events\":[{\"type\":\"Visit\",\"at\":\"2026-11-20T00:00:00Z\",\"url\":\"/\"}]}";
  CHECK(eval(ev, crm, 0) == BATON_REJECTED);
  CHECK_STR(baton_error_field(ev), "size");
  CHECK(baton_evaluator_set_option(ev, "coerce", 1) == BATON_OK);
  CHECK(eval(ev, crm, 0) == BATON_OK);
  int64_t value = 0;
  CHECK(baton_decision_export_int_by_name(ev, "size_or_zero", &value) == 1 && value == 6000);
  CHECK(baton_decision_export_time_by_name(ev, "signed", &value) == 1 && value == 1767323045);
  CHECK(baton_decision_export_int_by_name(ev, "visits", &value) == 1 && value == 0); /* "Visit" is not visit */
  CHECK(baton_evaluator_set_option(ev, "event_types_ignore_case", 1) == BATON_OK);
  CHECK(baton_evaluator_set_option_text(ev, "coerce_zone", "Europe/Berlin") == BATON_OK);
  CHECK(eval(ev, crm, 0) == BATON_OK);
  CHECK(baton_decision_export_time_by_name(ev, "signed", &value) == 1 && value == 1767323045 - 3600);
  CHECK(baton_decision_export_int_by_name(ev, "visits", &value) == 1 && value == 1);
  CHECK(baton_evaluator_set_option_text(ev, "coerce_zone", "Mars/Olympus") == BATON_ERROR);
  CHECK(baton_evaluator_set_option_text(ev, "zone", "UTC") == BATON_ERROR);
  CHECK(baton_evaluator_set_option_text(ev, "coerce_zone", NULL) == BATON_ERROR);
  CHECK(baton_evaluator_set_option_text(NULL, "coerce_zone", "UTC") == BATON_ERROR);
  CHECK(eval(ev, crm, 0) == BATON_OK); /* still Berlin */
  CHECK(baton_decision_export_time_by_name(ev, "signed", &value) == 1 && value == 1767323045 - 3600);
  CHECK(baton_evaluator_set_option_text(ev, "coerce_zone", "") == BATON_OK);
  CHECK(baton_evaluator_set_option(ev, "coerce", 0) == BATON_OK);
  CHECK(baton_evaluator_set_option(ev, "event_types_ignore_case", 0) == BATON_OK);
  CHECK(eval(ev, crm, 0) == BATON_REJECTED);
  CHECK(baton_evaluator_set_option(ev, "coerce", 2) == BATON_ERROR);

  /* Unknown names and values out of range change nothing. */
  CHECK(baton_evaluator_set_option(ev, "bogus", 1) == BATON_ERROR);
  CHECK(baton_evaluator_set_option(ev, "strict", 2) == BATON_ERROR);
  CHECK(baton_evaluator_set_option(ev, "max_events", 0) == BATON_ERROR);
  CHECK(baton_evaluator_set_option(ev, "max_events", -5) == BATON_ERROR);
  CHECK(baton_evaluator_set_option(ev, "max_depth", 0) == BATON_ERROR);
  CHECK(baton_evaluator_set_option(ev, NULL, 1) == BATON_ERROR);
  CHECK(baton_evaluator_set_option(NULL, "strict", 1) == BATON_ERROR);
  CHECK(eval(ev, two_visits, 0) == BATON_OK);
  CHECK(eval(ev, unknown_field, 0) == BATON_OK);
  baton_evaluator_free(ev);
}

static void test_null_evaluator(void) {
  int64_t i = 7;
  double n = 7;
  int b = 7;
  CHECK(baton_decision_export_missing(NULL, 0) == 1);
  CHECK(baton_decision_export_int(NULL, 0, &i) == 0 && i == 7);
  CHECK(baton_decision_export_number(NULL, 0, &n) == 0 && n == 7);
  CHECK(baton_decision_export_bool(NULL, 0, &b) == 0 && b == 7);
  CHECK(baton_decision_export_time(NULL, 0, &i) == 0);
  CHECK(baton_decision_export_duration(NULL, 0, &i) == 0);
  CHECK(baton_decision_export_string(NULL, 0) == NULL);
  CHECK(baton_decision_export_text(NULL, 0) == NULL);
  CHECK(baton_decision_export_missing_by_name(NULL, "x") == 1);
  CHECK(baton_decision_export_int_by_name(NULL, "x", &i) == 0);
  CHECK(baton_decision_export_number_by_name(NULL, "x", &n) == 0);
  CHECK(baton_decision_export_bool_by_name(NULL, "x", &b) == 0);
  CHECK(baton_decision_export_time_by_name(NULL, "x", &i) == 0);
  CHECK(baton_decision_export_duration_by_name(NULL, "x", &i) == 0);
  CHECK(baton_decision_export_string_by_name(NULL, "x") == NULL);
  CHECK(baton_decision_export_text_by_name(NULL, "x") == NULL);
  CHECK(baton_decision_explain_text(NULL) == NULL);
  CHECK(baton_decision_explain_json(NULL) == NULL);
  CHECK(baton_error_id(NULL) == NULL);
  CHECK(baton_error_line(NULL) == 0);
  CHECK(baton_evaluate_json(NULL, "{}", 2, 0, 0) == BATON_ERROR);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CAPI.batonc\n", argv[0]);
    return 2;
  }
  char* error = NULL;
  baton_program* p = baton_program_load_file(argv[1], &error);
  if (!p) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], error);
    baton_string_free(error);
    return 2;
  }
  test_bad_loads();
  test_tables(p);
  test_null_program();
  baton_evaluator* ev = baton_evaluator_new(p);
  /* Before any evaluation nothing is there, and nothing crashes. */
  CHECK(baton_decision_export_missing(ev, 0) == 1);
  CHECK(baton_decision_export_text(ev, 0) == NULL);
  CHECK(baton_decision_explain_text(ev) == NULL);
  CHECK(baton_error_id(ev) == NULL);
  test_exports(ev);
  test_explain(ev);
  test_rejections(ev);
  test_as_of_range(ev);
  baton_evaluator_free(ev);
  test_options(p);
  test_csv(p);
  test_null_evaluator();
  baton_program_free(p);
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  puts("C API: all checks passed");
  return 0;
}
