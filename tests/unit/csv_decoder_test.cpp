// CSV leads (csv.hpp): RFC 4180 rows with their start lines, columns mapped
// to fields, cells coerced with the JSON decoder's rules and messages.
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/csv.hpp"
#include "baton/runtime/program.hpp"

using namespace baton;

namespace {

struct Row {
  std::uint64_t line;
  std::vector<std::string> cells;
  std::string error;
};

std::vector<Row> rows_of(std::string_view text, std::size_t max_row = 1 << 20) {
  CsvReader reader(text, max_row);
  std::vector<Row> rows;
  CsvRow row;
  while (reader.next(row)) rows.push_back({row.line, {row.cells.begin(), row.cells.end()}, row.error});
  return rows;
}

std::shared_ptr<const Program> program_of(const char* text) { return testing::compile_text(text); }

const char* const kSla = R"(sla "t" version "1"
lead { email: string, company_size: int?, budget: number?, authority: bool?, signed_up: time?,
       tags: set<string> = {}, country: string = "DE" }
stages { lead otherwise }
)";

std::vector<std::string_view> views(const std::vector<std::string>& cells) { return {cells.begin(), cells.end()}; }

}  // namespace

TEST_CASE("rows: quoted commas, line breaks and doubled quotes, each row knows its first line") {
  auto rows = rows_of("id,note\r\nL1,\"a, b\"\r\nL2,\"two\nlines\"\nL3,\"say \"\"hi\"\"\"\n");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].cells == std::vector<std::string>{"id", "note"});
  CHECK(rows[1].cells == std::vector<std::string>{"L1", "a, b"});
  CHECK(rows[1].line == 2);
  CHECK(rows[2].cells == std::vector<std::string>{"L2", "two\nlines"});
  CHECK(rows[2].line == 3);
  CHECK(rows[3].cells == std::vector<std::string>{"L3", "say \"hi\""});
  CHECK(rows[3].line == 5);  // after the row that spans lines 3 and 4
}

TEST_CASE("rows: a BOM, blank lines, a last line without a line end, empty cells, spaces around cells") {
  auto rows = rows_of("\xEF\xBB\xBFid,size\n\nL1,\n\r\n L2 , \"\" \nL3,\" 7 \"");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].cells == std::vector<std::string>{"id", "size"});
  CHECK(rows[1].cells == std::vector<std::string>{"L1", ""});
  CHECK(rows[1].line == 3);
  CHECK(rows[2].cells == std::vector<std::string>{"L2", ""});
  CHECK(rows[2].line == 5);
  CHECK(rows[3].cells == std::vector<std::string>{"L3", " 7 "});  // quoted: kept
  CHECK(rows[3].line == 6);
}

// Excel's "CSV (Macintosh)" ends lines in CR alone: read as one long header
// row, every record would be lost without a word.
TEST_CASE("rows: a file whose lines end in CR alone, quoted line breaks kept") {
  auto rows = rows_of("\xEF\xBB\xBFid,note\rM1,a\r\rM2,\"two\rlines\"\rM3,\"x, y\"\r");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].cells == std::vector<std::string>{"id", "note"});
  CHECK(rows[1].cells == std::vector<std::string>{"M1", "a"});
  CHECK(rows[1].line == 2);
  CHECK(rows[2].cells == std::vector<std::string>{"M2", "two\rlines"});
  CHECK(rows[2].line == 4);
  CHECK(rows[3].cells == std::vector<std::string>{"M3", "x, y"});
  CHECK(rows[3].line == 6);
  // A CRLF file is not one: its CR is dropped and LF ends the line; nor is
  // CR CR LF (Python's csv module on Windows without newline='').
  for (const char* text : {"id,note\r\nL1,b\r\n", "id,note\r\r\nL1,b\r\r\n"}) {
    CAPTURE(text);
    auto crlf = rows_of(text);
    REQUIRE(crlf.size() == 2);
    CHECK(crlf[0].cells == std::vector<std::string>{"id", "note"});
    CHECK(crlf[1].cells == std::vector<std::string>{"L1", "b"});
    CHECK(crlf[1].line == 2);
  }
}

TEST_CASE("rows: bad quoting and an unclosed quote are errors on their row, reading goes on") {
  auto rows = rows_of("id,note\nL1,a\"b\nL2,\"ok\"x\nL3,fine\nL4,\"never closed\n");
  REQUIRE(rows.size() == 5);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].error.find("bad quoting") == 0);
  CHECK(rows[1].cells == std::vector<std::string>{"L1"});  // the cells before the fault: the id can be named
  CHECK(rows[2].line == 3);
  CHECK(rows[2].error.find("bad quoting") == 0);
  CHECK(rows[3].cells == std::vector<std::string>{"L3", "fine"});
  CHECK(rows[3].error.empty());
  CHECK(rows[4].line == 5);
  CHECK(rows[4].error.find("unclosed quote") == 0);
}

TEST_CASE("rows: a row over the limit is skipped with an error and memory stays bounded") {
  std::string big = "id,note\nL1,\"" + std::string(5000, 'x') + "\"\nL2,small\n";
  auto rows = rows_of(big, 1000);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].error == "row is larger than 1000 bytes (an unclosed quote?)");
  CHECK(rows[2].cells == std::vector<std::string>{"L2", "small"});
  CHECK(rows[2].line == 3);
}

// An unclosed quote swallows the rows after it as one cell: those rows are
// read again once the row fails, from its second line, so that the row is
// rejected as its first line and no other row is lost.
TEST_CASE("rows: the rows an unclosed quote swallowed are read again, none lost") {
  // Closed at the end of the input: "unclosed quote", then L2..L4.
  auto at_end = rows_of("id,note\nL1,\"never closed\nL2,a\n\nL3,b\nL4,c\n");
  REQUIRE(at_end.size() == 5);
  CHECK(at_end[1].line == 2);
  CHECK(at_end[1].error.find("unclosed quote") == 0);
  CHECK(at_end[1].cells == std::vector<std::string>{"L1"});
  CHECK(at_end[2].cells == std::vector<std::string>{"L2", "a"});
  CHECK(at_end[2].line == 3);
  CHECK(at_end[3].cells == std::vector<std::string>{"L3", "b"});
  CHECK(at_end[3].line == 5);  // the blank line 4 still counts
  CHECK(at_end[4].line == 6);
  // Ended by bad quoting on a later line: that line is read again too.
  auto bad = rows_of("id,note\nL1,\"open\nL2,x\"y\nL3,ok\n");
  REQUIRE(bad.size() == 4);
  CHECK(bad[1].line == 2);
  CHECK(bad[1].error.find("bad quoting") == 0);
  CHECK(bad[2].line == 3);
  CHECK(bad[2].error.find("bad quoting") == 0);  // x"y is bad on its own as well
  CHECK(bad[3].cells == std::vector<std::string>{"L3", "ok"});
  CHECK(bad[3].line == 4);
  // Ended by the row limit: the rows read again include the one that
  // crossed it, and a second unclosed quote among them is handled alike.
  std::string text = "id,note\nL1,\"open\n";
  for (int i = 2; i <= 40; ++i)
    text += "L" + std::to_string(i) + (i == 20 ? ",\"again\n" : ",row " + std::to_string(i) + "\n");
  auto limited = rows_of(text, 200);
  std::vector<std::string> ids;
  for (const Row& r : limited)
    if (r.error.empty()) ids.push_back(r.cells.at(0));
  std::vector<std::string> expected = {"id"};
  for (int i = 2; i <= 40; ++i)
    if (i != 20) expected.push_back("L" + std::to_string(i));
  CHECK(ids == expected);
  REQUIRE(limited.size() == expected.size() + 2);
  CHECK(limited[1].line == 2);
  CHECK(limited[1].error == "row is larger than 200 bytes (an unclosed quote?)");
  CHECK(limited[20].line == 21);
  CHECK(limited[20].cells == std::vector<std::string>{"L20"});
  CHECK_FALSE(limited[20].error.empty());
  CHECK(limited.back().line == 41);
}

TEST_CASE("rows: an unclosed quote in a file read in blocks loses no row either") {
  std::string text = "id,note\nL0,\"never closed\n";
  for (int i = 1; i < 60000; ++i) text += "L" + std::to_string(i) + ",plain text of the row\n";
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  std::fwrite(text.data(), 1, text.size(), file);
  std::rewind(file);
  CsvReader reader(file, 100000);  // crossed some 4,000 rows in, across a block boundary
  CsvRow row;
  std::vector<std::uint64_t> good_lines;
  std::size_t errors = 0;
  while (reader.next(row)) {
    if (!row.error.empty()) {
      ++errors;
      CHECK(row.line == 2);
      continue;
    }
    good_lines.push_back(row.line);
  }
  std::fclose(file);
  CHECK(errors == 1);
  REQUIRE(good_lines.size() == 60000);  // the header and L1..L59999
  for (std::size_t i = 1; i < good_lines.size(); ++i) REQUIRE(good_lines[i] == i + 2);
  CHECK(reader.bytes_read() == text.size());
}

TEST_CASE("rows: read from a FILE in blocks give the same rows as from memory") {
  std::string text = "id,note\n";
  for (int i = 0; i < 30000; ++i) text += "L" + std::to_string(i) + ",\"x,\n\"\"y\"\"\"\n";
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  std::fwrite(text.data(), 1, text.size(), file);
  std::rewind(file);
  CsvReader reader(file);
  CsvRow row;
  std::size_t count = 0;
  std::uint64_t last_line = 0;
  while (reader.next(row)) {
    REQUIRE(row.error.empty());
    if (count > 0) {
      REQUIRE(row.cells.size() == 2);
      CHECK(row.cells[1] == "x,\n\"y\"");
    }
    last_line = row.line;
    ++count;
  }
  std::fclose(file);
  CHECK(count == 30001);
  CHECK(last_line == 2 * 30000);
  CHECK(reader.bytes_read() == text.size());
}

TEST_CASE("columns: the mapping first, then field names, then normalized names") {
  auto program = program_of(kSla);
  CsvMapping mapping;
  REQUIRE(mapping.add("Lead ID=id"));
  REQUIRE(mapping.add("Notes="));
  CHECK_FALSE(mapping.add("no equals sign"));
  CsvDecoder decoder(program, {}, mapping);
  std::string error;
  REQUIRE(decoder.header({"Lead ID", "email", "Company Size", "Notes", "Favourite Colour"}, error));
  CHECK(decoder.column_fields() == std::vector<std::string>{"id", "email", "company_size", "", ""});
  CHECK(csv_normalized_name("  Company-Size (employees) ") == "company_size_employees");

  CsvDecoder plain(program, {});
  CHECK_FALSE(plain.header({"email", "Email"}, error));
  CHECK(error == "columns `email` and `Email` both fill `email`; map one of them elsewhere or to nothing (\"Email=\")");
  CHECK_FALSE(plain.header({"email", "email"}, error));
  CHECK(error == "the header names column `email` twice");
  CHECK_FALSE(plain.header({"email", ""}, error));
  CHECK(error == "column 2 of the header has no name");
  CHECK_FALSE(decoder.header({"email"}, error));
  CHECK(error == "the mapping names column `Lead ID`, which the header does not have");

  CsvMapping wrong;
  REQUIRE(wrong.add("Size=headcount"));
  CsvDecoder bad(program, {}, wrong);
  CHECK_FALSE(bad.header({"Size"}, error));
  CHECK(error == "the mapping puts column `Size` into `headcount`, which is not a lead field of this SLA");

  // A shared mapping (baton serve --map) applies where it fits; what follows it must fit.
  CsvMapping shared;
  REQUIRE(shared.add("Owner=email"));     // no such column in this header
  REQUIRE(shared.add("Size=headcount"));  // no such field in this SLA
  REQUIRE(shared.add("Size=company_size"));
  shared.shared = 3;
  REQUIRE(shared.add("Notes="));
  CsvDecoder lenient(program, {}, shared);
  REQUIRE(lenient.header({"email", "Size", "Notes"}, error));
  CHECK(lenient.column_fields() == std::vector<std::string>{"email", "company_size", ""});
  CHECK_FALSE(lenient.header({"email", "Size"}, error));  // the entry after the shared ones must fit
  CHECK(error == "the mapping names column `Notes`, which the header does not have");

  CsvMapping json;
  REQUIRE(json.add_json(R"({"Company Size": "company_size", "Notes": ""})", error));
  CHECK(json.columns.size() == 2);
  CHECK_FALSE(json.add_json("[1]", error));
  CHECK_FALSE(json.add_json(R"({"a": 3})", error));
  CHECK(error == "column `a`: expected a field name (a string, or \"\" to ignore the column)");
}

TEST_CASE("cells: text coerced to the field's type, empty is missing, sets split on semicolons") {
  auto program = program_of(kSla);
  CsvDecoder decoder(program, {});
  std::string error;
  REQUIRE(decoder.header({"id", "email", "company_size", "budget", "authority", "signed_up", "tags", "country"}, error));
  Record record;
  DecodeError e;
  std::vector<std::string> cells{"L1", "a@b.example", " 120 ", "2500.5", "yes", "2026-06-10 10:00:00", "x; y;;z", ""};
  REQUIRE(decoder.decode(views(cells), record, e));
  CHECK(record.id == "L1");
  CHECK(record.fields[1].i == 120);
  CHECK(record.fields[2].n == 2500.5);
  CHECK(record.fields[3].b);
  CHECK(record.fields[4].i == *parse_time("2026-06-10T10:00:00Z"));
  CHECK(record.fields[5].len == 3);
  CHECK(record.fields[6].str() == "DE");  // empty cell: the default

  cells = {"L2", "a@b.example", "", "", "", "", "", ""};
  REQUIRE(decoder.decode(views(cells), record, e));
  CHECK(record.fields[1].is_missing());

  cells = {"L3", "a@b.example", "lots", "", "", "", "", ""};
  CHECK_FALSE(decoder.decode(views(cells), record, e));
  CHECK(record.id == "L3");
  CHECK(e.field == "company_size");
  CHECK(e.message == "expected int, got string \"lots\"");

  cells = {"L4", "a@b.example", "", "1,5", "", "", "", ""};
  CHECK_FALSE(decoder.decode(views(cells), record, e));
  CHECK(e.field == "budget");
  CHECK(e.message == "expected number, got string \"1,5\"");

  cells = {"L5", "", "", "", "", "", "", ""};
  CHECK_FALSE(decoder.decode(views(cells), record, e));
  CHECK(e.field == "email");
  CHECK(e.message == "missing required field");

  cells = {"L6", "a@b.example"};
  CHECK_FALSE(decoder.decode(views(cells), record, e));
  CHECK(record.id == "L6");
  CHECK(e.field.empty());
  CHECK(e.message == "the row has 2 cells, the header 8");

  // Text that is not UTF-8 (a Windows-1252 export): the field and the id are named.
  cells = {"L7", "a@b.example", "", "", "", "", "caf\xe9", ""};
  CHECK_FALSE(decoder.decode(views(cells), record, e));
  CHECK((record.id == "L7" && e.field == "tags" && e.message == "not valid UTF-8"));
  cells = {"L\xff" "8", "a@b.example", "", "", "", "", "", ""};
  CHECK_FALSE(decoder.decode(views(cells), record, e));
  CHECK((!record.has_id && e.field == "id" && e.message == "not valid UTF-8"));
}

// A set cell holds each item once (first occurrence first, after trimming);
// a list cell keeps every item.
TEST_CASE("cells: a set keeps each item once, a list keeps repeats") {
  auto program = program_of(R"(sla "t" version "1"
lead { email: string, tags: set<string>?, owners: list<string>? }
stages { lead otherwise }
)");
  CsvDecoder decoder(program, {});
  std::string error;
  REQUIRE(decoder.header({"id", "email", "tags", "owners"}, error));
  Record record;
  DecodeError e;
  std::vector<std::string> cells{"L1", "a@b.example", "b;a; b ;a;c", "ana;ben;ana"};
  REQUIRE(decoder.decode(views(cells), record, e));
  const Value& tags = record.fields[1];
  REQUIRE(tags.len == 3);
  CHECK(tags.items[0].str() == "b");
  CHECK(tags.items[1].str() == "a");
  CHECK(tags.items[2].str() == "c");
  CHECK(record.fields[2].len == 3);
}

TEST_CASE("unknown columns are counted per row with a value, and rejected under strict") {
  auto program = program_of(kSla);
  std::string error;
  for (bool strict : {false, true}) {
    DecodeOptions options;
    options.strict = strict;
    CsvDecoder decoder(program, options);
    REQUIRE(decoder.header({"id", "email", "Favourite Colour"}, error));
    Record record;
    DecodeError e;
    std::vector<std::string> blue{"L1", "a@b.example", "blue"}, none{"L2", "a@b.example", ""};
    CHECK(decoder.decode(views(blue), record, e) == !strict);
    if (strict) {
      CHECK(e.field == "Favourite Colour");
      CHECK(e.message == "unknown field");
      CHECK(record.id == "L1");
    }
    CHECK(decoder.decode(views(none), record, e));
    CHECK(decoder.unknown().fields.at("Favourite Colour") == 1);
  }
}

// A header baton cannot match would score every row as a lead without data
// (a semicolon-separated or UTF-16 file): it stops the file instead.
TEST_CASE("a header that fills no field, or is not UTF-8, is unusable, with the likely cause") {
  auto program = program_of(kSla);
  CsvDecoder decoder(program, {});
  std::string error;
  CHECK_FALSE(decoder.header({"id;email;Company Size"}, error));
  CHECK(error ==
        "no column of the header is `id` or a lead field of the SLA (the header: `id;email;Company Size`); the file "
        "looks separated by `;` (Excel in some locales): baton reads comma-separated files");
  CHECK_FALSE(decoder.header({"id\temail"}, error));
  CHECK(error.ends_with("; the file looks separated by tabs: baton reads comma-separated files"));
  CHECK_FALSE(decoder.header({"Notes", "Favourite Colour"}, error));
  CHECK(error == "no column of the header is `id` or a lead field of the SLA (the header: `Notes,Favourite Colour`)");
  CHECK_FALSE(decoder.header({std::string_view("i\0d\0", 4)}, error));
  CHECK(error == "column 1 of the header is not UTF-8: the file looks like UTF-16; convert it with "
                 "`iconv -f UTF-16 -t UTF-8` first");
  CHECK_FALSE(decoder.header({"email", "N\xE4me"}, error));
  CHECK(error == "column 2 of the header is not valid UTF-8 (a Windows-1252 export? convert it with "
                 "`iconv -f WINDOWS-1252 -t UTF-8` first)");
  CHECK(decoder.header({"id"}, error));  // the id alone is a lead (the fields may all be optional)
  CHECK(decoder.header({"Notes", "email"}, error));
}

// As a JSON record's unknown key: a cell no field reads must still be text.
TEST_CASE("a cell that is not UTF-8 rejects its row also in a column no field reads") {
  auto program = program_of(kSla);
  CsvDecoder decoder(program, {});
  std::string error;
  REQUIRE(decoder.header({"id", "email", "Notes"}, error));
  Record record;
  DecodeError e;
  std::vector<std::string> latin1{"L1", "a@b.example", "caf\xE9"};
  CHECK_FALSE(decoder.decode(views(latin1), record, e));
  CHECK(e.field == "Notes");
  CHECK(e.message == "not valid UTF-8");
  CHECK(record.id == "L1");
}

TEST_CASE("to_json gives the record a RecordDecoder with csv_options reads the same way") {
  auto program = program_of(kSla);
  CsvDecoder decoder(program, {});
  std::string error, json, id;
  REQUIRE(decoder.header({"id", "email", "company_size", "tags"}, error));
  DecodeError e;
  std::vector<std::string> cells{"L\"1", "a@b.example", "12", "a;b"};
  REQUIRE(decoder.to_json(views(cells), json, e, &id));
  CHECK(json == R"({"id":"L\"1","email":"a@b.example","company_size":"12","tags":["a","b"]})");
  CHECK(id == "L\"1");
  RecordDecoder json_decoder(program, CsvDecoder::csv_options({}));
  Record record;
  REQUIRE(json_decoder.decode(json, record, e));
  CHECK(record.fields[1].i == 12);
}
