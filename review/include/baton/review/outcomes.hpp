#pragma once
// Outcomes: what became of the leads (opportunity, won, lost, ...), from a
// JSON Lines or CSV file of lead id, outcome and date:
//
//   {"id":"L001","outcome":"won","date":"2026-12-14"}
//   id,outcome,date            (CSV: a header naming the columns, any order)
//
// The file is held in memory as a hash map by lead id (memory in proportion
// to the outcomes, not to the leads, which stream past it). A lead may have
// several outcomes (an opportunity, then won); each counts once per lead.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace baton::review {

struct OutcomeError {
  std::uint64_t line = 0;
  std::string field;  // "id", "outcome", "date", "" for the whole line
  std::string message;
};

class Outcomes {
 public:
  static constexpr std::size_t kMaxNames = 64;  // distinct outcome names

  // Reads a whole file's text; lines that cannot be read are listed in
  // `errors` and skipped. CSV when the first non-blank character is not '{'.
  static Outcomes parse(std::string_view text, std::vector<OutcomeError>& errors);

  struct Lead {
    std::uint64_t mask = 0;             // bit i: has outcome names()[i]
    std::int64_t first_date = INT64_MAX;  // earliest dated outcome (INT64_MAX: none dated)
    std::vector<std::pair<std::uint8_t, std::int64_t>> dates;  // earliest date per dated outcome
    // The earliest date of outcome `index`; INT64_MAX when undated or absent.
    std::int64_t date_of(int index) const {
      for (const auto& [i, d] : dates)
        if (i == index) return d;
      return INT64_MAX;
    }
  };

  const std::vector<std::string>& names() const { return names_; }  // in order of first appearance
  int name_index(std::string_view name) const;
  const Lead* find(std::string_view id) const;
  std::size_t leads() const { return by_id_.size(); }
  std::uint64_t records() const { return records_; }

 private:
  void add(std::uint64_t line, std::string_view id, std::string_view outcome, std::string_view date,
           std::vector<OutcomeError>& errors);
  void parse_jsonl(std::string_view text, std::vector<OutcomeError>& errors);
  void parse_csv(std::string_view text, std::vector<OutcomeError>& errors);

  std::vector<std::string> names_;
  std::unordered_map<std::string, Lead> by_id_;
  std::uint64_t records_ = 0;
};

}  // namespace baton::review
