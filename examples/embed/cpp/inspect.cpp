// What a service checks and reads through the C++ API: the same as
// examples/embed/c/inspect.c, line for line.
//
//   inspect PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS EXPLAIN_ID
#include <baton/evaluate.hpp>
#include <baton/explain.hpp>
#include <baton/load.hpp>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

namespace {

void describe(const baton::Program& program) {
  const baton::ProgramImage& image = program.image();
  std::printf("%s %s\n", image.sla_name.c_str(), image.sla_version.c_str());
  std::printf("stages:");
  for (const auto& stage : image.stages) std::printf(" %s", stage.name.c_str());
  std::printf("\nroutes:\n");
  for (std::size_t i = 0; i < image.routes.size(); ++i) {
    const std::string* to = program.route_constant(i);  // null: computed per lead
    std::printf("  %s -> %s", image.stages[image.routes[i].stage].name.c_str(), to ? to->c_str() : "(computed)");
    if (image.routes[i].within >= 0) std::printf(" within %" PRId64 "s", image.routes[i].within);
    std::printf("\n");
  }
  std::printf("exports:");
  for (std::size_t i = 0; i < image.exports.size(); ++i)
    std::printf(" %s:%s", image.exports[i].name.c_str(), std::string(baton::type_name(program.export_type(i))).c_str());
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: inspect PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS EXPLAIN_ID\n";
    return 2;
  }
  std::string error;
  auto program = baton::Program::load_file(argv[1], error);
  if (!program) {
    std::cerr << "cannot load " << argv[1] << ": " << error << "\n";
    return 2;
  }
  std::ifstream leads(argv[2]);
  if (!leads) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 2;
  }
  describe(*program);

  baton::RecordDecoder decoder(program, {.strict = true});  // unknown fields are errors, not silence
  baton::Evaluator evaluator(program);
  baton::Record record;
  std::int64_t as_of = std::stoll(argv[3]);
  std::size_t number = 0, rejected = 0;
  for (std::string line; std::getline(leads, line);) {
    ++number;
    baton::DecodeError bad;
    if (!decoder.decode(line, record, bad)) {
      std::printf("line %zu (%s) rejected: %s: %s\n", number, record.has_id ? record.id.c_str() : "no id",
                  bad.field.c_str(), bad.message.c_str());
      ++rejected;
      continue;
    }
    const baton::Decision& d = evaluator.evaluate(record, as_of);
    std::printf("%s %s", record.id.c_str(), program->image().stages[d.stage].name.c_str());
    if (auto total = baton::exported_as<double>(*program, d, "total")) std::printf(" total=%.1f", *total);
    if (auto bant = baton::exported_as<std::int64_t>(*program, d, "bant")) std::printf(" bant=%" PRId64, *bant);
    std::printf("\n");
    if (record.id == argv[4]) {
      // Explain after the fact: the same record again, with explain on.
      std::string text;
      baton::append_explain_text(*program, record, evaluator.evaluate(record, as_of, true), text);
      std::fputs(text.c_str(), stdout);
    }
  }
  return rejected ? 1 : 0;
}
