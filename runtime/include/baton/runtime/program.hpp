#pragma once
// A loaded, verified, immutable program. Load once, share across threads
// (std::shared_ptr<const Program>), evaluate with one Evaluator per thread.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/value.hpp"
#include "baton/runtime/image.hpp"

namespace re2 { class RE2; }
namespace baton::stdlib { struct Function; }

namespace baton {

class StringSet;
class BusinessCalendar;  // baton/runtime/calendar.hpp  // runtime/src/string_set.hpp: open-addressing hash set of strings

class Program {
 public:
  // Read and verify a .batonc file's bytes. On failure returns null and sets
  // `error` to one line saying what is wrong ("checksum mismatch", ...).
  static std::shared_ptr<const Program> load(std::span<const std::uint8_t> bytes, std::string& error);
  static std::shared_ptr<const Program> load_file(const std::string& path, std::string& error);
  // Verify an image made in memory (the compiler's output) and prepare it.
  static std::shared_ptr<const Program> from_image(ProgramImage image, std::string& error);

  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  const ProgramImage& image() const { return image_; }
  std::string_view name() const { return image_.sla_name; }
  std::string_view version() const { return image_.sla_version; }
  // XXH3-128 of the semantic sections, 32 lower-case hex digits.
  const std::string& fingerprint() const { return fingerprint_; }
  // The serialized form (what `baton build` writes).
  std::vector<std::uint8_t> to_bytes() const;

  // Load-time structures used by the VM.
  const re2::RE2& regex(std::size_t k) const { return *regexes_[k]; }
  const StringSet& set(std::size_t k) const { return *sets_[k]; }
  const std::vector<Value>& items(std::size_t k) const { return items_[k]; }
  const stdlib::Function& function(std::size_t import) const { return *functions_[import]; }
  // The compiled business calendars, one per image_.calendars entry.
  const BusinessCalendar& calendar(std::size_t k) const { return *calendars_[k]; }
  int stage_index(std::string_view name) const;
  // Why a current stage no stage of the SLA bears is refused: `unknown stage
  // "x" (the stages are lead, mql, ...)`, as the decoders and diff say it.
  std::string unknown_stage_message(std::string_view name) const;
  int score_index(std::string_view name) const;
  // Exported lets: the index of a name (-1: none) and the export's type
  // (Type::invalid for a bad index). Decision::exports holds the values.
  int export_index(std::string_view name) const;
  Type export_type(std::size_t index) const;
  // A route arm's destination when it is a string constant (`-> "team:x"`);
  // null when it is computed from the lead (or `index` is out of range).
  const std::string* route_constant(std::size_t index) const;

 private:
  Program() = default;
  // Verifies, then prepares; `fingerprint` is empty unless the loader already
  // hashed the file's semantic sections (then they need not be re-serialized).
  static std::shared_ptr<const Program> make(ProgramImage image, std::string fingerprint, std::string& error);
  bool prepare(std::string& error);

  ProgramImage image_;
  std::string fingerprint_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  std::vector<std::unique_ptr<StringSet>> sets_;
  std::vector<std::vector<Value>> items_;  // string Values pointing into image_.k_items
  std::vector<const stdlib::Function*> functions_;
  std::vector<std::unique_ptr<const BusinessCalendar>> calendars_;
};

}  // namespace baton
