// ARCHITECTURE.md names every verb of the `baton` command (one cli/cmd_VERB.cpp
// each) and links every page of docs/, so a new verb or page cannot be left out.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "test_files.hpp"

namespace fs = std::filesystem;
using baton::testing::read_text;
using baton::testing::source_path;

TEST_CASE("ARCHITECTURE.md's pipeline names every verb of the CLI") {
  const std::string doc = read_text(source_path("ARCHITECTURE.md"));
  const std::size_t begin = doc.find("\n cli/ ");
  REQUIRE(begin != std::string::npos);
  const std::string cli = doc.substr(begin, doc.find("```", begin) - begin);
  int verbs = 0;
  for (const auto& entry : fs::directory_iterator(source_path("cli"))) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with("cmd_") || entry.path().extension() != ".cpp") continue;
    const std::string verb = entry.path().stem().string().substr(4);
    INFO(verb);
    CHECK(std::regex_search(cli, std::regex("\\b" + verb + "\\b")));
    ++verbs;
  }
  CHECK(verbs >= 13);
}

TEST_CASE("ARCHITECTURE.md links every page of docs/") {
  const std::string doc = read_text(source_path("ARCHITECTURE.md"));
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(source_path("docs"))) {
    if (entry.path().extension() != ".md") continue;
    const std::string link = "(docs/" + entry.path().filename().string() + ")";
    INFO(link);
    CHECK(doc.find(link) != std::string::npos);
    ++pages;
  }
  CHECK(pages >= 10);
}
