#include <catch2/catch.hpp>

#include "daemon/csv_import.hpp"

using namespace sif::daemon;

TEST_CASE("split_csv: quotes, doubled quotes, CRLF, BOM, blank lines", "[csv]") {
  auto r = split_csv("\xEF\xBB\xBF" "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\n\"multi\nline\",2,3");
  REQUIRE(r);
  REQUIRE(r->size() == 3);
  CHECK((*r)[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK((*r)[1].fields == std::vector<std::string>{"x, y", "say \"hi\"", ""});
  CHECK((*r)[1].line == 2);
  CHECK((*r)[2].fields == std::vector<std::string>{"multi\nline", "2", "3"});
  CHECK((*r)[2].line == 4);
  auto bad = split_csv("a,b\n\"open,2\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "unterminated quoted field starting on line 2");
}

TEST_CASE("gias_slug", "[csv]") {
  CHECK(gias_slug("Voluntary aided school") == "voluntary_aided");
  CHECK(gias_slug("Community school") == "community");
  CHECK(gias_slug("Academy sponsor led") == "academy_sponsor_led");
  CHECK(gias_slug("Primary") == "primary");
  CHECK(gias_slug("16 plus") == "16_plus");
  CHECK(gias_slug("Not applicable") == "not_applicable");
}

constexpr const char* kHeader = "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name),Extra\n";

TEST_CASE("parse_gias_csv: good rows become schools", "[csv]") {
  std::string text = std::string(kHeader) +
                     "100001,Avonmead Primary,\"Bristol, City of\",Voluntary aided school,Primary,x\n"
                     "100002,\"St Bede's, Upper\",Wiltshire,Academy converter,Secondary,y\n";
  auto r = parse_gias_csv(text, {"example-2024", sif::workflows::Region::kEnglandAndWales});
  REQUIRE(r);
  CHECK(r->rows == 2);
  CHECK(r->issues.empty());
  REQUIRE(r->valid.size() == 2);
  const auto& s = r->valid[0].school;
  CHECK(s.id == "100001");
  CHECK(s.name == "Avonmead Primary");
  CHECK(s.la == "Bristol, City of");
  CHECK(s.framework == "example-2024");
  CHECK(s.facts.at("type") == "voluntary_aided");
  CHECK(s.facts.at("type_name") == "Voluntary aided school");
  CHECK(s.facts.at("phase") == "primary");
  CHECK(r->valid[1].school.name == "St Bede's, Upper");
  CHECK(r->valid[1].line == 3);
}

TEST_CASE("parse_gias_csv: every bad row and column is named", "[csv]") {
  std::string text = std::string(kHeader) +
                     "100001,Good School,Wiltshire,Community school,Primary,\n"
                     "12ab,Bad Urn,Wiltshire,Community school,Primary,\n"
                     ",,Wiltshire,,Primary,\n"
                     "100001,Duplicate,Wiltshire,Community school,Primary,\n"
                     "100005,Short row\n";
  auto r = parse_gias_csv(text, {});
  REQUIRE(r);
  CHECK(r->rows == 5);
  REQUIRE(r->valid.size() == 1);
  std::vector<std::string> issues;
  for (const auto& i : r->issues) issues.push_back(i.str());
  CHECK(issues == std::vector<std::string>{
                      "line 3, column URN: '12ab' is not a URN (digits only)",
                      "line 4, column URN: is empty",
                      "line 4, column EstablishmentName: is empty",
                      "line 4, column TypeOfEstablishment (name): is empty",
                      "line 5, column URN: URN 100001 already appears on line 2",
                      "line 6, column *: has 2 fields; the header has 6",
                      "line 6, column LA (name): is empty",
                      "line 6, column TypeOfEstablishment (name): is empty",
                      "line 6, column PhaseOfEducation (name): is empty",
                  });
}

TEST_CASE("parse_gias_csv: a type or phase GIAS does not have is an issue of its row", "[csv]") {
  std::string text = std::string(kHeader) +
                     "100001,Good Nursery,Wiltshire,Local authority nursery school,Nursery,\n"
                     "100002,Typo School,Wiltshire,Voluntery aided school,Primary,\n"
                     "100003,Odd Phase,Wiltshire,Community school,Infants,\n";
  auto r = parse_gias_csv(text, {});
  REQUIRE(r);
  REQUIRE(r->valid.size() == 1);
  CHECK(r->valid[0].school.facts.at("type") == "local_authority_nursery");
  REQUIRE(r->issues.size() == 2);
  CHECK(r->issues[0].line == 3);
  CHECK(r->issues[0].column == "TypeOfEstablishment (name)");
  CHECK(r->issues[0].message.find("'Voluntery aided school' is not a school type sif knows") == 0);
  CHECK(r->issues[0].message.find("voluntary_aided") != std::string::npos);
  CHECK(r->issues[1].line == 4);
  CHECK(r->issues[1].column == "PhaseOfEducation (name)");
  CHECK(r->issues[1].message.find("'Infants' is not a phase of education sif knows") == 0);
}

TEST_CASE("parse_gias_csv: missing columns and empty input fail outright", "[csv]") {
  auto r = parse_gias_csv("URN,EstablishmentName\n1,A\n", {});
  REQUIRE_FALSE(r);
  CHECK(r.error().message ==
        "the CSV header lacks required columns: LA (name), TypeOfEstablishment (name), PhaseOfEducation (name)");
  CHECK_FALSE(parse_gias_csv("", {}).has_value());
}

TEST_CASE("the shipped sample register parses cleanly", "[csv]") {
  std::FILE* f = std::fopen(SIF_SOURCE_DIR "/config/sample/register.csv", "rb");
  REQUIRE(f);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  auto r = parse_gias_csv(text, {});
  REQUIRE(r);
  CHECK(r->issues.empty());
  CHECK(r->valid.size() == static_cast<size_t>(r->rows));
  CHECK(r->rows > 30);
}

TEST_CASE("parse_gias_csv: a Windows-1252 extract is detected and stored as UTF-8", "[csv][encoding]") {
  // As GIAS publishes it: 0x92 (right single quote), 0xE7 (c cedilla), 0xE9 (e acute).
  std::string text = std::string(kHeader) +
                     "100001,St Mary\x92s C of E Primary,Wiltshire,Voluntary aided school,Primary,\r\n"
                     "100002,Ecole Fran\xE7" "aise,Wiltshire,Community school,Primary,\r\n"
                     "100003,Ysgol Gymraeg Caerdydd,Cardiff,Community school,Secondary,Andr\xE9\r\n";
  auto r = parse_gias_csv(text, {});
  REQUIRE(r);
  CHECK(r->encoding == TextEncoding::kWindows1252);
  CHECK(r->issues.empty());
  REQUIRE(r->valid.size() == 3);
  CHECK(r->valid[0].school.name == "St Mary\xE2\x80\x99s C of E Primary");
  CHECK(r->valid[1].school.name == "Ecole Fran\xC3\xA7" "aise");
  CHECK(r->valid[2].school.name == "Ysgol Gymraeg Caerdydd");
  for (const auto& row : r->valid) CHECK(find_invalid_utf8(row.school.name) == std::string_view::npos);

  // The same file said to be UTF-8 is refused, naming the first line that is not.
  auto forced = parse_gias_csv(text, {"", sif::workflows::Region::kEnglandAndWales, TextEncoding::kUtf8});
  REQUIRE_FALSE(forced);
  CHECK(forced.error().details == "line 2");
  CHECK(forced.error().message.starts_with("line 2 is not valid UTF-8: byte 0x92 at byte 15 of the line"));
}

TEST_CASE("parse_gias_csv: UTF-8 with a BOM keeps its header and its Welsh", "[csv][encoding]") {
  // w with circumflex (U+0175) has no Windows-1252 byte: such a file can only be UTF-8.
  std::string text = "\xEF\xBB\xBF" + std::string(kHeader) +
                     "100001,Ysgol Gynradd Gymraeg Pen-y-Gw\xC5\xB5r,Cardiff,Community school,Primary,\n";
  auto r = parse_gias_csv(text, {});
  REQUIRE(r);
  CHECK(r->encoding == TextEncoding::kUtf8);
  CHECK(r->issues.empty());
  REQUIRE(r->valid.size() == 1);
  CHECK(r->valid[0].school.id == "100001");  // the BOM did not stick to "URN"
  CHECK(r->valid[0].school.name == "Ysgol Gynradd Gymraeg Pen-y-Gw\xC5\xB5r");
}

TEST_CASE("parse_gias_csv: a control character in a used column is an issue of its row", "[csv][encoding]") {
  std::string text = std::string(kHeader) +
                     "100001,Good School,Wiltshire,Community school,Primary,\n"
                     "100002,Bad\x01School,Wiltshire,Community school,Primary,\n"
                     "100003,\"Two\nLines\",Wiltshire,Community school,Primary,\n"
                     "100004,Stray \x81 byte,Wiltshire,Community school,Primary,\x01 ignored column\n";
  auto r = parse_gias_csv(text, {});  // 0x81 is not UTF-8: read as Windows-1252, U+0081
  REQUIRE(r);
  REQUIRE(r->valid.size() == 1);
  std::vector<std::string> issues;
  for (const auto& i : r->issues) issues.push_back(i.str());
  CHECK(issues == std::vector<std::string>{
                      "line 3, column EstablishmentName: contains a control character (U+0001 at character 4); "
                      "remove it, or check the file's encoding",
                      "line 4, column EstablishmentName: contains a control character (U+000A at character 4); "
                      "remove it, or check the file's encoding",
                      "line 6, column EstablishmentName: contains a control character (U+0081 at character 7); "
                      "remove it, or check the file's encoding",
                  });
}

// GIAS's ReligiousCharacter (name), when the register has the column: the facts a warning
// notice's copy to the school's religious body is routed by (config/workflows/warning-notice.yaml).
TEST_CASE("parse_gias_csv: the religious character gives the facts the religious body's copy is routed by", "[csv]") {
  std::string text =
      "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name),ReligiousCharacter (name)\n"
      "100001,St Mary's CE Primary,Wiltshire,Voluntary aided school,Primary,Church of England\n"
      "100002,St Joseph's Catholic Primary,Wiltshire,Voluntary aided school,Primary,Roman Catholic\n"
      "100003,Holy Trinity Primary,Wiltshire,Voluntary aided school,Primary,Roman Catholic/Church of England\n"
      "100004,Avon Community Primary,Wiltshire,Community school,Primary,Does not apply\n"
      "100005,Ysgol Gynradd Sant Elfan,Bridgend,Voluntary controlled school,Primary,Church in Wales\n"
      "100006,Leafield Foundation Primary,Wiltshire,Foundation school,Primary,None\n"
      "100007,Wesley CE Methodist Primary,Wiltshire,Voluntary controlled school,Primary,Church of England/Methodist\n"
      "100008,Beit Example Primary,Leicester,Voluntary aided school,Primary,Jewish\n"
      "100009,Unrecorded Primary,Wiltshire,Foundation school,Primary,\n";
  auto r = parse_gias_csv(text, {"leicester-2007", sif::workflows::Region::kEnglandAndWales});
  REQUIRE(r);
  CHECK(r->issues.empty());
  REQUIRE(r->valid.size() == 9);
  auto facts = [&](int i, const char* key) { return r->valid[i].school.facts.at(key); };
  CHECK(facts(0, "religious_character") == "church_of_england");
  CHECK(facts(0, "religious_character_name") == "Church of England");
  CHECK(facts(0, "church_school") == "church_of_england");
  CHECK(facts(1, "religious_character") == "roman_catholic");
  CHECK(facts(1, "church_school") == "roman_catholic");
  CHECK(facts(2, "church_school") == "church_of_england_and_roman_catholic");
  CHECK(facts(3, "religious_character") == "none");
  CHECK(facts(3, "church_school") == "no");
  // The Church in Wales is not the Church of England: a Welsh school's religious body gets its
  // copy by its religious character (s.3(3)(b)(ii)), not as a church school of s.60(6).
  CHECK(facts(4, "religious_character") == "church_in_wales");
  CHECK(facts(4, "church_school") == "no");
  CHECK(facts(5, "religious_character") == "none");
  CHECK(facts(6, "church_school") == "church_of_england");
  CHECK(facts(7, "religious_character") == "jewish");
  CHECK(facts(7, "church_school") == "no");
  CHECK(facts(8, "religious_character") == "none");  // an empty cell: none recorded

  // A register without the column gives no such facts: the school is not taken to have none.
  auto without = parse_gias_csv(std::string(kHeader) + "100001,Avonmead Primary,Bristol,Voluntary aided school,Primary,x\n",
                                {"example-2024", sif::workflows::Region::kEnglandAndWales});
  REQUIRE(without);
  REQUIRE(without->valid.size() == 1);
  CHECK(without->valid[0].school.facts.count("religious_character") == 0);
  CHECK(without->valid[0].school.facts.count("church_school") == 0);

  // A control character in the cell is the row's issue, naming the column.
  auto bad = parse_gias_csv(
      "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name),ReligiousCharacter (name)\n"
      "100001,St Mary's CE Primary,Wiltshire,Voluntary aided school,Primary,Church\x01of England\n",
      {"example-2024", sif::workflows::Region::kEnglandAndWales});
  REQUIRE(bad);
  CHECK(bad->valid.empty());
  REQUIRE(bad->issues.size() == 1);
  CHECK(bad->issues[0].column == "ReligiousCharacter (name)");
  CHECK(bad->issues[0].line == 2);
}
