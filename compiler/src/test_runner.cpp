#include "baton/compiler/test_runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "baton/common/time.hpp"
#include "baton/compiler/codegen.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/compiler/joined_source.hpp"
#include "baton/compiler/parse.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "test_record.hpp"

namespace baton {

std::size_t Coverage::hit_count() const {
  std::size_t n = 0;
  for (const auto& item : items) n += item.hit ? 1 : 0;
  return n;
}

double Coverage::percent() const {
  return items.empty() ? 100.0 : 100.0 * static_cast<double>(hit_count()) / static_cast<double>(items.size());
}

bool Coverage::merge(const Coverage& other) {
  if (other.items.size() != items.size()) return false;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].kind != other.items[i].kind || items[i].line != other.items[i].line ||
        items[i].text != other.items[i].text)
      return false;
  for (std::size_t i = 0; i < items.size(); ++i) items[i].hit = items[i].hit || other.items[i].hit;
  return true;
}

namespace {

std::string show_value(const Program& program, const Value& v, Type type) {
  if (v.missing) return "missing";
  std::string out;
  switch (type) {
    case Type::stage:
      return v.i >= 0 && static_cast<std::size_t>(v.i) < program.image().stages.size()
                 ? program.image().stages[static_cast<std::size_t>(v.i)].name
                 : "?";
    case Type::int_: return std::to_string(v.i);
    case Type::number: append_number(v.n, out); return out;
    case Type::boolean: return v.b ? "true" : "false";
    case Type::time: return format_time(v.i);
    case Type::duration: return format_duration(v.i);
    case Type::string: append_json_string(v.str(), out); return out;
    case Type::string_set:
    case Type::string_list: {
      out = "[";
      for (std::uint32_t i = 0; i < v.len; ++i) {
        if (i) out += ", ";
        append_json_string(v.items[i].str(), out);
      }
      return out + "]";
    }
    default: return "?";
  }
}

// One allowed move as "sql -> recycled when returned": its two stages (a line
// like `lead -> mql -> sql` allows two moves) and the line's condition.
std::string move_text(const Program& program, const MoveInfo& move) {
  const auto& stages = program.image().stages;
  auto name = [&](std::uint16_t s) -> std::string_view {
    return s < stages.size() ? std::string_view(stages[s].name) : std::string_view("?");
  };
  std::string text = fmt::format("{} -> {}", move.from == bc::kNone ? "any" : name(move.from), name(move.to));
  if (move.condition != bc::kNone)
    if (auto when = move.text.find(" when "); when != std::string::npos) text += move.text.substr(when);
  return text;
}

void collect_coverage_items(const Program& program, Coverage& coverage) {
  for (const auto& rule : program.image().rules) coverage.items.push_back({"rule", rule.line, rule.text, false});
  for (const auto& arm : program.image().stage_arms) coverage.items.push_back({"stage", arm.line, arm.text, false});
  for (const auto& route : program.image().routes) coverage.items.push_back({"route", route.line, route.text, false});
  for (const auto& move : program.image().lifecycle.moves)
    coverage.items.push_back({"move", move.line, move_text(program, move), false});
}

void mark_coverage(const Program& program, const Decision& d, Coverage& coverage) {
  std::size_t rules = program.image().rules.size(), stages = program.image().stage_arms.size();
  if (d.trace) {
    for (const auto& hit : d.trace->rules) coverage.items[hit.rule].hit = true;
    // The arm that chose the rules' stage: the last one tried (tests run with explain).
    if (!d.trace->stages.empty() && d.trace->stages.back().matched && d.trace->stages.back().arm < stages)
      coverage.items[rules + d.trace->stages.back().arm].hit = true;
  }
  if (d.route >= 0) coverage.items[rules + stages + static_cast<std::size_t>(d.route)].hit = true;
  // The moves the lead took from its current stage to its new one (none for a
  // new lead, a lead that stayed, or one held back).
  std::size_t routes = program.image().routes.size();
  for (std::uint16_t m : d.moves)
    if (m < program.image().lifecycle.moves.size()) coverage.items[rules + stages + routes + m].hit = true;
}

// A failing test is explained by the SLA's own program, the one `baton
// build` and `baton score` make: the program that runs the tests also
// computes their expectations, which adds code and constants and so gives it
// another fingerprint, and the explanation must name the SLA's (it is how a
// decision is traced to its rules). Built on the first failure only.
class SlaExplainer {
 public:
  SlaExplainer(const ast::File& file, const CheckedFile& checked, const SourceFile& source)
      : file_(file), checked_(checked), source_(source) {}

  // The explanation of the lead in `json` as of `as_of`, as `baton explain` gives it.
  std::string explain(std::string_view json, std::int64_t as_of) {
    if (!load()) return "(no explanation: " + error_ + ")\n";
    DecodeError decode_error;
    if (!decoder_->decode(json, record_, decode_error)) return "(no explanation: the lead was rejected)\n";
    std::string out;
    append_explain_text(*program_, record_, evaluator_->evaluate(record_, as_of, /*explain=*/true), out);
    return out;
  }

 private:
  bool load() {
    if (program_ || !error_.empty()) return program_ != nullptr;
    program_ = Program::from_image(generate(file_, checked_, source_), error_);
    if (!program_) return false;
    decoder_.emplace(program_);
    evaluator_.emplace(program_);
    return true;
  }

  const ast::File& file_;
  const CheckedFile& checked_;
  const SourceFile& source_;
  std::shared_ptr<const Program> program_;
  std::string error_;
  std::optional<RecordDecoder> decoder_;
  std::optional<Evaluator> evaluator_;
  Record record_;
};

}  // namespace

bool run_tests(const SourceFile& file, const TestRunOptions& options, TestReport& report, std::string& diagnostics) {
  report.file = file.path();
  Diagnostics out;
  auto parsed = parse(file, out);
  std::unique_ptr<JoinedSource> joined;
  if (parsed && !parsed->tests_for.empty()) {
    joined = JoinedSource::join(file, *parsed, out);
    if (!joined) {
      for (const auto& d : out) diagnostics += JoinedSource(file).render(d, options.json_diagnostics, options.color);
      return false;
    }
  } else {
    joined = std::make_unique<JoinedSource>(file);
  }
  const SourceFile& source = joined->combined();
  report.sla = joined->file_of(0).path();  // the SLA comes first in a joined source
  // This first parse only found the SLA a tests file names: drop its AST
  // before compile() parses again, so a large file is not held twice.
  const bool was_parsed = parsed.has_value();
  parsed.reset();
  Compilation compiled;
  if (was_parsed) compiled = compile(source, out, /*generate_code=*/false);
  for (const auto& d : out) diagnostics += joined->render(d, options.json_diagnostics, options.color);
  if (!compiled.ast || has_errors(out)) return false;
  if (!options.execute) return true;
  TestPlan plan;
  std::string error;
  auto program = Program::from_image(generate(*compiled.ast, compiled.checked, source, &plan), error);
  if (!program) {
    diagnostics += "internal error: the generated program failed verification: " + error + "\n";
    return false;
  }
  collect_coverage_items(*program, report.coverage);
  RecordDecoder decoder(program);
  Record record;
  Evaluator evaluator(program);
  SlaExplainer explainer(*compiled.ast, compiled.checked, source);

  for (const auto& test : plan.tests) {
    const ast::TestDecl& decl = *test.decl;
    if (!joined->in_given_file(decl.span.begin)) continue;  // a tests file runs its own tests only
    if (!options.filter.empty() && decl.name.find(options.filter) == std::string::npos) {
      ++report.skipped;
      continue;
    }
    auto started = std::chrono::steady_clock::now();
    TestOutcome outcome;
    outcome.name = decl.name;
    outcome.line = joined->line_of(decl.span.begin);
    outcome.expectations = test.expects.size();
    std::int64_t as_of = decl.as_of ? decl.as_of->int_value : kDefaultTestAsOf;
    std::string json = test_record_json(decl, compiled.checked, as_of);
    DecodeError decode_error;
    if (!decoder.decode(json, record, decode_error)) {
      outcome.error = fmt::format("the test's lead was rejected: {}{}{}", decode_error.field,
                                  decode_error.field.empty() ? "" : ": ", decode_error.message);
    } else {
      const Decision& d = evaluator.evaluate(record, as_of, /*explain=*/true);
      mark_coverage(*program, d, report.coverage);
      const auto& registers = evaluator.registers();
      for (const auto& expect : test.expects) {
        const Value& result = registers[expect.result];
        if (!result.missing && result.b) continue;
        ExpectFailure failure;
        failure.line = joined->line_of(expect.expr->span.begin);
        failure.expectation = std::string(source.slice(expect.expr->span));
        for (const auto& shown : expect.shown) {
          if (!failure.actual.empty()) failure.actual += ", ";
          failure.actual += fmt::format("{} is {}", source.slice(shown.left->span),
                                        show_value(*program, registers[shown.reg], shown.type));
        }
        outcome.failures.push_back(std::move(failure));
      }
      if (!outcome.failures.empty()) outcome.explain = explainer.explain(json, as_of);
    }
    outcome.passed = outcome.error.empty() && outcome.failures.empty();
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report.outcomes.push_back(std::move(outcome));
  }
  return true;
}

}  // namespace baton
