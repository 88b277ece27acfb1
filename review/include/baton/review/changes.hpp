#pragma once
// What changed between two versions of an SLA, in the terms of the
// agreement rather than of the text: lead fields and events (a field the new
// version requires rejects every lead without it), rules added, removed or re-weighted,
// caps, windows and half-lives, score bounds, stage and route arms,
// thresholds, lifecycle moves, hand-offs, calendars, exports; anything else
// as "program differs". Computed from the two programs' tables (the rule,
// stage and route source texts and numbers), so it works on .batonc files too.
//
// Texts are compared in canonical form (canonical.hpp): layout and comments
// never make a change, and two versions that compile to the same rules have
// none. Rules are matched by their score block and their condition, the rule
// text without its points and cap: `+15 when is_senior` and `+10 when
// is_senior` are one rule, re-weighted; the same condition twice is two
// rules, paired in order. Stage arms are paired by content within their
// stage (kept, reordered, changed in place, added, removed), route arms by
// stage and condition (the text before `->`), lifecycle moves one by one.
#include <string>
#include <vector>

#include "baton/runtime/program.hpp"

namespace baton::review {

struct Change {
  std::string section;  // "lead", "event", "score", "rule", "stage", "route", "threshold", "lifecycle", "handoff",
                        // "calendar", "export", "program"
  std::string kind;     // "added", "removed", "reweighted", "cap", "window", "half-life",
                        // "bounds", "changed", "moved", "reordered", "zone", "hours", "differs"
  std::string subject;  // "fit: when is_senior", "sql", "total >= in sql", "holiday in emea_hours"
  std::string before, after;  // "" for added / removed
};

std::vector<Change> compare_programs(const Program& before, const Program& after);

// A rule's identity across versions: "fit: when is_senior" (canonical text).
std::string rule_key(const Program& program, std::size_t rule);
// Per rule, its label: rule_key(), numbered from the second time the same
// key appears in the program ("fit: when is_emea (#2)"), so a repeated rule
// is a rule of its own.
std::vector<std::string> rule_labels(const Program& program);

// A comparison of a measure (score or exported numeric let) with a number in
// a stage arm's text, such as `total >= 75` in the sql arm. Found in the
// source text of the arm, so what is reported is what the SLA says; written
// with the number first (`75 <= total`) or through another let it is not found.
struct Threshold {
  std::string stage;
  std::string measure;
  std::string op;  // ">=", ">", "<=", "<", "=="
  double value = 0;
  std::string text;  // "total >= 75"
};
std::vector<Threshold> thresholds_of(const Program& program);

}  // namespace baton::review
