// The VM: runs the main chunk of a verified program over one decoded record.
// The verifier has proved every operand in range and every register of the
// type its opcode expects, so the loop does no checks of its own; nothing
// here allocates once the buffers have grown to the program's size.
#include "baton/runtime/evaluator.hpp"

#include <re2/re2.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "accumulate.hpp"
#include "aggregate_state.hpp"
#include "baton/common/time.hpp"
#include "baton/runtime/calendar.hpp"
#include "baton/stdlib/registry.hpp"
#include "comparisons.hpp"
#include "string_set.hpp"
#include "superinstructions.hpp"

namespace baton {

namespace {

bool truthy(const Value& v) { return !v.missing && v.b; }

// Why a `within` computed for this lead (`d`) gave no deadline.
Decision::NoDeadline no_deadline_reason(const Value& d, bool has_deadline) {
  if (has_deadline) return Decision::NoDeadline::not_set;
  if (d.missing) return Decision::NoDeadline::missing;
  return d.i < 0 ? Decision::NoDeadline::negative : Decision::NoDeadline::out_of_range;
}

// Outside [-limit, limit], with one compare.
bool out_of(std::int64_t r, std::int64_t limit) {
  return static_cast<std::uint64_t>(r) + static_cast<std::uint64_t>(limit) > 2 * static_cast<std::uint64_t>(limit);
}
bool duration_out(std::int64_t r) { return out_of(r, kMaxDuration); }
// The times arithmetic may give: years 0001..9999 UTC, as the time built-ins
// and RFC 3339 take them.
bool time_out(std::int64_t r) { return r < kFirstTime || r > kLastTime; }

Value set_bool(bool present, bool value) {
  Value v = Value::of_bool(present && value);
  return v;
}

}  // namespace

Evaluator::Evaluator(std::shared_ptr<const Program> program, EvaluatorOptions options)
    : program_(std::move(program)) {
  const auto& image = program_->image();
  registers_.assign(image.registers.size(), Value{});
  decision_.scores.assign(image.scores.size(), 0.0);
  decision_.exports.assign(image.exports.size(), Value{});
  prepare_aggregates(options.event_passes);
  code_ = options.superinstructions ? superinstructions::fuse(image.code) : image.code;
  superinstructions::bound(code_, image.registers);
  lifecycle_parent_.assign(image.stages.size(), -2);
  lifecycle_from_.assign(image.stages.size(), 0);
  lifecycle_queue_.reserve(image.stages.size());
  decision_.moves.reserve(image.stages.size());
  handoff_reasons_ =
      std::any_of(image.handoffs.begin(), image.handoffs.end(), [](const HandoffInfo& h) { return h.reasons > 0; });
}

Evaluator::~Evaluator() = default;

std::size_t Evaluator::fused_pairs() const {
  return static_cast<std::size_t>(std::count_if(code_.begin(), code_.end(), [](const bc::Instruction& in) {
    const auto op = static_cast<std::size_t>(in.op);  // the first of a pair carries a fused number
    return op >= bc::kOpCount && op < superinstructions::kBoundedFirst;
  }));
}

std::string as_of_problem(std::int64_t as_of) {
  if (as_of >= kFirstTime && as_of <= kLastTime) return {};
  return "as_of " + std::to_string(as_of) + " is outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z (epoch seconds " +
         std::to_string(kFirstTime) + " .. " + std::to_string(kLastTime) +
         (as_of > kLastTime ? "; milliseconds? divide by 1000)" : ")");
}

const Decision& Evaluator::evaluate(const Record& record, std::int64_t as_of, bool explain) {
  // Every surface refuses such a time at its edge; an embedder's may not (a
  // time in milliseconds is the year 58863, and no lead would be due).
  if (as_of < kFirstTime || as_of > kLastTime) throw std::out_of_range(as_of_problem(as_of));
  const auto& image = program_->image();
  record_ = &record;
  explain_ = explain;
  trace_rules_ = explain || handoff_reasons_;
  arena_.reset();
  trace_.clear();
  as_of_ = as_of;
  ++aggregates_->evaluation;  // fused event passes of the previous lead are stale
  last_hashed_ = nullptr;     // the record's and the arena's bytes are new

  std::size_t fields = image.lead_fields.size();
  // An SLA without lead fields (or registers) has empty vectors whose data()
  // may be null, which memcpy and memset may not be given even for 0 bytes.
  if (fields > 0) std::memcpy(registers_.data(), record.fields.data(), fields * sizeof(Value));
  if (registers_.size() > fields)
    std::memset(static_cast<void*>(registers_.data() + fields), 0, (registers_.size() - fields) * sizeof(Value));

  decision_.as_of = as_of;
  decision_.stage = -1;
  decision_.rules_stage = -1;
  decision_.previous_stage = -1;
  decision_.transition = Transition::entered;
  decision_.held_by = -1;
  decision_.moves.clear();
  decision_.has_stage_since = true;  // a lead enters its stage now unless the lifecycle says otherwise
  decision_.stage_since = as_of;
  decision_.handoff = -1;
  decision_.route = -1;
  decision_.route_target = {};
  decision_.has_deadline = false;
  decision_.deadline = 0;
  decision_.deadline_calendar = -1;
  decision_.deadline_working = 0;
  decision_.no_deadline = Decision::NoDeadline::not_set;
  decision_.escalations.clear();
  decision_.trace = explain ? &trace_ : nullptr;
  decision_.explained = explain;

  run_chunk(0);
  if (!image.lifecycle.present) decision_.rules_stage = decision_.stage;
  // A hand-off lists the rules that gave the most points, which only a
  // trace knows: with such hand-offs the rules are traced in every
  // evaluation (trace_rules_; not the rest of an explanation), and a lead
  // that enters one carries that trace.
  if (decision_.handoff >= 0 && !explain && image.handoffs[decision_.handoff].reasons > 0) decision_.trace = &trace_;

  for (std::size_t i = 0; i < image.scores.size(); ++i) decision_.scores[i] = registers_[image.scores[i].reg].n;
  for (std::size_t i = 0; i < image.exports.size(); ++i) decision_.exports[i] = registers_[image.exports[i].reg];
  decision_.handoff_values.clear();
  if (decision_.handoff >= 0) {
    const HandoffInfo& h = image.handoffs[decision_.handoff];
    for (const TemplatePiece& piece : h.summary)
      if (piece.reg != bc::kNone) decision_.handoff_values.push_back(registers_[piece.reg]);
    for (const HandoffField& f : h.fields) decision_.handoff_values.push_back(registers_[f.reg]);
  }
  if (explain) explain_pass();
  return decision_;
}

bool Evaluator::run_predicate(std::size_t chunk, const Value* event) {
  const Value* saved = current_event_;
  current_event_ = event;
  run_chunk(chunk);
  current_event_ = saved;
  return predicate_result_;
}

// The commonest reads without a call, when the totals are at hand: a `per`
// rule (with its trace entry, as finish_value writes it), count, any, none.
// Everything else through aggregate().
[[gnu::always_inline]] inline void Evaluator::read_aggregate(std::uint16_t index, Value& out) {
  const AggregateInfo& agg = program_->image().aggregates[index];
  if (aggregates_->fused[index] == AggregateState::kFused && pass_current(agg.event)) {
    const Accumulator& acc = aggregates_->accumulators[index];
    if (agg.kind == bc::AggKind::score_per) {
      const double value = accumulate::per_rule_value(agg, acc);
      out = Value::of_number(value);
      if (trace_rules_ && acc.count > 0) trace_.rules.push_back(accumulate::per_rule_hit(agg, acc, value));
      return;
    }
    if (accumulate::is_count_kind(agg.kind)) {
      out = accumulate::count_value(agg.kind, acc);
      return;
    }
  }
  aggregate(index, out);
}

// Threaded dispatch (labels as values, a GCC and Clang extension): every
// handler ends in its own indirect jump to the next one. Against a `switch`
// in a loop this drops the bounds check and the jump back (about half of
// what a dispatch cost), and each handler's jump has its own prediction
// history.
void Evaluator::run_chunk(std::size_t chunk_index) {
  const auto& image = program_->image();
  const bc::Instruction* code = code_.data();  // image.code with superinstructions marked
  Value* R = registers_.data();
  const bc::Instruction* ip = code + image.chunks[chunk_index].begin;
  const bc::Instruction* in = nullptr;

  static constexpr void* kHandlers[] = {
#define BATON_OP_LABEL(name, a, b, c, doc) &&op_##name,
      BATON_OPCODES(BATON_OP_LABEL)
#undef BATON_OP_LABEL
#define BATON_FUSED_LABEL(first, second) &&op_##first##__##second,
      BATON_FUSED_PAIRS(BATON_FUSED_LABEL)
#undef BATON_FUSED_LABEL
#define BATON_BOUNDED_LABEL(op, kind) &&op_##op##__##kind,
      BATON_BOUNDED_OPS(BATON_BOUNDED_LABEL)
#undef BATON_BOUNDED_LABEL
  };
  static_assert(std::size(kHandlers) == superinstructions::kBoundedFirst + superinstructions::kBoundedCount);

#define NEXT                                           \
  do {                                                 \
    in = ip++;                                         \
    goto* kHandlers[static_cast<std::size_t>(in->op)]; \
  } while (0)
#define A R[in->a]  // a macro, not a reference: for jumps `a` is not a register

  NEXT;

op_halt: return;
op_ret: predicate_result_ = truthy(A); return;
op_jump: ip = code + in->a; NEXT;
op_jump_if: if (truthy(A)) ip = code + in->b; NEXT;
op_jump_ifnot: if (!truthy(A)) ip = code + in->b; NEXT;
op_move: A = R[in->b]; NEXT;
op_load_int: A = Value::of_int(image.k_int[in->b]); NEXT;
op_load_num: A = Value::of_number(image.k_num[in->b]); NEXT;
op_load_str: A = Value::of_string(image.k_str[in->b]); NEXT;
op_load_bool: A = Value::of_bool(in->b != 0); NEXT;
op_load_items: {
  const auto& items = program_->items(in->b);
  A = Value::of_items(items.data(), static_cast<std::uint32_t>(items.size()));
  NEXT;
}
op_load_regex: A = Value{}; A.p = &program_->regex(in->b); NEXT;
op_load_missing: A = Value::absent(); NEXT;
op_load_event: A = current_event_[in->b]; NEXT;
op_int_to_num: {
  const Value b = R[in->b];  // a copy: A may be the same register
  A = Value::of_number(static_cast<double>(b.i));
  A.missing = b.missing;
  NEXT;
}

// b and c are copies: A may be the same register as either. An int result
// that does not fit 64 bits, and a number result that is not finite (an
// overflow to infinity, inf - inf), are missing. `out` adds the bound of a
// duration or time destination (the bounded variants, superinstructions.hpp).
#define BATON_ARITH_INT(label, builtin, out)             \
  label: {                                               \
    const Value b = R[in->b];                            \
    const Value c = R[in->c];                            \
    std::int64_t r;                                      \
    const bool over = builtin(b.i, c.i, &r) || out(r);   \
    A = Value::of_int(r);                                \
    A.missing = b.missing | c.missing | over;            \
    NEXT;                                                \
  }
#define BATON_IN_INT64(r) false
BATON_ARITH_INT(op_add_int, __builtin_add_overflow, BATON_IN_INT64)
BATON_ARITH_INT(op_sub_int, __builtin_sub_overflow, BATON_IN_INT64)
BATON_ARITH_INT(op_mul_int, __builtin_mul_overflow, BATON_IN_INT64)
BATON_ARITH_INT(op_add_int__dur, __builtin_add_overflow, duration_out)
BATON_ARITH_INT(op_sub_int__dur, __builtin_sub_overflow, duration_out)
BATON_ARITH_INT(op_mul_int__dur, __builtin_mul_overflow, duration_out)
BATON_ARITH_INT(op_add_int__time, __builtin_add_overflow, time_out)
BATON_ARITH_INT(op_sub_int__time, __builtin_sub_overflow, time_out)
#undef BATON_IN_INT64
#undef BATON_ARITH_INT
#define BATON_ARITH_NUM(op_name, expression)             \
  op_##op_name: {                                        \
    const Value b = R[in->b];                            \
    const Value c = R[in->c];                            \
    const double r = expression;                         \
    A = Value::of_number(r);                             \
    A.missing = b.missing | c.missing | !std::isfinite(r); \
    NEXT;                                                \
  }
BATON_ARITH_NUM(add_num, b.n + c.n)
BATON_ARITH_NUM(sub_num, b.n - c.n)
BATON_ARITH_NUM(mul_num, b.n * c.n)
#undef BATON_ARITH_NUM
op_div_int:
op_mod_int: {
  const Value& b = R[in->b];
  const Value& c = R[in->c];
  if (b.missing || c.missing || c.i == 0 || (c.i == -1 && b.i == INT64_MIN)) {
    A = Value::absent();
  } else {
    A = Value::of_int(in->op == bc::Op::div_int ? b.i / c.i : b.i % c.i);
  }
  NEXT;
}
op_div_num:
op_mod_num: {
  const Value& b = R[in->b];
  const Value& c = R[in->c];
  if (b.missing || c.missing || c.n == 0) {
    A = Value::absent();
  } else {
    A = Value::of_number(in->op == bc::Op::div_num ? b.n / c.n : std::fmod(b.n, c.n));
    A.missing = !std::isfinite(A.n);  // 1e300 / 1e-300
  }
  NEXT;
}
#define BATON_NEG_INT(label, out)                                \
  label: {                                                       \
    const Value b = R[in->b];                                    \
    std::int64_t r;                                              \
    const bool over = __builtin_sub_overflow(0, b.i, &r) || out; \
    A = Value::of_int(r);                                        \
    A.missing = b.missing | over;                                \
    NEXT;                                                        \
  }
BATON_NEG_INT(op_neg_int, false)
BATON_NEG_INT(op_neg_int__dur, duration_out(r))
#undef BATON_NEG_INT
op_neg_num: { const Value b = R[in->b]; A = Value::of_number(-b.n); A.missing = b.missing; NEXT; }

#define BATON_COMPARE(op_name, expression)              \
  op_##op_name: {                                       \
    const Value& b = R[in->b];                          \
    const Value& c = R[in->c];                          \
    A = set_bool(!(b.missing | c.missing), expression); \
    NEXT;                                               \
  }
BATON_COMPARISONS(BATON_COMPARE)
#undef BATON_COMPARE
// The bodies of the opcodes that begin a superinstruction (without the
// dispatch), used by their own handler and by the fused ones below. None may
// read in->op: in the first instruction of a pair it is the fused number.
#define BATON_COMPARE_K(pool, member, test) \
  { const Value& b = R[in->b]; A = set_bool(!b.missing, b.member test image.pool[in->c]); }
#define BODY_eq_int_k BATON_COMPARE_K(k_int, i, ==)
#define BODY_ne_int_k BATON_COMPARE_K(k_int, i, !=)
#define BODY_lt_int_k BATON_COMPARE_K(k_int, i, <)
#define BODY_le_int_k BATON_COMPARE_K(k_int, i, <=)
#define BODY_gt_int_k BATON_COMPARE_K(k_int, i, >)
#define BODY_ge_int_k BATON_COMPARE_K(k_int, i, >=)
#define BODY_eq_num_k BATON_COMPARE_K(k_num, n, ==)
#define BODY_ne_num_k BATON_COMPARE_K(k_num, n, !=)
#define BODY_lt_num_k BATON_COMPARE_K(k_num, n, <)
#define BODY_le_num_k BATON_COMPARE_K(k_num, n, <=)
#define BODY_gt_num_k BATON_COMPARE_K(k_num, n, >)
#define BODY_ge_num_k BATON_COMPARE_K(k_num, n, >=)
// in: a member; not in: not a member.
#define BATON_IN_SET_K(want) \
  { const Value& b = R[in->b]; A = Value::of_bool(!b.missing && program_->set(in->c).contains(b.str()) == want); }
#define BODY_in_set_k BATON_IN_SET_K(true)
#define BODY_not_in_set_k BATON_IN_SET_K(false)
#define BODY_stage_try { if (explain_) trace_.stages.push_back(ArmTry{in->b, truthy(A)}); }
#define BODY_route_try { if (explain_) trace_.routes.push_back(ArmTry{in->b, truthy(A)}); }
#define BODY_add_per_rule { Value points; read_aggregate(in->b, points); A.n += points.n; }
#define BODY_load_stage { A = decision_.stage >= 0 ? Value::of_int(decision_.stage) : Value::absent(); }
#define BODY_rule_when                                                                                      \
  if (truthy(R[in->b])) {                                                                                   \
    const RuleInfo& rule = image.rules[in->c];                                                              \
    /* A rule's `max` caps the magnitude of its total, for `when` rules too. */                            \
    double value = rule.cap >= 0 && std::fabs(rule.points) > rule.cap ? std::copysign(rule.cap, rule.points) \
                                                                      : rule.points;                        \
    A.n += value;                                                                                           \
    if (trace_rules_) trace_.rules.push_back(RuleHit{in->c, rule.points, rule.points, value, 0});           \
  }
op_eq_int_k: BODY_eq_int_k; NEXT;
op_ne_int_k: BODY_ne_int_k; NEXT;
op_lt_int_k: BODY_lt_int_k; NEXT;
op_le_int_k: BODY_le_int_k; NEXT;
op_gt_int_k: BODY_gt_int_k; NEXT;
op_ge_int_k: BODY_ge_int_k; NEXT;
op_eq_num_k: BODY_eq_num_k; NEXT;
op_ne_num_k: BODY_ne_num_k; NEXT;
op_lt_num_k: BODY_lt_num_k; NEXT;
op_le_num_k: BODY_le_num_k; NEXT;
op_gt_num_k: BODY_gt_num_k; NEXT;
op_ge_num_k: BODY_ge_num_k; NEXT;
// A copy of b: `not in` negates in place (not_ R, R), and a missing operand
// must stay missing.
op_not_: { const Value b = R[in->b]; A = Value::of_bool(!b.b); A.missing = b.missing; NEXT; }
op_matches: {
  const Value& b = R[in->b];
  A = Value::of_bool(!b.missing && regex_matches(in->c, b.str()));
  NEXT;
}
op_in_const_set: {
  const Value& b = R[in->b];
  A = b.missing ? Value::absent() : Value::of_bool(program_->set(in->c).contains(b.str()));
  NEXT;
}
op_in_set_k: BODY_in_set_k; NEXT;
op_not_in_set_k: BODY_not_in_set_k; NEXT;
op_in_items: {
  const Value& b = R[in->b];
  const Value& c = R[in->c];
  A = b.missing || c.missing ? Value::absent() : Value::of_bool(in_items(b, c));
  NEXT;
}
op_present: A = Value::of_bool(!R[in->b].missing); NEXT;
op_coalesce: A = R[in->b].missing ? R[in->c] : R[in->b]; NEXT;
op_call: call(*in, A); NEXT;
op_aggregate: read_aggregate(in->b, A); NEXT;
op_add_per_rule: BODY_add_per_rule; NEXT;
op_rule_when: BODY_rule_when; NEXT;
op_rule_add: A.n += R[in->b].n; NEXT;
op_clamp_score: {
  const ScoreInfo& score = image.scores[in->b];
  double before = A.n;
  if (score.has_max && A.n > score.max) A.n = score.max;
  if (score.has_min && A.n < score.min) A.n = score.min;
  if (explain_ && A.n != before) trace_.clamps.push_back(ScoreClamp{in->b, before, A.n});
  NEXT;
}
op_stage_try: BODY_stage_try; NEXT;
op_set_stage:
  decision_.stage = in->a;
  // After a failed try (or none) this is the `otherwise` arm, always the last.
  if (explain_ && (trace_.stages.empty() || !trace_.stages.back().matched))
    trace_.stages.push_back(ArmTry{static_cast<std::uint16_t>(image.stage_arms.size() - 1), true});
  NEXT;
op_route_try: BODY_route_try; NEXT;
op_set_route: {
  const Value& target = R[in->b];
  if (explain_ && (trace_.routes.empty() || trace_.routes.back().arm != in->a))
    trace_.routes.push_back(ArmTry{in->a, !target.missing, target.missing != 0});
  else if (explain_ && target.missing)
    trace_.routes.back() = ArmTry{in->a, false, true};
  if (!target.missing) {
    const RouteInfo& route = image.routes[in->a];
    decision_.route = in->a;
    decision_.route_target = target.str();
    // Durations and times are bounded (kMaxDuration), so the sum cannot overflow.
    const std::int64_t due = decision_.follow_up_from() + (route.within >= 0 ? route.within : 0);
    decision_.has_deadline = route.within >= 0 && due <= kLastTime;
    decision_.deadline = decision_.has_deadline ? due : 0;
    decision_.no_deadline = route.within >= 0 && due > kLastTime ? Decision::NoDeadline::out_of_range
                                                                 : Decision::NoDeadline::not_set;
  }
  NEXT;
}
op_lifecycle: apply_lifecycle(); NEXT;
op_entered: A = Value::of_bool(decision_.transition == Transition::entered && decision_.stage == in->b); NEXT;
op_set_handoff: decision_.handoff = in->a; NEXT;
op_load_previous_stage: A = decision_.previous_stage >= 0 ? Value::of_int(decision_.previous_stage) : Value::absent(); NEXT;
op_load_rules_stage: A = decision_.rules_stage >= 0 ? Value::of_int(decision_.rules_stage) : Value::absent(); NEXT;
op_load_transition: A = Value::of_string(transition_name(decision_.transition)); NEXT;
op_load_stage_since: A = decision_.has_stage_since ? Value::of_int(decision_.stage_since) : Value::absent(); NEXT;
op_load_stage: BODY_load_stage; NEXT;
op_load_route: A = decision_.route >= 0 ? Value::of_string(decision_.route_target) : Value::absent(); NEXT;
op_load_deadline: A = decision_.has_deadline ? Value::of_int(decision_.deadline) : Value::absent(); NEXT;
op_load_as_of: A = Value::of_int(as_of_); NEXT;
// A deadline computed by an expression, right after SET_ROUTE: only when
// that arm set the route (a missing destination sets none).
op_set_deadline: {
  const Value& d = A;
  std::int64_t due = 0;
  if (decision_.route >= 0) {
    decision_.has_deadline =
        !d.missing && d.i >= 0 && !__builtin_add_overflow(decision_.follow_up_from(), d.i, &due) && due <= kLastTime;
    decision_.deadline = decision_.has_deadline ? due : 0;
    decision_.no_deadline = no_deadline_reason(d, decision_.has_deadline);
  }
  NEXT;
}
op_set_business_deadline: {
  const Value& d = A;
  if (decision_.route >= 0) {
    const std::optional<std::int64_t> due =
        d.missing ? std::nullopt : program_->calendar(in->b).add(decision_.follow_up_from(), d.i);
    decision_.has_deadline = due.has_value();
    decision_.deadline = due.value_or(0);
    decision_.no_deadline = no_deadline_reason(d, decision_.has_deadline);
    decision_.deadline_calendar = in->b;
    decision_.deadline_working = d.missing ? 0 : d.i;
  }
  NEXT;
}
op_escalate: {
  const Value& to = A;
  const Value& after = R[in->b];
  if (decision_.route >= 0 && !to.missing) {
    const EscalationInfo& info = image.escalations[in->c];
    EscalationStep step;
    step.escalation = in->c;
    step.to = to.str();
    if (!after.missing && after.i >= 0) {
      step.after = after.i;
      step.has_delay = true;
      if (info.calendar != bc::kNone) {
        const std::optional<std::int64_t> due = program_->calendar(info.calendar).add(decision_.follow_up_from(), after.i);
        step.has_due = due.has_value();
        step.due = due.value_or(0);
      } else {
        step.has_due = !__builtin_add_overflow(decision_.follow_up_from(), after.i, &step.due) && step.due <= kLastTime;
      }
    }
    decision_.escalations.push_back(step);
  }
  NEXT;
}
op_business_hours_since: {
  const Value& t = R[in->b];
  const std::optional<std::int64_t> worked =
      t.missing ? std::nullopt : program_->calendar(in->c).between(t.i, as_of_);
  A = worked ? Value::of_number(static_cast<double>(*worked) / 3600.0) : Value::absent();
  NEXT;
}
// Superinstructions (superinstructions.hpp): the first body, then straight
// to the second instruction's handler, which ends in the dispatch.
#define BATON_FUSED_HANDLER(first, second) \
  op_##first##__##second: BODY_##first; in = ip++; goto op_##second;
BATON_FUSED_PAIRS(BATON_FUSED_HANDLER)
#undef BATON_FUSED_HANDLER
#undef BATON_COMPARE_K
#undef BATON_IN_SET_K
#undef BODY_eq_int_k
#undef BODY_ne_int_k
#undef BODY_lt_int_k
#undef BODY_le_int_k
#undef BODY_gt_int_k
#undef BODY_ge_int_k
#undef BODY_eq_num_k
#undef BODY_ne_num_k
#undef BODY_lt_num_k
#undef BODY_le_num_k
#undef BODY_gt_num_k
#undef BODY_ge_num_k
#undef BODY_in_set_k
#undef BODY_not_in_set_k
#undef BODY_stage_try
#undef BODY_route_try
#undef BODY_add_per_rule
#undef BODY_load_stage
#undef BODY_rule_when
#undef A
#undef NEXT
}

// RE2 spends ~1.5k instructions on even a short search (setup, DFA locks),
// and the texts rules match (job titles, sources) repeat from lead to lead,
// so results are kept in a small direct-mapped table per evaluator, one slot
// per text with the results of every regex searched in it: an SLA tests one
// title against several regexes, and the title is hashed once for all of
// them. A regex search is pure, so a remembered result is always right.
bool Evaluator::regex_matches(std::uint16_t regex, std::string_view text) {
  const RE2& re = program_->regex(regex);
  if (regex >= kMemoRegexes) return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
  // Texts live in the record or the arena, neither of which changes during
  // an evaluation, so the same bytes at the same address are the same text.
  if (text.data() != last_hashed_ || text.size() != last_hashed_size_) {
    last_hashed_ = text.data();
    last_hashed_size_ = text.size();
    last_hash_ = XXH3_64bits(text.data(), text.size());
  }
  MatchMemo& memo = match_memo_[last_hash_ & (kMatchMemoSize - 1)];
  if (memo.hash != last_hash_ || memo.text != text) {
    memo.hash = last_hash_;
    memo.text.assign(text);  // keeps its capacity: no allocation once warm
    memo.known = memo.matched = 0;
  }
  const std::uint64_t bit = std::uint64_t{1} << regex;
  if (memo.known & bit) return memo.matched & bit;
  bool result = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
  memo.known |= bit;
  if (result) memo.matched |= bit;
  return result;
}

void Evaluator::call(const bc::Instruction& in, Value& out) {
  call_function(in.b, std::span<const Value>(registers_.data() + in.c, in.n), out);
}

void Evaluator::call_function(std::uint16_t import, std::span<const Value> args, Value& out) {
  const stdlib::Function& f = program_->function(import);
  if (f.propagate_missing)
    for (const Value& a : args)
      if (a.missing) {
        out = Value::absent();
        return;
      }
  stdlib::CallContext ctx{arena_, as_of_};
  Value result{};
  try {
    f.impl(ctx, args, result);
  } catch (...) {  // a built-in must not throw; if one does, its value is unknown
    result = Value::absent();
  }
  out = result;
}

}  // namespace baton
