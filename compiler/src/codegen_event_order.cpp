// Lowering aggregates over event groups and with order clauses (docs/language.md,
// "Event groups and order"; docs/bytecode.md, format 5). A group becomes one
// aggregate entry per member type, chained by `next`, each with its own filter
// chunk and field index; `after` and `among` name a chain of SELECT entries.
#include "codegen.hpp"

namespace baton::codegen {

using ast::Expr;
using ast::ExprKind;

// A field's index in an event type's row (0 = at). Group filters name fields
// that every member has, each at its own index.
std::uint16_t Generator::field_index(int event, const std::string& name) const {
  const auto& fields = image_.events[static_cast<std::size_t>(event)].fields;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<std::uint16_t>(i);
  return 0;  // unreachable: the checker resolved the name
}

std::uint16_t Generator::aggregate_chain(const Expr& source, const Expr* where, const AggregateInfo& proto,
                                         const std::string& field) {
  std::vector<int> members =
      source.group >= 0 ? checked_.group_members[static_cast<std::size_t>(source.group)] : std::vector<int>{source.resolved};
  std::vector<AggregateInfo> parts;
  for (int m : members) {  // filters first: they add chunks, never aggregates
    AggregateInfo part = proto;
    part.event = static_cast<std::uint16_t>(m);
    part.field = field.empty() ? bc::kNone : field_index(m, field);
    part.chunk = where ? predicate(m, where) : bc::kNone;
    parts.push_back(part);
  }
  auto first = static_cast<std::uint16_t>(image_.aggregates.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i + 1 < parts.size()) parts[i].next = static_cast<std::uint16_t>(first + i + 1);
    image_.aggregates.push_back(parts[i]);
  }
  return first;
}

// The events an order clause names: `after page_view where ...`, `among touches`.
std::uint16_t Generator::selection(const Expr& source, const Expr* where, std::int64_t within) {
  AggregateInfo proto;
  proto.kind = bc::AggKind::select;
  proto.result = Type::boolean;
  proto.within = within;
  return aggregate_chain(source, where, proto, "");
}

Reg Generator::order_aggregate_expr(const Expr& e, int field) {
  const Expr& target = *e.args[0];
  const Expr& source = target.kind == ExprKind::member ? *target.args[0] : target;
  const auto& first_member = image_.events[static_cast<std::size_t>(e.resolved)];
  std::string field_name;
  if (target.kind == ExprKind::member) field_name = target.text;
  else if (field >= 0) field_name = first_member.fields[static_cast<std::size_t>(field)].name;

  AggregateInfo proto;
  proto.kind = static_cast<bc::AggKind>(e.aggregate);
  if (e.within) (e.after ? proto.gap : proto.within) = duration_constant(*e.within);
  if (proto.kind == bc::AggKind::decayed_count || proto.kind == bc::AggKind::decayed_sum)
    proto.half_life_days = static_cast<double>(duration_constant(*e.args[1])) / 86400.0;
  if (e.calendar >= 0) proto.calendar = static_cast<std::uint16_t>(e.calendar);
  Type result = e.type;
  if (result == Type::event_ref)  // first(G).field / last(G).field; bare first(G) is never lowered
    result = field_name.empty() ? Type::time : first_member.fields[field_index(e.resolved, field_name)].type;
  proto.result = result;
  if (e.after) proto.other = selection(*e.after, e.after->where.get(), -1);
  if (e.among) proto.other = selection(*e.among, nullptr, proto.within);
  std::uint16_t head = aggregate_chain(source, e.where.get(), proto, field_name);
  Reg out = alloc(result);
  emit(bc::Op::aggregate, out, head);
  return out;
}

}  // namespace baton::codegen
