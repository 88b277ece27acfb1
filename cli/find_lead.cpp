#include "find_lead.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "baton/common/printable.hpp"
#include "lead_source.hpp"
#include "line_reader.hpp"

namespace baton::cli {

namespace {
// "no lead with id `L9`", saying when records too long to read, whose ids
// could not be read either, may hold it.
void print_not_found(const LeadWanted& wanted, std::uint64_t unread) {
  if (wanted.id.empty()) fmt::print(stderr, "baton: {}: the file holds no lead record", wanted.name);
  else fmt::print(stderr, "baton: {}: no lead with id `{}`", wanted.name, wanted.id);
  if (unread > 0)
    fmt::print(stderr, " ({} record{} longer than --max-record-bytes {} {} not read)", unread, unread == 1 ? "" : "s",
               wanted.max_record_bytes, unread == 1 ? "was" : "were");
  fmt::print(stderr, "\n");
}

// `where` is the file, or FILE:LINE for one record of several.
void print_unreadable(const std::string& where, const DecodeError& error) {
  fmt::print(stderr, "baton: {}: the lead cannot be read: {}{}{}\n", where, error.field,
             error.field.empty() ? "" : ": ", error.message);
}

void print_read_error(const LeadWanted& wanted, int error) {
  fmt::print(stderr, "baton: cannot read {}: {}\n", input_name(wanted.name), std::strerror(error != 0 ? error : EIO));
}

// A JSON file is one lead, possibly pretty-printed, or JSON Lines: its first
// two non-blank lines tell (looks_like_json_lines). The text of a file of one
// lead is kept, within --max-record-bytes; JSON Lines are read one at a time.
class JsonSearch {
 public:
  JsonSearch(std::FILE* file, const LeadWanted& wanted, RecordDecoder& decoder, Record& record)
      : wanted_(wanted), decoder_(decoder), record_(record), lines_(file, wanted.max_record_bytes) {}

  bool run() {
    std::string_view line;
    bool oversized = false;
    if (!next(line, oversized)) return end(0);
    // The first record settles it when it is the lead: a file of one lead
    // and JSON Lines agree then, and nothing after it is waited for.
    const std::string first(line);
    const bool first_oversized = oversized;
    const std::uint64_t first_number = lines_.line_number();
    DecodeError first_error;
    const bool first_read = !oversized && decoder_.decode(first, record_, first_error);
    if (first_read && (wanted_.id.empty() || record_.id == wanted_.id)) return true;
    const std::string first_id = record_.id;
    if (!next(line, oversized)) {  // one line: the file's one lead
      if (lines_.failed()) return end(0);
      if (first_read) return other_lead(first_id);
      print_unreadable(wanted_.name, first_oversized ? too_large() : first_error);
      return false;
    }
    if (!looks_like_json_lines(first + '\n' + std::string(line))) return whole_object();
    keeping_ = false;
    whole_.clear();
    if (!first_read) {
      const Step step = check(first, first_number, first_oversized);
      if (step != Step::next) return step == Step::found;
    }
    do {
      const Step step = check(line, lines_.line_number(), oversized);
      if (step != Step::next) return step == Step::found;
    } while (next(line, oversized));
    return end(unread_);
  }

 private:
  enum class Step { found, failed, next };

  DecodeError too_large() const {
    return {"", fmt::format("record is larger than {} bytes", wanted_.max_record_bytes)};
  }

  // The next non-blank line (valid until the next call); false at the end.
  bool next(std::string_view& line, bool& oversized) {
    while (lines_.next(line, oversized)) {
      if (keeping_) keep(line, oversized);
      if (oversized || !is_blank_line(line)) return true;
    }
    return false;
  }

  // The text of a file that may be one lead, as long as it fits the limit.
  void keep(std::string_view line, bool oversized) {
    if (!whole_fits_) return;
    if (oversized || whole_.size() + line.size() + 1 > wanted_.max_record_bytes) {
      whole_fits_ = false;
      std::string().swap(whole_);
      return;
    }
    whole_.append(line);
    whole_ += '\n';
  }

  // One line of JSON Lines against the lead wanted. A line that is too long
  // or cannot be read is the error when it is that lead (named by its first
  // bytes, as score names it) or the first lead is wanted.
  Step check(std::string_view text, std::uint64_t number, bool oversized) {
    auto where = [&] { return fmt::format("{}:{}", wanted_.name, number); };
    if (oversized) {
      std::string id;
      const bool named = salvage_record_id(text, id);
      if (wanted_.id.empty() || (named && id == wanted_.id)) {
        print_unreadable(where(), too_large());
        return Step::failed;
      }
      if (!named) ++unread_;
      return Step::next;
    }
    DecodeError error;
    if (decoder_.decode(text, record_, error))
      return wanted_.id.empty() || record_.id == wanted_.id ? Step::found : Step::next;
    if (wanted_.id.empty() || (record_.has_id && record_.id == wanted_.id)) {
      print_unreadable(where(), error);
      return Step::failed;
    }
    return Step::next;
  }

  // One object over several lines (pretty-printed): read whole, within the limit.
  bool whole_object() {
    std::string_view line;
    bool oversized = false;
    while (whole_fits_ && next(line, oversized)) {
    }
    if (lines_.failed()) return end(0);
    if (!whole_fits_) {
      print_unreadable(wanted_.name, too_large());
      return false;
    }
    DecodeError error;
    if (!decoder_.decode(whole_, record_, error)) {
      print_unreadable(wanted_.name, error);
      return false;
    }
    if (wanted_.id.empty() || record_.id == wanted_.id) return true;
    return other_lead(record_.id);
  }

  bool other_lead(const std::string& id) {
    fmt::print(stderr, "baton: {}: no lead with id `{}` (the file holds one lead, `{}`)\n", wanted_.name, wanted_.id,
               printable(id));
    return false;
  }

  // At the end of the file without the lead: why.
  bool end(std::uint64_t unread) {
    if (lines_.failed()) print_read_error(wanted_, lines_.error());
    else print_not_found(wanted_, unread);
    return false;
  }

  const LeadWanted& wanted_;
  RecordDecoder& decoder_;
  Record& record_;
  LineReader lines_;
  std::string whole_;  // the text read, while the file may be one lead
  bool keeping_ = true, whole_fits_ = true;
  std::uint64_t unread_ = 0;  // lines too long whose ids could not be read
};
}  // namespace

bool find_json_lead(std::FILE* file, const LeadWanted& wanted, RecordDecoder& decoder, Record& record) {
  return JsonSearch(file, wanted, decoder, record).run();
}

bool find_csv_lead(std::FILE* file, const LeadWanted& wanted, CsvDecoder& decoder, Record& record) {
  CsvReader reader(file, wanted.max_record_bytes);
  CsvRow row;
  std::string error;
  errno = 0;
  if (!decoder.read_header(reader, row, error)) {
    if (reader.failed()) print_read_error(wanted, errno);
    else fmt::print(stderr, "baton: {}: the header: {}\n", wanted.name, error);
    return false;
  }
  for (errno = 0; reader.next(row); errno = 0) {
    DecodeError e{"", row.error};
    record.id = decoder.id_of(row.cells);
    record.has_id = !record.id.empty();
    if (row.error.empty() && decoder.decode(row.cells, record, e)) {
      if (wanted.id.empty() || record.id == wanted.id) return true;
    } else if (wanted.id.empty() || (record.has_id && record.id == wanted.id)) {
      print_unreadable(fmt::format("{}:{}", wanted.name, row.line), e);
      return false;
    }
  }
  if (reader.failed()) print_read_error(wanted, errno);
  else print_not_found(wanted, 0);
  return false;
}

}  // namespace baton::cli
