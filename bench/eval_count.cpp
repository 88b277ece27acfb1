// A driver for exact instruction counts of evaluation: compiles an SLA,
// decodes every lead of a JSON Lines file once, then evaluates all of them
// PASSES times. Run it under callgrind, collecting only inside evaluate:
//
//   valgrind --tool=callgrind --toggle-collect='baton::Evaluator::evaluate*'
//            build-bench/bench/eval_count examples/b2b-saas.baton leads.jsonl 2
//
// Instructions of the second pass (2 passes minus 1 pass) are the "warm"
// figure of bench/README.md, the first pass the "cold" one.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: eval_count SLA.baton LEADS.jsonl PASSES\n");
    return 2;
  }
  std::ifstream sla_file(argv[1]);
  std::stringstream text;
  text << sla_file.rdbuf();
  baton::SourceFile source(argv[1], text.str());
  baton::Diagnostics diagnostics;
  auto compiled = baton::compile(source, diagnostics);
  if (!compiled.program) {
    std::fprintf(stderr, "eval_count: %s does not compile (run baton check)\n", argv[1]);
    return 1;
  }
  baton::RecordDecoder decoder(compiled.program);
  std::vector<baton::Record> records;
  std::ifstream leads(argv[2]);
  for (std::string line; std::getline(leads, line);) {
    baton::Record record;
    baton::DecodeError error;
    if (decoder.decode(line, record, error)) records.push_back(std::move(record));
  }
  baton::Evaluator evaluator(compiled.program);
  const int passes = std::stoi(argv[3]);
  double checksum = 0;  // keeps the evaluations observable
  for (int pass = 0; pass < passes; ++pass)
    for (const auto& record : records) checksum += evaluator.evaluate(record, 1795392000).scores.at(0);
  std::printf("%zu leads, %d passes, checksum %g\n", records.size(), passes, checksum);
  return 0;
}
