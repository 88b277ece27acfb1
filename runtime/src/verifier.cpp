// verify_image: proves a ProgramImage safe to run before the VM sees it. The VM
// then indexes registers, constants and tables without checks, so everything
// it relies on is established here: operand ranges and register types (driven
// by the operand kinds of the opcode table in bytecode.hpp), the few relations
// between operands the table cannot express, and the consistency of the
// tables themselves. The first problem found is reported, in one line.
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "baton/runtime/program_io.hpp"
#include "bytecode_text.hpp"
#include "verify_numbers.hpp"
#include "verify_explain.hpp"

namespace baton {
namespace {

using bc::Op;
using bc::Operand;
constexpr std::size_t kMaxTable = 65535;  // indexes are 16-bit, 0xFFFF is kNone

// Types a register, a field or an import parameter may have; `stage` and
// `event_ref` exist only inside the checker.
bool is_value_type(Type t) { return t > Type::invalid && t < Type::stage; }
bool is_field_type(Type t) { return is_value_type(t) && t != Type::regex; }

// A type for a message; bytes past the enum are shown as numbers.
std::string type_text(Type t) {
  return t < Type::count_ ? std::string(type_name(t)) : fmt::format("<type byte {}>", static_cast<int>(t));
}

// The representation class an operand kind demands of a register.
bool fits_kind(Operand kind, Type t) {
  switch (kind) {
    case Operand::r_i64: return t == Type::int_ || t == Type::time || t == Type::duration;
    case Operand::r_f64: return t == Type::number;
    case Operand::r_bool: return t == Type::boolean;
    case Operand::r_str: return t == Type::string;
    case Operand::r_items: return t == Type::string_set || t == Type::string_list;
    case Operand::r_regex: return t == Type::regex;
    case Operand::r_any: return is_value_type(t);
    default: return false;
  }
}

std::string_view kind_text(Operand kind) {
  switch (kind) {
    case Operand::r_i64: return "an int, time or duration register";
    case Operand::r_f64: return "a number register";
    case Operand::r_bool: return "a bool register";
    case Operand::r_str: return "a string register";
    case Operand::r_items: return "a set or list register";
    case Operand::r_regex: return "a regex register";
    default: return "a register";
  }
}

bool is_register_kind(Operand kind) { return kind >= Operand::r_i64 && kind <= Operand::r_any; }

// The type an aggregate of this kind yields over a field of `field_type`
// (Type::invalid when the combination is not allowed).
Type aggregate_result(bc::AggKind kind, Type field_type) {
  using bc::AggKind;
  switch (kind) {
    case AggKind::count: case AggKind::distinct: case AggKind::streak: case AggKind::distinct_days:
    case AggKind::position:
      return Type::int_;
    case AggKind::select: return Type::boolean;
    case AggKind::any: case AggKind::all: case AggKind::none: return Type::boolean;
    case AggKind::score_per: case AggKind::decayed_count: return Type::number;
    case AggKind::decayed_sum: return is_numeric(field_type) ? Type::number : Type::invalid;
    case AggKind::avg: return is_numeric(field_type) ? Type::number : Type::invalid;
    case AggKind::sum: return is_numeric(field_type) ? field_type : Type::invalid;
    case AggKind::min: case AggKind::max:
      return is_numeric(field_type) || field_type == Type::time || field_type == Type::duration ||
                     field_type == Type::string
                 ? field_type
                 : Type::invalid;
    case AggKind::first: case AggKind::last: return field_type;
    case AggKind::count_: break;
  }
  return Type::invalid;
}

bool needs_field(bc::AggKind kind) {
  using bc::AggKind;
  return kind == AggKind::sum || kind == AggKind::min || kind == AggKind::max || kind == AggKind::avg ||
         kind == AggKind::distinct || kind == AggKind::first || kind == AggKind::last || kind == AggKind::decayed_sum;
}

class Verifier {
 public:
  explicit Verifier(const ProgramImage& im) : im_(im) {}

  std::string run() {
    if (check_limits() && check_schema() && check_registers() && check_chunks() && check_imports() &&
        check_aggregates() && check_tables() && check_numbers() && check_code())
      return {};
    return error_;
  }

 private:
  const ProgramImage& im_;
  std::string error_;

  template <typename... Args>
  bool fail(fmt::format_string<Args...> format, Args&&... args) {
    error_ = fmt::format(format, std::forward<Args>(args)...);
    return false;
  }

  // ------------------------------------------------------------ tables

  bool check_numbers() {
    error_ = check_number_ranges(im_);
    return error_.empty();
  }

  bool check_limit(std::size_t size, std::string_view what) {
    return size <= kMaxTable || fail("too many {}: {} (the limit is {})", what, size, kMaxTable);
  }

  bool check_limits() {
    return check_limit(im_.lead_fields.size(), "lead fields") && check_limit(im_.events.size(), "event types") &&
           check_limit(im_.k_int.size(), "int constants") && check_limit(im_.k_num.size(), "number constants") &&
           check_limit(im_.k_str.size(), "string constants") &&
           check_limit(im_.k_items.size(), "set/list constants") &&
           check_limit(im_.k_regex.size(), "regex constants") && check_limit(im_.registers.size(), "registers") &&
           check_limit(im_.chunks.size(), "chunks") && check_limit(im_.imports.size(), "imports") &&
           check_limit(im_.aggregates.size(), "aggregates") && check_limit(im_.scores.size(), "scores") &&
           check_limit(im_.rules.size(), "rules") && check_limit(im_.stages.size(), "stages") && check_limit(im_.stage_arms.size(), "stage arms") &&
           check_limit(im_.routes.size(), "routes") && check_limit(im_.exports.size(), "exports") &&
           check_limit(im_.calendars.size(), "calendars");
  }

  bool check_field(const FieldInfo& f, std::string_view where) {
    if (f.name.empty()) return fail("{}: a field has an empty name", where);
    if (!is_field_type(f.type))
      return fail("{}: field '{}' has type {}, which a field cannot have", where, f.name, type_text(f.type));
    return true;
  }

  bool check_unique(std::set<std::string_view>& seen, std::string_view name, std::string_view what) {
    return seen.insert(name).second || fail("duplicate {} name '{}'", what, name);
  }

  bool check_schema() {
    std::set<std::string_view> lead_names, event_names;
    for (const auto& f : im_.lead_fields)
      if (!check_field(f, "lead") || !check_unique(lead_names, f.name, "lead field")) return false;
    for (const auto& e : im_.events) {
      if (e.name.empty()) return fail("an event type has an empty name");
      if (!check_unique(event_names, e.name, "event")) return false;
      if (e.fields.empty() || e.fields[0].name != "at" || e.fields[0].type != Type::time)
        return fail("event '{}': its first field must be `at: time`", e.name);
      if (e.fields.size() > kMaxTable) return fail("event '{}' has too many fields", e.name);
      std::set<std::string_view> field_names;
      const std::string where = fmt::format("event '{}'", e.name);
      for (const auto& f : e.fields)
        if (!check_field(f, where) || !check_unique(field_names, f.name, where + " field")) return false;
    }
    return true;
  }

  bool check_registers() {
    for (std::size_t r = 0; r < im_.registers.size(); ++r)
      if (!is_value_type(im_.registers[r]))
        return fail("register r{} has type {}, which a register cannot have", r, type_text(im_.registers[r]));
    if (im_.registers.size() < im_.lead_fields.size())
      return fail("{} registers cannot hold the {} lead fields", im_.registers.size(), im_.lead_fields.size());
    for (std::size_t r = 0; r < im_.lead_fields.size(); ++r)
      if (im_.registers[r] != im_.lead_fields[r].type)
        return fail("register r{} has type {} but holds lead field '{}' of type {}", r,
                    type_text(im_.registers[r]), im_.lead_fields[r].name, type_text(im_.lead_fields[r].type));
    return true;
  }

  // Chunks tile the code exactly, in order; chunk 0 is main and ends with
  // HALT, every other chunk filters one event type and ends with RET, or has
  // no event type and is an explain chunk (version 5) ending with HALT.
  bool check_chunks() {
    if (im_.chunks.empty()) return fail("the program has no main chunk");
    if (im_.chunks[0].event != bc::kNone) return fail("chunk 0 (main) must not have an event type");
    std::uint32_t expected_begin = 0;
    for (std::size_t i = 0; i < im_.chunks.size(); ++i) {
      const ChunkInfo& c = im_.chunks[i];
      if (c.begin != expected_begin)
        return fail("chunk {} begins at instruction {}, expected {}", i, c.begin, expected_begin);
      if (c.end <= c.begin) return fail("chunk {} is empty", i);
      if (c.end > im_.code.size())
        return fail("chunk {} ends at {}, past the end of the code ({})", i, c.end, im_.code.size());
      if (i > 0 && c.event >= im_.events.size() && c.event != bc::kNone)
        return fail("chunk {} filters event type {}, but there are {}", i, c.event, im_.events.size());
      const Op last = im_.code[c.end - 1].op;
      const Op wanted = c.event == bc::kNone ? Op::halt : Op::ret;
      if (last != wanted) return fail("chunk {} must end with {}", i, bc::op_info(wanted).name);
      expected_begin = c.end;
    }
    if (expected_begin != im_.code.size())
      return fail("instructions {}..{} belong to no chunk", expected_begin, im_.code.size() - 1);
    if (!im_.lines.empty() && im_.lines.size() != im_.code.size())
      return fail("the line table has {} entries for {} instructions", im_.lines.size(), im_.code.size());
    return true;
  }

  bool check_imports() {
    for (std::size_t i = 0; i < im_.imports.size(); ++i) {
      const ImportInfo& f = im_.imports[i];
      if (f.name.empty()) return fail("import #{} has an empty name", i);
      if (f.params.size() > 255) return fail("import '{}' has more than 255 parameters", f.name);
      for (Type t : f.params)
        if (!is_value_type(t)) return fail("import '{}' has a parameter of type {}", f.name, type_text(t));
      if (!is_value_type(f.result)) return fail("import '{}' has result type {}", f.name, type_text(f.result));
    }
    return true;
  }

  bool is_predicate_of(std::uint16_t chunk, std::uint16_t event) const {
    return chunk != 0 && chunk < im_.chunks.size() && im_.chunks[chunk].event == event;
  }

  bool check_aggregate(std::size_t i, const AggregateInfo& a) {
    if (a.kind >= bc::AggKind::count_) return fail("aggregate #{} has an unknown kind", i);
    const std::string_view kind = bc::kAggNames[static_cast<std::size_t>(a.kind)];
    if (a.event >= im_.events.size())
      return fail("aggregate #{} ({}) is over event type {}, but there are {}", i, kind, a.event, im_.events.size());
    const EventInfo& event = im_.events[a.event];
    if (a.chunk != bc::kNone && !is_predicate_of(a.chunk, a.event))
      return fail("aggregate #{} ({}): chunk {} is not a predicate over '{}'", i, kind, a.chunk, event.name);
    if (a.field == bc::kNone ? needs_field(a.kind) : a.field >= event.fields.size())
      return fail("aggregate #{} ({}): field {} is not a field of '{}'", i, kind, a.field, event.name);
    const Type field_type = a.field == bc::kNone ? Type::invalid : event.fields[a.field].type;
    const Type expected = aggregate_result(a.kind, field_type);
    if (expected == Type::invalid)
      return fail("aggregate #{}: {} is not defined over a {} field", i, kind, type_text(field_type));
    if (a.result != expected)
      return fail("aggregate #{} ({}) declares result {}, expected {}", i, kind, type_text(a.result),
                  type_text(expected));
    if (a.within < -1) return fail("aggregate #{} has a negative window {}", i, a.within);
    if (!(a.half_life_days >= 0)) return fail("aggregate #{} has a bad half-life {}", i, a.half_life_days);
    bool decayed = a.kind == bc::AggKind::decayed_count || a.kind == bc::AggKind::decayed_sum;
    if (decayed && !(a.half_life_days > 0)) return fail("aggregate #{} ({}) needs a half-life above zero", i, kind);
    if (a.kind == bc::AggKind::score_per && a.rule >= im_.rules.size())
      return fail("aggregate #{} (score_per) refers to rule {}, but there are {}", i, a.rule, im_.rules.size());
    return check_order(i, a, kind);
  }

  // Format v5: a group's chain only moves forward and its entries agree on
  // everything but the event type, its filter and field index; an order
  // clause names a SELECT chain (which names nothing further), so reading an
  // aggregate visits each entry at most twice.
  bool check_order(std::size_t i, const AggregateInfo& a, std::string_view kind) {
    using bc::AggKind;
    if (a.next != bc::kNone) {
      if (a.next <= i || a.next >= im_.aggregates.size())
        return fail("aggregate #{} ({}) continues at #{}, which is not a later aggregate", i, kind, a.next);
      const AggregateInfo& n = im_.aggregates[a.next];
      if (n.kind != a.kind || n.result != a.result || n.within != a.within || n.other != a.other || n.gap != a.gap ||
          n.calendar != a.calendar || n.half_life_days != a.half_life_days || (a.field == bc::kNone) != (n.field == bc::kNone))
        return fail("aggregate #{} ({}) continues at #{}, which is not the same aggregate", i, kind, a.next);
      if (a.kind == AggKind::score_per) return fail("aggregate #{} (score_per) cannot continue over another type", i);
    }
    if (a.kind == AggKind::select && (a.other != bc::kNone || a.gap != -1 || a.field != bc::kNone))
      return fail("aggregate #{} (select) names events only: no order clause and no field", i);
    if (a.other != bc::kNone &&
        (a.other >= im_.aggregates.size() || im_.aggregates[a.other].kind != AggKind::select))
      return fail("aggregate #{} ({}) orders by #{}, which is not a select aggregate", i, kind, a.other);
    if (a.kind == AggKind::position && a.other == bc::kNone)
      return fail("aggregate #{} (position) names no events to count among", i);
    if (a.gap < -1) return fail("aggregate #{} has a negative gap {}", i, a.gap);
    if (a.gap != -1 && (a.other == bc::kNone || a.kind == AggKind::position))
      return fail("aggregate #{} ({}) has a gap but no `after` events", i, kind);
    if (a.other != bc::kNone && a.kind != AggKind::position && a.within != -1)
      return fail("aggregate #{} ({}): with `after`, `within` is the gap, not an age limit", i, kind);
    if (a.calendar != bc::kNone && (a.kind != AggKind::distinct_days || a.calendar >= im_.calendars.size()))
      return fail("aggregate #{} ({}) counts days on calendar {}, but there are {}", i, kind, a.calendar,
                  im_.calendars.size());
    return true;
  }

  bool check_aggregates() {
    for (std::size_t i = 0; i < im_.aggregates.size(); ++i)
      if (!check_aggregate(i, im_.aggregates[i])) return false;
    return true;
  }

  bool check_tables() {
    std::set<std::string_view> score_names, stage_names, export_names;
    for (const auto& s : im_.scores) {
      if (!check_unique(score_names, s.name, "score")) return false;
      if (s.reg >= im_.registers.size() || im_.registers[s.reg] != Type::number)
        return fail("score '{}' must live in a number register, r{} is not one", s.name, s.reg);
      if (s.has_min && s.has_max && !(s.min <= s.max))
        return fail("score '{}' has min {} above max {}", s.name, s.min, s.max);
    }
    for (std::size_t i = 0; i < im_.rules.size(); ++i)
      if (im_.rules[i].score >= im_.scores.size())
        return fail("rule #{} belongs to score {}, but there are {}", i, im_.rules[i].score, im_.scores.size());
    for (const auto& s : im_.stages) {
      if (s.name.empty()) return fail("a stage has an empty name");
      if (!check_unique(stage_names, s.name, "stage")) return false;
    }
    {
      std::vector<bool> has_arm(im_.stages.size(), false);
      for (std::size_t i = 0; i < im_.stage_arms.size(); ++i) {
        if (im_.stage_arms[i].stage >= im_.stages.size())
          return fail("stage arm #{} is for stage {}, but there are {}", i, im_.stage_arms[i].stage, im_.stages.size());
        has_arm[im_.stage_arms[i].stage] = true;
      }
      for (std::size_t s = 0; s < has_arm.size(); ++s)
        if (!has_arm[s]) return fail("stage '{}' has no arm", im_.stages[s].name);
    }
    for (std::size_t i = 0; i < im_.routes.size(); ++i) {
      if (im_.routes[i].stage >= im_.stages.size())
        return fail("route #{} is for stage {}, but there are {}", i, im_.routes[i].stage, im_.stages.size());
      if (im_.routes[i].within < -1) return fail("route #{} has a negative deadline", i);
      if (im_.routes[i].calendar != bc::kNone && im_.routes[i].calendar >= im_.calendars.size())
        return fail("route #{} counts on calendar {}, but there are {}", i, im_.routes[i].calendar,
                    im_.calendars.size());
    }
    for (std::size_t i = 0; i < im_.escalations.size(); ++i) {
      const EscalationInfo& e = im_.escalations[i];
      if (e.route >= im_.routes.size())
        return fail("escalation #{} is for route {}, but there are {}", i, e.route, im_.routes.size());
      if (e.calendar != bc::kNone && e.calendar >= im_.calendars.size())
        return fail("escalation #{} counts on calendar {}, but there are {}", i, e.calendar, im_.calendars.size());
    }
    for (const auto& e : im_.exports) {
      if (!check_unique(export_names, e.name, "export")) return false;
      if (e.reg >= im_.registers.size())
        return fail("export '{}' reads register r{}, but there are {}", e.name, e.reg, im_.registers.size());
    }
    return check_lifecycle() && check_handoffs();
  }

  bool value_register(std::uint16_t r) const { return r < im_.registers.size() && is_field_type(im_.registers[r]); }

  bool check_lifecycle() {
    const LifecycleInfo& lc = im_.lifecycle;
    if (!lc.present)
      return (lc.moves.empty() && lc.current_field == bc::kNone && lc.since_field == bc::kNone) ||
             fail("the lifecycle is absent but has moves or fields");
    if (lc.current_field >= im_.lead_fields.size() || im_.lead_fields[lc.current_field].type != Type::string)
      return fail("the lifecycle's current stage must be a string lead field, field {} is not one", lc.current_field);
    if (lc.since_field != bc::kNone &&
        (lc.since_field >= im_.lead_fields.size() || im_.lead_fields[lc.since_field].type != Type::time))
      return fail("the lifecycle's since field must be a time lead field, field {} is not one", lc.since_field);
    for (std::size_t i = 0; i < lc.moves.size(); ++i) {
      const MoveInfo& m = lc.moves[i];
      if ((m.from != bc::kNone && m.from >= im_.stages.size()) || m.to >= im_.stages.size() || m.from == m.to)
        return fail("lifecycle move #{} goes from stage {} to {}, with {} stages", i, m.from, m.to, im_.stages.size());
      if (m.condition != bc::kNone &&
          (m.condition >= im_.registers.size() || im_.registers[m.condition] != Type::boolean))
        return fail("lifecycle move #{}'s condition must be a bool register, r{} is not one", i, m.condition);
    }
    return true;
  }

  bool check_handoffs() {
    std::set<std::uint16_t> stages;
    for (std::size_t i = 0; i < im_.handoffs.size(); ++i) {
      const HandoffInfo& h = im_.handoffs[i];
      if (h.stage >= im_.stages.size() || !stages.insert(h.stage).second)
        return fail("hand-off #{} is for stage {}: out of range or given twice", i, h.stage);
      if (h.reasons > 20) return fail("hand-off #{} asks for {} reasons, at most 20", i, h.reasons);
      for (const auto& piece : h.summary) {
        if (piece.reg == bc::kNone) {
          if (piece.decimals != TemplatePiece::kNoDecimals) return fail("hand-off #{}: a text piece has a format", i);
          continue;
        }
        if (!piece.text.empty() || !value_register(piece.reg))
          return fail("hand-off #{}: a summary value must be one value register, r{} is not", i, piece.reg);
        const Type t = im_.registers[piece.reg];
        if (piece.decimals != TemplatePiece::kNoDecimals &&
            (piece.decimals > 9 || (t != Type::int_ && t != Type::number)))
          return fail("hand-off #{}: {} decimals for a {} value", i, piece.decimals, type_text(t));
      }
      for (const auto& f : h.fields)
        if (!value_register(f.reg)) return fail("hand-off #{}: field '{}' reads r{}, not a value register", i, f.name, f.reg);
    }
    return true;
  }

  // ------------------------------------------------------------ code

  struct Site {
    std::size_t chunk;
    std::uint32_t pc;
    const bc::Instruction& ins;
  };

  template <typename... Args>
  bool fail_at(const Site& s, fmt::format_string<Args...> format, Args&&... args) {
    const auto op = static_cast<std::size_t>(s.ins.op);
    return fail("chunk {}, instruction {} ({}): {}", s.chunk, s.pc, bc::kOpInfo[op].name,
                fmt::format(format, std::forward<Args>(args)...));
  }

  Type reg_type(std::uint16_t r) const { return im_.registers[r]; }

  bool check_register(const Site& s, char slot, Operand kind, std::uint16_t r) {
    if (r >= im_.registers.size())
      return fail_at(s, "operand {}: register r{} does not exist ({} registers)", slot, r, im_.registers.size());
    if (!fits_kind(kind, reg_type(r)))
      return fail_at(s, "operand {} must be {}, r{} is {}", slot, kind_text(kind), r, type_text(reg_type(r)));
    return true;
  }

  bool check_index(const Site& s, char slot, std::uint16_t v, std::size_t size, std::string_view what) {
    return v < size || fail_at(s, "operand {}: {} {} out of range ({} in the table)", slot, what, v, size);
  }

  bool check_operand(const Site& s, char slot, Operand kind, std::uint16_t v) {
    const ChunkInfo& chunk = im_.chunks[s.chunk];
    if (is_register_kind(kind)) return check_register(s, slot, kind, v);
    switch (kind) {
      case Operand::none: return true;
      case Operand::k_int: return check_index(s, slot, v, im_.k_int.size(), "int constant");
      case Operand::k_num: return check_index(s, slot, v, im_.k_num.size(), "number constant");
      case Operand::k_str: return check_index(s, slot, v, im_.k_str.size(), "string constant");
      case Operand::k_items: return check_index(s, slot, v, im_.k_items.size(), "set/list constant");
      case Operand::k_regex: return check_index(s, slot, v, im_.k_regex.size(), "regex constant");
      case Operand::function: return check_index(s, slot, v, im_.imports.size(), "import");
      case Operand::aggregate: return check_index(s, slot, v, im_.aggregates.size(), "aggregate");
      case Operand::score: return check_index(s, slot, v, im_.scores.size(), "score");
      case Operand::stage: return check_index(s, slot, v, im_.stages.size(), "stage");
      case Operand::rule: return check_index(s, slot, v, im_.rules.size(), "rule");
      case Operand::route: return check_index(s, slot, v, im_.routes.size(), "route");
      case Operand::handoff: return check_index(s, slot, v, im_.handoffs.size(), "hand-off");
      case Operand::calendar: return check_index(s, slot, v, im_.calendars.size(), "calendar");
      case Operand::escalation: return check_index(s, slot, v, im_.escalations.size(), "escalation");
      case Operand::stage_arm: return check_index(s, slot, v, im_.stage_arms.size(), "stage arm");
      case Operand::imm: return true;
      case Operand::jump:
        if (v <= s.pc) return fail_at(s, "jump to {} does not go forward", v);
        if (v >= chunk.end) return fail_at(s, "jump to {} leaves the chunk (it ends at {})", v, chunk.end);
        return true;
      case Operand::field: {
        if (chunk.event == bc::kNone) return fail_at(s, "reads an event field outside a predicate chunk");
        const EventInfo& event = im_.events[chunk.event];
        return v < event.fields.size() ||
               fail_at(s, "field {} out of range (event '{}' has {} fields)", v, event.name, event.fields.size());
      }
      default: return fail_at(s, "operand {} has an unknown kind", slot);
    }
  }

  bool same_types(const Site& s, std::initializer_list<std::uint16_t> regs) {
    const Type first = reg_type(*regs.begin());
    for (std::uint16_t r : regs)
      if (reg_type(r) != first)
        return fail_at(s, "operands must have one type, r{} is {} and r{} is {}", *regs.begin(),
                       type_text(first), r, type_text(reg_type(r)));
    return true;
  }

  // CALL passes R[c] .. R[c+n-1]: exactly the import's parameter types.
  bool check_call(const Site& s) {
    const ImportInfo& f = im_.imports[s.ins.b];
    if (s.ins.n != f.params.size())
      return fail_at(s, "passes {} arguments, '{}' takes {}", s.ins.n, f.name, f.params.size());
    if (std::size_t(s.ins.c) + s.ins.n > im_.registers.size())
      return fail_at(s, "arguments r{}..r{} do not exist ({} registers)", s.ins.c, s.ins.c + s.ins.n - 1,
                     im_.registers.size());
    for (std::size_t i = 0; i < f.params.size(); ++i)
      if (reg_type(static_cast<std::uint16_t>(s.ins.c + i)) != f.params[i])
        return fail_at(s, "argument {} of '{}' must be {}, r{} is {}", i + 1, f.name, type_text(f.params[i]),
                       s.ins.c + i, type_text(reg_type(static_cast<std::uint16_t>(s.ins.c + i))));
    if (reg_type(s.ins.a) != f.result)
      return fail_at(s, "'{}' returns {}, r{} is {}", f.name, type_text(f.result), s.ins.a,
                     type_text(reg_type(s.ins.a)));
    return true;
  }

  // Relations between operands that the per-operand kinds cannot express.
  bool check_relations(const Site& s) {
    const bc::Instruction& ins = s.ins;
    const bool predicate = im_.chunks[s.chunk].event != bc::kNone;
    if (s.chunk != 0 && !predicate && changes_decision(ins))
      return fail_at(s, "an explain chunk may not change the decision");
    switch (ins.op) {
      case Op::halt: return !predicate || fail_at(s, "halt inside a predicate chunk");
      case Op::ret: return predicate || fail_at(s, "ret in the main chunk");
      case Op::move: return same_types(s, {ins.a, ins.b});
      case Op::coalesce: return same_types(s, {ins.a, ins.b, ins.c});
      case Op::load_bool: return ins.b <= 1 || fail_at(s, "immediate {} is not 0 or 1", ins.b);
      case Op::load_event: {
        const FieldInfo& f = im_.events[im_.chunks[s.chunk].event].fields[ins.b];
        return reg_type(ins.a) == f.type || fail_at(s, "field '{}' is {}, r{} is {}", f.name, type_text(f.type),
                                                    ins.a, type_text(reg_type(ins.a)));
      }
      case Op::call: return check_call(s);
      case Op::aggregate: {
        if (predicate) return fail_at(s, "aggregates may not nest inside a predicate chunk");
        if (im_.aggregates[ins.b].kind == bc::AggKind::select)
          return fail_at(s, "aggregate #{} (select) is read only through an order clause", ins.b);
        const Type result = im_.aggregates[ins.b].result;
        return reg_type(ins.a) == result || fail_at(s, "aggregate #{} yields {}, r{} is {}", ins.b,
                                                    type_text(result), ins.a, type_text(reg_type(ins.a)));
      }
      case Op::lifecycle:
      case Op::entered:
      case Op::set_handoff:
        return !predicate || fail_at(s, "decision steps belong in the main chunk");
      case Op::add_per_rule:
        if (predicate) return fail_at(s, "aggregates may not nest inside a predicate chunk");
        return im_.aggregates[ins.b].kind == bc::AggKind::score_per ||
               fail_at(s, "aggregate #{} is not a per rule", ins.b);
      default: return true;
    }
  }

  // What an explain chunk may not do: it runs after the decision is made,
  // only when explaining, and must leave the decision and its trace as they
  // are. (A new opcode that writes the decision belongs in this list.)
  bool changes_decision(const bc::Instruction& ins) const {
    switch (ins.op) {
      case Op::rule_when: case Op::rule_add: case Op::add_per_rule: case Op::clamp_score:
      case Op::stage_try: case Op::set_stage: case Op::route_try: case Op::set_route:
      case Op::lifecycle: case Op::set_handoff: case Op::set_deadline: case Op::set_business_deadline:
      case Op::escalate:
        return true;
      case Op::aggregate:  // a per rule's aggregate adds to the trace when read
        return ins.b < im_.aggregates.size() && im_.aggregates[ins.b].kind == bc::AggKind::score_per;
      default: return false;
    }
  }

  bool check_instruction(const Site& s) {
    if (static_cast<std::size_t>(s.ins.op) >= bc::kOpCount)
      return fail("chunk {}, instruction {}: unknown opcode {}", s.chunk, s.pc, static_cast<int>(s.ins.op));
    const bc::OpInfo& info = bc::op_info(s.ins.op);
    // CALL's c is a register range whose length is n; check_call covers it.
    const bool c_is_range = s.ins.op == Op::call;
    return check_operand(s, 'a', info.a, s.ins.a) && check_operand(s, 'b', info.b, s.ins.b) &&
           (c_is_range || check_operand(s, 'c', info.c, s.ins.c)) && check_relations(s);
  }

  bool check_code() {
    for (std::size_t chunk = 0; chunk < im_.chunks.size(); ++chunk)
      for (std::uint32_t pc = im_.chunks[chunk].begin; pc < im_.chunks[chunk].end; ++pc)
        if (!check_instruction({chunk, pc, im_.code[pc]})) return false;
    return true;
  }
};

}  // namespace

std::string verify_image(const ProgramImage& image) {
  std::string error = Verifier(image).run();
  if (error.empty()) error = verify_explain(image);
  return one_line(error);
}

}  // namespace baton
