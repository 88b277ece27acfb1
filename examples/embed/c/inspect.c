/* What a service checks and reads through the C API (baton.h only):
 *
 *   inspect PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS EXPLAIN_ID
 *
 * Lists the program's stages, routes (constant destinations can be checked
 * against the real owners at load time) and exports; scores every lead,
 * printing its stage and two exported values read by name; and prints the
 * explanation of the lead EXPLAIN_ID, asked for after its evaluation. */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <baton/baton.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* type_name(baton_type t) {
  static const char* names[] = {"?", "int", "number", "string", "bool", "time", "duration", "set", "list"};
  return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

static void describe(const baton_program* program) {
  printf("%s %s\n", baton_program_name(program), baton_program_version(program));
  printf("stages:");
  for (size_t i = 0; i < baton_program_stage_count(program); ++i)
    printf(" %s", baton_program_stage_name(program, i));
  printf("\nroutes:\n");
  for (size_t i = 0; i < baton_program_route_count(program); ++i) {
    const char* to = baton_program_route_destination(program, i); /* NULL: computed per lead */
    int64_t within = baton_program_route_within(program, i);
    printf("  %s -> %s", baton_program_route_stage(program, i), to ? to : "(computed)");
    if (within >= 0) printf(" within %" PRId64 "s", within);
    printf("\n");
  }
  printf("exports:");
  for (size_t i = 0; i < baton_program_export_count(program); ++i)
    printf(" %s:%s", baton_program_export_name(program, i), type_name(baton_program_export_type(program, i)));
  printf("\n");
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS EXPLAIN_ID\n", argv[0]);
    return 2;
  }
  char* error = NULL;
  baton_program* program = baton_program_load_file(argv[1], &error);
  if (!program) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], error);
    baton_string_free(error);
    return 2;
  }
  FILE* leads = fopen(argv[2], "rb");
  if (!leads) {
    fprintf(stderr, "cannot read %s\n", argv[2]);
    baton_program_free(program);
    return 2;
  }
  describe(program);

  baton_evaluator* ev = baton_evaluator_new(program);
  baton_evaluator_set_option(ev, "strict", 1); /* unknown fields are errors, not silence */
  int64_t as_of = strtoll(argv[3], NULL, 10);
  char* line = NULL; /* getline grows it to the longest record: a lead with many events is long */
  size_t capacity = 0, number = 0, rejected = 0;
  ssize_t length;
  while ((length = getline(&line, &capacity, leads)) != -1) {
    ++number;
    if (strspn(line, " \t\r\n") == (size_t)length) continue; /* blank lines are not records */
    if (baton_evaluate_json(ev, line, (size_t)length, as_of, 0) != BATON_OK) {
      const char* id = baton_error_id(ev);
      printf("line %zu (%s) rejected: %s: %s\n", number, id ? id : "no id", baton_error_field(ev),
             baton_error_message(ev));
      ++rejected;
      continue;
    }
    double total = 0;
    int64_t bant = 0;
    printf("%s %s", baton_decision_id(ev), baton_decision_stage(ev));
    if (baton_decision_export_number_by_name(ev, "total", &total)) printf(" total=%.1f", total);
    if (baton_decision_export_int_by_name(ev, "bant", &bant)) printf(" bant=%" PRId64, bant);
    printf("\n");
    if (strcmp(baton_decision_id(ev), argv[4]) == 0) fputs(baton_decision_explain_text(ev), stdout);
  }
  free(line);
  fclose(leads);
  baton_evaluator_free(ev);
  baton_program_free(program);
  return rejected ? 1 : 0;
}
