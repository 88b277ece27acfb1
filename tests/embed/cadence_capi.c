/* The C API's view of a route's cadence (tests/embed/cadence.baton): a lead
 * that arrives on Friday 2026-11-27 at 16:30 in Berlin gets its first touch
 * due on Monday 13:30 CET (4 working hours, lunch 12-13), the manager is
 * told after 8 working hours (Tuesday 09:30 CET) and the VP after 2 days.
 * A lead routed by an arm whose `within` is missing for it has no deadline,
 * and its explanation says why. */
#include <baton/baton.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;
#define EXPECT(cond)                                                 \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                    \
    }                                                                \
  } while (0)

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  char* error = NULL;
  baton_program* program = baton_program_load_file(argv[1], &error);
  if (!program) {
    fprintf(stderr, "%s\n", error);
    return 2;
  }
  baton_evaluator* ev = baton_evaluator_new(program);
  const int64_t friday_1630_cet = 1795793400; /* 2026-11-27T15:30:00Z */
  const char* de = "{\"id\":\"L1\",\"email\":\"d@big.example\",\"country\":\"DE\"}";
  EXPECT(baton_evaluate_json(ev, de, strlen(de), friday_1630_cet, 0) == BATON_OK);
  int64_t due = 0;
  EXPECT(baton_decision_has_deadline(ev));
  EXPECT(baton_decision_deadline(ev) == 1796041800); /* Mon 2026-11-30T12:30:00Z = 13:30 CET */
  EXPECT(baton_decision_escalation_count(ev) == 2);
  EXPECT(strcmp(baton_decision_escalation_to(ev, 0), "manager:emea") == 0);
  EXPECT(baton_decision_escalation_due(ev, 0, &due) == 1 && due == 1796113800); /* Tue 09:30 CET */
  EXPECT(strcmp(baton_decision_escalation_to(ev, 1), "vp:sales") == 0);
  EXPECT(baton_decision_escalation_due(ev, 1, &due) == 1 && due == friday_1630_cet + 2 * 86400);
  EXPECT(baton_decision_escalation_to(ev, 2) == NULL);
  EXPECT(baton_decision_escalation_due(ev, 2, &due) == 0);
  EXPECT(strstr(baton_decision_json(ev), "\"escalations\":[{\"to\":\"manager:emea\",\"due\":\"2026-12-01T08:30:00Z\"}") != NULL);

  const char* us = "{\"id\":\"L2\",\"email\":\"x@y.example\",\"country\":\"US\"}";
  EXPECT(baton_evaluate_json(ev, us, strlen(us), friday_1630_cet, 0) == BATON_OK);
  EXPECT(baton_decision_escalation_count(ev) == 0);
  EXPECT(baton_decision_escalation_to(ev, 0) == NULL);

  const char* br = "{\"id\":\"L3\",\"email\":\"b@r.example\",\"country\":\"BR\"}";
  EXPECT(baton_evaluate_json(ev, br, strlen(br), friday_1630_cet, 0) == BATON_OK);
  EXPECT(strcmp(baton_decision_route(ev), "team:latam") == 0);
  EXPECT(!baton_decision_has_deadline(ev));
  const char* text = baton_decision_explain_text(ev);
  EXPECT(text && strstr(text, "\ndeadline: none: its `within` is missing for this lead\n") != NULL);
  const char* json = baton_decision_explain_json(ev);
  EXPECT(json && strstr(json, "\"no_deadline\":\"its `within` is missing for this lead\"") != NULL);
  const char* late = "{\"id\":\"L4\",\"email\":\"b@r.example\",\"country\":\"BR\",\"reply_hours\":-2}";
  EXPECT(baton_evaluate_json(ev, late, strlen(late), friday_1630_cet, 1) == BATON_OK);
  EXPECT(!baton_decision_has_deadline(ev));
  json = baton_decision_explain_json(ev);
  EXPECT(json && strstr(json, "\"no_deadline\":\"its `within` is negative for this lead\"") != NULL);

  baton_evaluator_free(ev);
  baton_program_free(program);
  if (failures == 0) printf("cadence C API: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
