#include "lead_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "baton/runtime/json_lines.hpp"
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

namespace {
// A mapping file saved by a Windows editor starts with a byte-order mark.
std::string_view without_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

// The entry of a COLUMN=FIELD line: none when the line is blank or starts
// with `#`, and a `#` after a space or tab past the `=` starts a comment. A
// `#` before the `=` is part of the column's name ("Phone #=phone").
std::string_view mapping_entry(std::string_view line) {
  const std::size_t start = line.find_first_not_of(" \t\r");
  if (start == std::string_view::npos || line[start] == '#') return {};
  const std::size_t eq = line.find('=');
  if (eq == std::string_view::npos) return line;
  for (std::size_t i = eq + 1; i < line.size(); ++i)
    if (line[i] == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  return line;
}

// --map-file's text form, one COLUMN=FIELD per line; false with `error`.
bool add_mapping_lines(std::string_view text, const std::string& map_file, CsvMapping& mapping, std::string& error) {
  std::size_t number = 0;
  for (std::size_t at = 0; at <= text.size();) {
    std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view entry = mapping_entry(line);
    if (entry.empty()) continue;
    if (!mapping.add(entry)) {
      error = fmt::format("--map-file {}:{}: expected COLUMN=FIELD, got `{}`", map_file, number, line);
      return false;
    }
  }
  return true;
}
}  // namespace

std::optional<CsvMapping> DecodeFlags::mapping(std::string& error) const {
  CsvMapping mapping;
  if (!map_file.empty()) {
    errno = 0;
    auto file = read_file_quietly(map_file);
    if (!file) {
      error = fmt::format("cannot read {}: {}", map_file, std::strerror(errno ? errno : EIO));
      return std::nullopt;
    }
    const std::string_view text = without_bom(*file);
    if (map_file.size() >= 5 && map_file.substr(map_file.size() - 5) == ".json") {
      if (!mapping.add_json(text, error)) {
        error = fmt::format("--map-file {}: {}", map_file, error);
        return std::nullopt;
      }
    } else if (!add_mapping_lines(text, map_file, mapping, error)) {
      return std::nullopt;
    }
  }
  for (const auto& m : maps) {
    if (!mapping.add(m)) {
      error = fmt::format("--map `{}`: expected COLUMN=FIELD, e.g. \"Company Size=company_size\"", m);
      return std::nullopt;
    }
  }
  return mapping;
}

std::optional<CsvMapping> DecodeFlags::mapping() const {
  std::string error;
  auto mapping = this->mapping(error);
  if (!mapping) fmt::print(stderr, "baton: {}\n", error);
  return mapping;
}

std::unique_ptr<LeadSource> LeadSource::open(std::FILE* file, const std::string& name, bool csv,
                                             const std::shared_ptr<const Program>& program, const DecodeFlags& flags,
                                             const CsvMapping& mapping, std::size_t max_record_bytes,
                                             const std::shared_ptr<const Program>& also) {
  std::unique_ptr<LeadSource> source(new LeadSource());
  source->max_record_bytes_ = max_record_bytes;
  if (!csv) {
    source->lines_ = std::make_unique<LineReader>(file, max_record_bytes);
    return source;
  }
  source->rows_ = std::make_unique<CsvReader>(file, max_record_bytes);
  // With two versions each skips the mapping's entries for fields it lacks;
  // an entry neither can use is refused below.
  CsvMapping each = mapping;
  if (also) each.shared = each.columns.size();
  source->csv_ = std::make_unique<CsvDecoder>(program, flags.options(), each);
  std::string error;
  errno = 0;
  const bool header = source->csv_->read_header(*source->rows_, source->row_, error);
  if (!header && source->rows_->failed()) {  // a directory has no header row: it cannot be read
    source->csv_error_ = errno != 0 ? errno : EIO;
    source->read_to_end(name);
    return nullptr;
  }
  if (header && also) {
    source->also_csv_ = std::make_unique<CsvDecoder>(also, flags.options(), each);
    if (source->also_csv_->header(source->row_.cells, error)) error = source->read_also_only(mapping, *program, *also);
  }
  if (error.empty()) return source;
  if (source->row_.line) fmt::print(stderr, "baton: {}:{}: the header: {}\n", name, source->row_.line, error);
  else fmt::print(stderr, "baton: {}: {}\n", name, error);
  return nullptr;
}

std::string LeadSource::read_also_only(const CsvMapping& mapping, const Program& program, const Program& also) {
  auto declares = [](const Program& p, const std::string& field) {
    const auto& fields = p.image().lead_fields;
    return field.empty() || field == "id" ||
           std::any_of(fields.begin(), fields.end(), [&](const FieldInfo& f) { return f.name == field; });
  };
  const auto& header = row_.cells;
  for (const auto& [column, field] : mapping.columns) {
    if (std::find(header.begin(), header.end(), column) == header.end())
      return fmt::format("the mapping names column `{}`, which the header does not have", column);
    if (!declares(program, field) && !declares(also, field))
      return fmt::format("the mapping puts column `{}` into `{}`, which neither version declares", column, field);
  }
  header_names_.assign(header.begin(), header.end());
  const auto& first = csv_->column_fields();
  const auto& second = also_csv_->column_fields();
  also_only_.assign(first.size(), false);
  bool any = false;
  for (std::size_t c = 0; c < first.size(); ++c) {
    also_only_[c] = first[c].empty() && !second[c].empty() && second[c] != "id";
    any |= also_only_[c];
  }
  if (!any) also_csv_.reset();  // both versions read the same columns: one record serves both
  also_label_ = fmt::format(" (by the new SLA, {})", also.version());
  return {};
}

bool LeadSource::next(LeadLine& lead) {
  lead.oversized = lead.failed = false;
  lead.id.clear();
  lead.json = {};
  if (lines_) {
    std::string_view line;
    while (lines_->next(line, lead.oversized)) {
      if (!lead.oversized && is_blank_line(line)) continue;
      lead.line = lines_->line_number();
      if (lead.oversized) salvage_record_id(line, lead.id);  // its first bytes
      else lead.json = line;
      return true;
    }
    return false;
  }
  errno = 0;
  if (!rows_->next(row_)) {
    if (rows_->failed()) csv_error_ = errno != 0 ? errno : EIO;
    return false;
  }
  lead.line = row_.line;
  lead.failed = !csv_->row_to_json(row_, json_, lead.error, &lead.id);
  if (!lead.failed && also_csv_) {
    // The new version's own columns, read as it reads them, joined to the record.
    also_cells_.assign(row_.cells.size(), std::string_view());
    for (std::size_t c = 0; c < row_.cells.size() && c < also_only_.size(); ++c)
      if (also_only_[c]) also_cells_[c] = row_.cells[c];
    std::string ignored_id;
    lead.failed = !also_csv_->to_json(also_cells_, also_json_, lead.error, &ignored_id);
    if (lead.failed) lead.error.message += also_label_;  // as diff labels the new version's rejections
    if (!lead.failed && also_json_.size() > 2) {
      json_.pop_back();
      if (json_.size() > 1) json_ += ',';
      json_.append(also_json_, 1, std::string::npos);
    }
  }
  if (!lead.failed) lead.json = json_;
  return true;
}

std::uint64_t LeadSource::bytes_read() const { return lines_ ? lines_->bytes_read() : rows_->bytes_read(); }
bool LeadSource::failed() const { return lines_ ? lines_->failed() : rows_->failed(); }
int LeadSource::error() const {
  if (lines_) return lines_->error();
  return rows_->failed() ? (csv_error_ != 0 ? csv_error_ : EIO) : 0;
}

bool LeadSource::read_to_end(const std::string& name) const {
  if (!failed()) return true;
  fmt::print(stderr, "baton: cannot read {}: {}\n", input_name(name), std::strerror(error()));
  return false;
}
const UnknownNames* LeadSource::unknown() {
  if (!csv_) return nullptr;
  if (!also_csv_) return &csv_->unknown();
  // A column only the new version declares is in its record under the
  // field's name, where the old version's decoder counts it: not twice.
  unknown_ = csv_->unknown();
  for (std::size_t c = 0; c < also_only_.size(); ++c)
    if (also_only_[c]) unknown_.fields.erase(std::string(header_names_[c]));
  return &unknown_;
}

}  // namespace baton::cli
