/* baton_compiler.h: compile from a file and from text, diagnostics as text
 * and JSON, .batonc bytes, a program for baton.h; bad input never crashes.
 *
 *   compiler_capi_test SLA.baton        (tests/embed/capi.baton) */
#include <baton/baton.h>
#include <baton/baton_compiler.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
      ++failures;                                                                \
    }                                                                            \
  } while (0)

static const char* LEAD = "{\"id\":\"A\",\"email\":\"x@y.example\",\"size\":6000,\"events\":[]}";

static void evaluates(baton_program* p) {
  baton_evaluator* ev = baton_evaluator_new(p);
  CHECK(ev != NULL);
  CHECK(baton_evaluate_json(ev, LEAD, strlen(LEAD), 1795392000, 0) == BATON_OK);
  CHECK(strcmp(baton_decision_stage(ev), "sql") == 0);
  CHECK(strcmp(baton_decision_route(ev), "team:enterprise") == 0);
  baton_evaluator_free(ev);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s SLA.baton\n", argv[0]);
    return 2;
  }
  CHECK(baton_compiler_abi_version() == BATON_COMPILER_ABI_VERSION);

  /* A file that compiles: a program for baton.h, and .batonc bytes. */
  baton_compilation* c = baton_compile_file(argv[1]);
  CHECK(c != NULL && baton_compilation_ok(c) == 1);
  CHECK(baton_compilation_error_count(c) == 0);
  CHECK(strcmp(baton_compilation_diagnostics_json(c), "[]") == 0);
  char* error = NULL;
  baton_program* p = baton_compilation_program(c, &error);
  CHECK(p != NULL && error == NULL);
  CHECK(p && strcmp(baton_program_name(p), "capi-test") == 0);
  if (p) evaluates(p);
  const void* bytes = NULL;
  size_t size = 0;
  CHECK(baton_compilation_bytes(c, &bytes, &size) == 1 && size > 16 && memcmp(bytes, "BTNC", 4) == 0);
  baton_program* loaded = baton_program_load_bytes(bytes, size, NULL);
  CHECK(loaded != NULL);
  CHECK(loaded && p && strcmp(baton_program_fingerprint(loaded), baton_program_fingerprint(p)) == 0);
  baton_compilation_free(c);
  if (loaded) evaluates(loaded); /* the program outlives its compilation */
  baton_program_free(loaded);
  baton_program_free(p);

  /* Source with a typo: no program, the diagnostic as `baton check` says it. */
  const char* typo =
      "sla \"t\" version \"1\"\nlead { email: string }\nscore s {\n  +5 when emial == \"x\"\n}\n"
      "stages {\n  a otherwise\n}\n";
  c = baton_compile_source("typo.baton", typo, strlen(typo));
  CHECK(c != NULL && baton_compilation_ok(c) == 0);
  CHECK(baton_compilation_error_count(c) >= 1);
  const char* text = baton_compilation_diagnostics_text(c);
  CHECK(strstr(text, "typo.baton:4:") != NULL && strstr(text, "error[E0") != NULL && strstr(text, "emial") != NULL);
  const char* json = baton_compilation_diagnostics_json(c);
  CHECK(strncmp(json, "[{", 2) == 0 && strstr(json, "\"line\":4") != NULL && json[strlen(json) - 1] == ']');
  error = NULL;
  CHECK(baton_compilation_program(c, &error) == NULL && error != NULL);
  baton_string_free(error);
  CHECK(baton_compilation_bytes(c, &bytes, &size) == 0);
  baton_compilation_free(c);

  /* A file that cannot be read: one error, said plainly. */
  c = baton_compile_file("/nonexistent/dir/sla.baton");
  CHECK(c != NULL && baton_compilation_ok(c) == 0 && baton_compilation_error_count(c) == 1);
  CHECK(strstr(baton_compilation_diagnostics_text(c), "/nonexistent/dir/sla.baton: error: cannot read the file") != NULL);
  CHECK(strstr(baton_compilation_diagnostics_json(c), "cannot read the file") != NULL);
  baton_compilation_free(c);

  /* NULL everywhere. */
  c = baton_compile_source(NULL, NULL, 0); /* empty text: E0012 */
  CHECK(c != NULL && baton_compilation_ok(c) == 0);
  CHECK(strstr(baton_compilation_diagnostics_text(c), "<source>:1:1") != NULL);
  baton_compilation_free(c);
  c = baton_compile_source("x", NULL, 10);
  CHECK(c != NULL && baton_compilation_ok(c) == 0);
  baton_compilation_free(c);
  c = baton_compile_file(NULL);
  CHECK(c != NULL && baton_compilation_ok(c) == 0);
  baton_compilation_free(c);
  baton_compilation_free(NULL);
  CHECK(baton_compilation_ok(NULL) == 0);
  CHECK(baton_compilation_error_count(NULL) == 0);
  CHECK(baton_compilation_warning_count(NULL) == 0);
  CHECK(strcmp(baton_compilation_diagnostics_text(NULL), "") == 0);
  CHECK(strcmp(baton_compilation_diagnostics_json(NULL), "[]") == 0);
  CHECK(baton_compilation_bytes(NULL, &bytes, &size) == 0);
  error = NULL;
  CHECK(baton_compilation_program(NULL, &error) == NULL && error != NULL);
  baton_string_free(error);

  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  puts("compiler C API: all checks passed");
  return 0;
}
