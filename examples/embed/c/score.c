/* Scores JSON Lines with a compiled SLA through the C API.
 *
 *   score PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS
 *
 * Prints one decision per lead (the same lines as `baton score`) and the
 * rejected records on stderr; exits 1 when any record was rejected. */
#include <baton/baton.h>
#include <stdio.h>
#include <stdlib.h>

static void print_line(void* stream, const char* line, size_t size) {
  fwrite(line, 1, size, (FILE*)stream);
  fputc('\n', (FILE*)stream);
}

static void print_error(void* unused, const char* line, size_t size) {
  (void)unused;
  fwrite(line, 1, size, stderr);
  fputc('\n', stderr);
}

static char* read_all(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long length = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* data = malloc((size_t)length + 1);
  if (data && fread(data, 1, (size_t)length, f) != (size_t)length) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = (size_t)length;
  return data;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS\n", argv[0]);
    return 2;
  }
  if (baton_abi_version() != BATON_ABI_VERSION) {
    fprintf(stderr, "libbaton ABI %d, this program was built for %d\n", baton_abi_version(), BATON_ABI_VERSION);
    return 2;
  }
  char* error = NULL;
  baton_program* program = baton_program_load_file(argv[1], &error);
  if (!program) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], error);
    baton_string_free(error);
    return 2;
  }
  size_t size = 0;
  char* leads = read_all(argv[2], &size);
  if (!leads) {
    fprintf(stderr, "cannot read %s\n", argv[2]);
    baton_program_free(program);
    return 2;
  }
  baton_evaluator* evaluator = baton_evaluator_new(program);
  size_t scored = 0, rejected = 0;
  baton_evaluate_jsonl(evaluator, leads, size, strtoll(argv[3], NULL, 10), print_line, print_error, stdout, &scored,
                       &rejected);
  fprintf(stderr, "%s %s: scored %zu, rejected %zu\n", baton_program_name(program), baton_program_version(program),
          scored, rejected);
  baton_evaluator_free(evaluator);
  baton_program_free(program);
  free(leads);
  return rejected ? 1 : 0;
}
