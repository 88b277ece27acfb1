#include "lead_source.hpp"

#include <fmt/format.h>

#include "load.hpp"

namespace baton::cli {

namespace {

bool ends_with_csv(std::string_view path) {
  if (path.size() < 4) return false;
  std::string tail(path.substr(path.size() - 4));
  for (char& c : tail) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return tail == ".csv";
}
}  // namespace

bool DecodeFlags::is_csv(const std::string& path) const {
  if (!input_format.empty()) return input_format == "csv";
  return ends_with_csv(path);
}

std::optional<CsvMapping> DecodeFlags::mapping() const {
  CsvMapping mapping;
  if (!map_file.empty()) {
    auto text = read_file(map_file);
    if (!text) return std::nullopt;
    std::string error;
    if (map_file.size() >= 5 && map_file.substr(map_file.size() - 5) == ".json") {
      if (!mapping.add_json(*text, error)) {
        fmt::print(stderr, "baton: --map-file {}: {}\n", map_file, error);
        return std::nullopt;
      }
    } else {
      // COLUMN=FIELD lines; blank lines and # comments skipped.
      std::size_t number = 0;
      for (std::size_t at = 0; at <= text->size();) {
        std::size_t end = text->find('\n', at);
        if (end == std::string::npos) end = text->size();
        std::string_view line(text->data() + at, end - at);
        at = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (is_blank(line) || line.find_first_not_of(" \t") == line.find('#')) continue;
        if (!mapping.add(line)) {
          fmt::print(stderr, "baton: --map-file {}:{}: expected COLUMN=FIELD, got `{}`\n", map_file, number, line);
          return std::nullopt;
        }
      }
    }
  }
  for (const auto& m : maps) {
    if (!mapping.add(m)) {
      fmt::print(stderr, "baton: --map `{}`: expected COLUMN=FIELD, e.g. \"Company Size=company_size\"\n", m);
      return std::nullopt;
    }
  }
  return mapping;
}

std::unique_ptr<LeadSource> LeadSource::open(std::FILE* file, const std::string& name, bool csv,
                                             const std::shared_ptr<const Program>& program, const DecodeFlags& flags,
                                             const CsvMapping& mapping, std::size_t max_record_bytes) {
  std::unique_ptr<LeadSource> source(new LeadSource());
  source->max_record_bytes_ = max_record_bytes;
  if (!csv) {
    source->lines_ = std::make_unique<LineReader>(file, max_record_bytes);
    return source;
  }
  source->rows_ = std::make_unique<CsvReader>(file, max_record_bytes);
  source->csv_ = std::make_unique<CsvDecoder>(program, flags.options(), mapping);
  std::string error;
  if (source->csv_->read_header(*source->rows_, source->row_, error)) return source;
  if (source->row_.line) fmt::print(stderr, "baton: {}:{}: the header: {}\n", name, source->row_.line, error);
  else fmt::print(stderr, "baton: {}: {}\n", name, error);
  return nullptr;
}

bool LeadSource::next(LeadLine& lead) {
  lead.oversized = lead.failed = false;
  lead.id.clear();
  lead.json = {};
  if (lines_) {
    std::string_view line;
    while (lines_->next(line, lead.oversized)) {
      if (!lead.oversized && is_blank(line)) continue;
      lead.line = lines_->line_number();
      lead.json = line;
      return true;
    }
    return false;
  }
  if (!rows_->next(row_)) return false;
  lead.line = row_.line;
  lead.failed = !csv_->row_to_json(row_, json_, lead.error, &lead.id);
  if (!lead.failed) lead.json = json_;
  return true;
}

std::uint64_t LeadSource::bytes_read() const { return lines_ ? lines_->bytes_read() : rows_->bytes_read(); }
bool LeadSource::failed() const { return lines_ ? lines_->failed() : rows_->failed(); }
const UnknownNames* LeadSource::unknown() const { return csv_ ? &csv_->unknown() : nullptr; }

}  // namespace baton::cli
