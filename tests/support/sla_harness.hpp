#pragma once
// One SLA compiled from a string with its own decoder, record and evaluator:
// the unit tests that pin evaluation down with hand-computed values decode a
// lead from JSON members, evaluate it and read the exports by name.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "baton/common/time.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"
#include "compile_text.hpp"

namespace baton::testing {

// The evaluation time of eval() unless a test gives another.
inline const std::int64_t kSlaAsOf = *parse_time("2026-11-23T00:00:00Z");

// A compiled SLA with its own decoder, record and evaluator.
struct Sla {
  std::shared_ptr<const Program> program;
  std::unique_ptr<RecordDecoder> decoder;
  std::unique_ptr<Evaluator> evaluator;
  Record record;
  const Decision* decision = nullptr;

  explicit Sla(const std::string& text) {
    program = testing::compile_text(text);
    decoder = std::make_unique<RecordDecoder>(program);
    evaluator = std::make_unique<Evaluator>(program);
  }

  // Decodes `json` (an object's members without braces) and evaluates it.
  const Decision& eval(const std::string& members, bool explain = false, std::int64_t as_of = kSlaAsOf) {
    std::string json = "{" + members + "}";
    DecodeError error;
    INFO(json);
    bool ok = decoder->decode(json, record, error);
    INFO(error.field << ": " << error.message);
    REQUIRE(ok);
    decision = &evaluator->evaluate(record, as_of, explain);
    return *decision;
  }

  double score(std::string_view name) const {
    int k = program->score_index(name);
    REQUIRE(k >= 0);
    return decision->scores[static_cast<std::size_t>(k)];
  }
  std::string stage() const { return program->image().stages[static_cast<std::size_t>(decision->stage)].name; }
  const Value& value(std::string_view name) const {
    const auto& exports = program->image().exports;
    for (std::size_t i = 0; i < exports.size(); ++i)
      if (exports[i].name == name) return decision->exports[i];
    FAIL("no exported let " << name);
    throw std::logic_error("unreachable");
  }
  bool is_missing(std::string_view name) const { return value(name).missing != 0; }
  // A bool export that is present and true / present and false.
  bool yes(std::string_view name) const { return !value(name).missing && value(name).b; }
  bool no(std::string_view name) const { return !value(name).missing && !value(name).b; }
  double num(std::string_view name) const {
    REQUIRE_FALSE(value(name).missing);
    return value(name).n;
  }
  std::int64_t integer(std::string_view name) const {
    REQUIRE_FALSE(value(name).missing);
    return value(name).i;
  }
  std::string str(std::string_view name) const {
    REQUIRE_FALSE(value(name).missing);
    return std::string(value(name).str());
  }
  std::string json() const {
    std::string out;
    append_decision_json(*program, record, *decision, out);
    return out;
  }
  int rule_index(std::string_view text_prefix) const {
    const auto& rules = program->image().rules;
    for (std::size_t i = 0; i < rules.size(); ++i)
      if (rules[i].text.starts_with(text_prefix)) return static_cast<int>(i);
    FAIL("no rule " << text_prefix);
    return -1;
  }
};

}  // namespace baton::testing
