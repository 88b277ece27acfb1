#pragma once
// What diff and report share: decoding lead lines for a program, picking
// each lead's evaluation time, and describing rejected lines in the same
// JSON as `baton score --errors`.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"

namespace baton::review {

struct StreamSettings {
  std::int64_t as_of = 0;             // every lead, unless as_of_field is set
  std::string as_of_field;            // a lead field declared `time` (see as_of.hpp)
  DecodeOptions decode;               // strict, coerce (always for CSV leads), zone, event-type case, decoder
};

struct Rejection {
  std::string id;  // "" when the line has none
  bool has_id = false;
  std::string field, message;
};

// One program's decoder, record and evaluator, reused from lead to lead.
class LeadScorer {
 public:
  // Throws nothing; check error() after construction (an unusable --as-of-field).
  LeadScorer(std::shared_ptr<const Program> program, const StreamSettings& settings);
  const std::string& error() const { return error_; }
  const Program& program() const { return *program_; }
  const Record& record() const { return record_; }
  // Field and event-type names the lines used that the program does not declare.
  const UnknownNames& unknown() const { return decoder_.unknown(); }

  // Decodes and evaluates one line; nullptr with `why` filled when rejected.
  const Decision* score(std::string_view line, bool explain, Rejection& why);
  // Evaluates a record another scorer decoded, for a program whose records
  // have the same layout (same_record_layout): one decode serves both.
  const Decision* score(const Record& record, bool explain, Rejection& why);

  // For diff: a lead whose CRM stage this program does not have but `other`
  // has (a stage removed or renamed) is scored as having no current stage
  // rather than rejected; a stage neither has is still rejected. Needs
  // settings.decode.check_current_stage off.
  void accept_stages_of(std::shared_ptr<const Program> other) { other_ = std::move(other); }
  // The last lead's CRM stage when it was one only `other` has, else "".
  const std::string& stage_not_here() const { return stage_not_here_; }

 private:
  bool check_stage(const Record& record, Rejection& why);

  std::shared_ptr<const Program> program_;
  std::shared_ptr<const Program> other_;
  std::string stage_not_here_;
  std::int64_t as_of_;
  std::optional<std::size_t> as_of_slot_;
  std::string as_of_field_;
  std::string error_;
  RecordDecoder decoder_;
  Record record_;
  Evaluator evaluator_;
};

// True when both programs decode a line into the same Record layout (the
// same lead fields and events, with the same types, optionality and defaults).
bool same_record_layout(const Program& a, const Program& b);

// Leads given in more than one record (an export with a row twice): each
// lead counts once, by its first record, in one pass over any input (standard
// input too); the later records are left out, counted and named.
struct DuplicateLeads {
  static constexpr std::size_t kNamed = 5;  // ids named, the first duplicated
  std::uint64_t records = 0;                // records left out
  std::uint64_t ids = 0;                    // ids given more than once
  std::vector<std::pair<std::string, std::uint64_t>> named;  // id, its records
};

// The ids seen so far (memory: one string per lead id).
class LeadIds {
 public:
  // True the first time `id` is seen; false for a later record of it.
  bool first(std::string_view id);
  DuplicateLeads duplicates() const;

 private:
  std::unordered_set<std::string> seen_;
  std::unordered_map<std::string, std::uint64_t> records_;  // per id given more than once, its records
  std::vector<std::string> named_;                          // the first of them
  std::uint64_t left_out_ = 0;
};

// "1 lead id in more than one record ("L001": 2 records); each lead counted once, by its first record, 1 record left out"
std::string duplicates_text(const DuplicateLeads& d);

// {"line":N,"id":...,"field":...,"error":...,"file":...}\n
void append_rejection_json(const Rejection& r, std::uint64_t line, std::string_view file, std::string& out);

}  // namespace baton::review
