#pragma once
// A small but complete ProgramImage written by hand, for the loader, verifier
// and corruption tests: optional and defaulted lead fields, two event types,
// every constant pool, a main chunk using most opcodes (jumps, calls with a
// variadic import, aggregates, rules, stages, routes) and a predicate chunk.
// It mirrors what the compiler emits for a northwind-like SLA; the tests
// break it in every way they can think of.
#include <initializer_list>

#include "baton/runtime/image.hpp"

namespace baton::testing {

inline FieldInfo sample_field(std::string name, Type type, bool optional = false) {
  FieldInfo f;
  f.name = std::move(name);
  f.type = type;
  f.optional = optional;
  return f;
}

// Register numbers of the sample, named so tests can target them.
namespace sample_reg {
inline constexpr std::uint16_t email = 0, job_title = 1, company_size = 2, budget = 3, is_customer = 4,
                               tags = 5, domain = 6, flag = 7, int_a = 8, int_b = 9, fit = 10,
                               engagement = 11, flag2 = 12, url = 13, prefix = 14, pred = 15, demos = 16,
                               target = 17, joined = 18, list = 19, per_total = 20, total = 21,
                               threshold = 22, yes = 23, budget_or = 24, last_url = 25, text = 26,
                               size_num = 27;
}

inline ProgramImage sample_image() {
  using bc::Op;
  using bc::kNone;
  namespace r = sample_reg;
  ProgramImage im;
  im.sla_name = "northwind";
  im.sla_version = "2026.11.2";
  im.source_path = "examples/northwind.baton";

  im.lead_fields = {sample_field("email", Type::string), sample_field("job_title", Type::string),
                    sample_field("company_size", Type::int_), sample_field("budget", Type::number, true),
                    sample_field("is_customer", Type::boolean), sample_field("tags", Type::string_set, true)};
  im.lead_fields[4].has_default = true;
  im.lead_fields[4].default_value.i = 0;
  im.lead_fields[5].has_default = true;
  im.lead_fields[5].default_value.items = {"new"};
  im.events = {{"page_view", {sample_field("at", Type::time), sample_field("url", Type::string)}},
               {"demo_request", {sample_field("at", Type::time)}}};

  im.k_int = {20, 2000, 0};
  im.k_num = {0.0, 5000.0, 35.0};
  im.k_str = {"/pricing", "team:sales", "nurture:mid-funnel"};
  im.k_items = {{true, {"gmail.com", "yahoo.com", "outlook.com"}}, {false, {"ana", "ben", "chen"}}};
  im.k_regex = {{R"(\b(vp|head|director|chief)\b)", true}};

  const Type S = Type::string, I = Type::int_, N = Type::number, B = Type::boolean;
  im.registers = {S, S, I, N, B, Type::string_set, S, B, I, I, N, N, B, S, S,
                  B, I, S, S, Type::string_list, N, N, N, B, N, S, S, N};

  im.imports = {{"lower", {S}, S}, {"concat", {S, S}, S}};
  im.aggregates = {
      {bc::AggKind::score_per, 0, 1, kNone, N, 90 * 86400, 21, 10, 50, 3},
      {bc::AggKind::count, 1, kNone, kNone, I, 30 * 86400, 0, 0, -1, kNone},
      {bc::AggKind::last, 0, kNone, 1, S, -1, 0, 0, -1, kNone},
  };
  im.scores = {{"fit", r::fit, false, true, 0, 50}, {"engagement", r::engagement, true, true, 0, 100}};
  im.rules = {{0, 20, -1, 12, "+20 when company_size between 20 and 2000"},
              {0, 15, -1, 13, "+15 when job_title matches /.../i"},
              {0, -40, -1, 14, "-40 when domain in free_mail"},
              {1, 10, 50, 17, "+10 per page_view where url starts_with \"/pricing\" max 50"}};
  im.stages = {{"customer", 21, "customer when is_customer"},
               {"sql", 22, "sql when any(demo_request within 30d)"},
               {"mql", 23, "mql when fit + engagement >= 35"},
               {"lead", 24, "lead otherwise"}};
  for (std::uint16_t s = 0; s < im.stages.size(); ++s) im.stage_arms.push_back({s, im.stages[s].line, im.stages[s].text});
  im.routes = {{1, 4 * 3600, 27, "sql -> \"team:sales\" within 4h"}, {2, -1, 28, "mql -> \"nurture:mid-funnel\""}};
  im.exports = {{"domain", r::domain}, {"budget_or_default", r::budget_or}};

  auto emit = [&](Op op, std::uint16_t a = 0, std::uint16_t b = 0, std::uint16_t c = 0, std::uint8_t n = 0) {
    im.code.push_back({op, n, a, b, c});
    im.lines.push_back(10 + static_cast<std::uint32_t>(im.code.size()) / 3);
    return static_cast<std::uint16_t>(im.code.size() - 1);
  };
  auto patch = [&](std::initializer_list<std::uint16_t> jumps, std::uint16_t slot) {
    const auto target = static_cast<std::uint16_t>(im.code.size());
    for (auto pc : jumps) (slot == 0 ? im.code[pc].a : im.code[pc].b) = target;
  };

  // Main chunk: lets, scores, stages, routes.
  emit(Op::call, r::domain, 0, r::email, 1);
  emit(Op::load_num, r::fit, 0);
  emit(Op::load_num, r::engagement, 0);
  emit(Op::load_int, r::int_a, 0);
  emit(Op::load_int, r::int_b, 1);
  emit(Op::le_int, r::flag, r::int_a, r::company_size);
  emit(Op::le_int, r::flag2, r::company_size, r::int_b);
  const auto skip_size = emit(Op::jump_ifnot, r::flag, 0);
  emit(Op::rule_when, r::fit, r::flag2, 0);
  patch({skip_size}, 1);
  emit(Op::matches, r::flag, r::job_title, 0);
  emit(Op::rule_when, r::fit, r::flag, 1);
  emit(Op::in_const_set, r::flag, r::domain, 0);
  emit(Op::rule_when, r::fit, r::flag, 2);
  emit(Op::aggregate, r::per_total, 0);
  emit(Op::rule_add, r::engagement, r::per_total, 3);
  emit(Op::clamp_score, r::fit, 0);
  emit(Op::clamp_score, r::engagement, 1);
  emit(Op::aggregate, r::demos, 1);
  emit(Op::aggregate, r::last_url, 2);
  emit(Op::load_str, r::text, 0);
  emit(Op::call, r::joined, 1, r::last_url, 2);
  emit(Op::load_items, r::list, 1);
  emit(Op::in_items, r::flag2, r::job_title, r::list);
  emit(Op::load_num, r::threshold, 1);
  emit(Op::coalesce, r::budget_or, r::budget, r::threshold);
  emit(Op::present, r::flag2, r::budget);
  emit(Op::int_to_num, r::size_num, r::company_size);
  emit(Op::load_bool, r::yes, 1);
  emit(Op::load_missing, r::target);
  // stages, first match wins
  emit(Op::stage_try, r::is_customer, 0);
  const auto not_customer = emit(Op::jump_ifnot, r::is_customer, 0);
  emit(Op::set_stage, 0);
  const auto done_customer = emit(Op::jump, 0);
  patch({not_customer}, 1);
  emit(Op::load_int, r::int_a, 2);
  emit(Op::lt_int, r::flag, r::int_a, r::demos);
  emit(Op::stage_try, r::flag, 1);
  const auto not_sql = emit(Op::jump_ifnot, r::flag, 0);
  emit(Op::set_stage, 1);
  const auto done_sql = emit(Op::jump, 0);
  patch({not_sql}, 1);
  emit(Op::add_num, r::total, r::fit, r::engagement);
  emit(Op::load_num, r::threshold, 2);
  emit(Op::le_num, r::flag2, r::threshold, r::total);
  emit(Op::stage_try, r::flag2, 2);
  const auto not_mql = emit(Op::jump_ifnot, r::flag2, 0);
  emit(Op::set_stage, 2);
  const auto done_mql = emit(Op::jump, 0);
  patch({not_mql}, 1);
  emit(Op::stage_try, r::yes, 3);
  emit(Op::set_stage, 3);
  patch({done_customer, done_sql, done_mql}, 0);
  // routes: only the sql arm is shown; the flag still says "stage was sql"
  emit(Op::route_try, r::flag, 0);
  const auto no_route = emit(Op::jump_ifnot, r::flag, 0);
  emit(Op::load_str, r::target, 1);
  emit(Op::set_route, 0, r::target);
  patch({no_route}, 1);
  emit(Op::move, r::text, r::joined);
  emit(Op::halt);
  im.chunks.push_back({0, static_cast<std::uint32_t>(im.code.size()), kNone});

  // Predicate chunk over page_view: url starts_with "/pricing".
  const auto begin = static_cast<std::uint32_t>(im.code.size());
  emit(Op::load_event, r::url, 1);
  emit(Op::load_str, r::prefix, 0);
  emit(Op::starts_with, r::pred, r::url, r::prefix);
  emit(Op::ret, r::pred);
  im.chunks.push_back({begin, static_cast<std::uint32_t>(im.code.size()), 0});
  return im;
}

}  // namespace baton::testing
