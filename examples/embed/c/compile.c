/* Compiles an SLA from C (libbaton_compiler.so, baton/baton_compiler.h) and
 * writes the .batonc that `baton build` would write:
 *
 *   compile SLA.baton OUT.batonc [--json]
 *
 * Diagnostics go to stderr as `baton check` prints them (with --json: as a
 * JSON array). Exits 1 when the SLA does not compile, 2 on usage errors. */
#include <baton/baton.h>
#include <baton/baton_compiler.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--json") != 0)) {
    fprintf(stderr, "usage: %s SLA.baton OUT.batonc [--json]\n", argv[0]);
    return 2;
  }
  baton_compilation* c = baton_compile_file(argv[1]);
  if (!c) return 2;
  fputs(argc == 4 ? baton_compilation_diagnostics_json(c) : baton_compilation_diagnostics_text(c), stderr);
  const void* bytes = NULL;
  size_t size = 0;
  if (!baton_compilation_bytes(c, &bytes, &size)) {
    baton_compilation_free(c);
    return 1;
  }
  FILE* out = fopen(argv[2], "wb");
  int ok = out && fwrite(bytes, 1, size, out) == size;
  if (out && fclose(out) != 0) ok = 0;
  if (!ok) fprintf(stderr, "cannot write %s\n", argv[2]);
  /* The program is also ready for baton.h without a file in between. */
  baton_program* program = baton_compilation_program(c, NULL);
  if (program) printf("%s %s: %zu stages, %zu routes\n", baton_program_name(program), baton_program_version(program),
                      baton_program_stage_count(program), baton_program_route_count(program));
  baton_program_free(program);
  baton_compilation_free(c);
  return ok ? 0 : 2;
}
