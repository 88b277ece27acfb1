#pragma once
// Name resolution and type checking. Annotates the AST in place (Expr::type,
// name_kind, resolved, aggregate) and returns the symbol tables the code
// generator needs. Reports every problem it can find in one pass.
#include <vector>

#include "baton/compiler/ast.hpp"
#include "baton/compiler/diagnostic.hpp"
#include "baton/runtime/calendar.hpp"

namespace baton {

struct CheckedFile {
  std::vector<const ast::FieldDecl*> lead_fields;
  std::vector<const ast::EventDecl*> events;
  // Event groups (`event touches = page_view | webinar`) and, per group, its
  // member event types (indexes into `events`), in the order listed.
  std::vector<const ast::EventDecl*> groups;
  std::vector<std::vector<int>> group_members;
  std::vector<const ast::ConstDecl*> consts;
  std::vector<const ast::LetDecl*> lets;
  std::vector<const ast::ScoreDecl*> scores;
  const ast::StagesDecl* stages = nullptr;
  const ast::RoutesDecl* routes = nullptr;
  std::vector<const ast::TestDecl*> tests;
  // A stage may have several arms (first match wins); stages are numbered in
  // the order of their first arm.
  std::vector<const ast::StageArm*> stage_heads;  // per stage: its first arm
  std::vector<int> arm_stage;                     // per arm of `stages`: its stage
  std::vector<int> route_stage;  // per route arm: index of its stage

  // lifecycle: every allowed move, one per arrow (`any` expanded later).
  const ast::LifecycleDecl* lifecycle = nullptr;
  int current_stage_field = -1;  // lead field holding the CRM's stage, -1 without a lifecycle
  int stage_since_field = -1;    // lead field holding since when, -1 if none
  struct Move {
    int from = -1;  // stage index, or -1 for `any`
    int to = -1;
    const ast::LifecyclePath* path = nullptr;  // its line; its condition, if any
  };
  std::vector<Move> moves;
  std::vector<const ast::HandoffDecl*> handoffs;
  std::vector<int> handoff_stage;  // per hand-off: its stage index

  // Business calendars (check_calendars.cpp): each declared calendar with
  // its holidays resolved, in declaration order; per route arm the calendar
  // its deadline counts on (-1: wall-clock time).
  std::vector<const ast::HolidaysDecl*> holiday_lists;
  std::vector<const ast::CalendarDecl*> calendars;
  std::vector<CalendarInfo> calendar_infos;
  std::vector<int> route_calendar;
  std::vector<std::vector<int>> escalation_calendar;  // per route arm, per escalation step

  // Lets and scores ordered so that each comes after everything it uses.
  struct Step {
    enum Kind { let, score } kind;
    int index;
  };
  std::vector<Step> order;
};

CheckedFile check(ast::File& file, const SourceFile& source, Diagnostics& out);

}  // namespace baton
