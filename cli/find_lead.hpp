#pragma once
// The lead `baton explain` explains, read from its file a line (or a CSV
// row) at a time up to that lead: memory stays within a record or two
// however large the file, and a stream that goes on after the lead is not
// waited for. Every failure is said on stderr, naming the file (and the line
// when it is one of several): the file cannot be read, holds no lead, has no
// lead with the id, or the lead cannot be read.
#include <cstdio>
#include <string>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/record.hpp"

namespace baton::cli {

struct LeadWanted {
  std::string name;  // the path, "-" for standard input
  std::string id;    // "" for the first lead
  std::size_t max_record_bytes = 0;
};

// A JSON file holding one lead (on one line or pretty-printed), or JSON
// Lines; the lead decoded into `record`, or false after a message.
bool find_json_lead(std::FILE* file, const LeadWanted& wanted, RecordDecoder& decoder, Record& record);
// The same for a CSV file: the row with the id, or the first row.
bool find_csv_lead(std::FILE* file, const LeadWanted& wanted, CsvDecoder& decoder, Record& record);

}  // namespace baton::cli
