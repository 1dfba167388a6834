// Notices addressed to one person (outbox rows with no school, e.g. the daily digest): lists in
// the renderer's flat data, route_to_person, and the dispatcher sending such a row.
#include <catch2/catch.hpp>

#include <date/date.h>

#include "memory_outbox.hpp"
#include "notifications/dispatcher.hpp"
#include "notifications/renderer.hpp"
#include "notifications/routing.hpp"
#include "tests/support/fake_channel.hpp"
#include "test_util.hpp"

using namespace sif;
using namespace std::chrono_literals;
using notifications::render_mustache;
using storage::OutboxStatus;

TEST_CASE("renderer: name[i] keys are lists, nested and in index order", "[notifications][renderer]") {
  workflows::Data data{{"title", "Digest"},
                       {"days[0].date", "Tue"},
                       {"days[0].items[0].school.name", "Brook"},
                       {"days[0].items[1].school.name", "Ash"},
                       {"days[1].date", "Wed"},
                       {"days[1].items[0].school.name", "Elm"}};
  for (int i = 0; i < 12; ++i) data["n[" + std::to_string(i) + "]"] = std::to_string(i);
  auto out = render_mustache(
      "{{#days}}{{date}}:{{#items}} {{school.name}} ({{title}}){{/items}};{{/days}}|"
      "{{#n}}{{.}},{{/n}}|{{^none}}no none{{/none}}",
      data, false);
  REQUIRE(out);
  // Inside an element a name not found there is looked up outwards ({{title}} is the root's).
  CHECK(*out == "Tue: Brook (Digest) Ash (Digest);Wed: Elm (Digest);|0,1,2,3,4,5,6,7,8,9,10,11,|no none");
}

TEST_CASE("renderer: list sections drop their own lines, and HTML is escaped inside", "[notifications][renderer]") {
  workflows::Data data{{"items[0].name", "A & B"}, {"items[1].name", "<C>"}};
  auto text = render_mustache("Items:\n{{#items}}\n* {{name}}\n{{/items}}\nEnd\n", data, false);
  REQUIRE(text);
  CHECK(*text == "Items:\n* A & B\n* <C>\nEnd\n");
  auto html = render_mustache("{{#items}}<li>{{name}}</li>{{/items}}", data, true);
  REQUIRE(html);
  CHECK(*html == "<li>A &amp; B</li><li>&lt;C&gt;</li>");
}

TEST_CASE("renderer: a name both a list and a value is an error naming it", "[notifications][renderer]") {
  auto both = render_mustache("{{#days}}x{{/days}}", {{"days", "3"}, {"days[0].date", "Tue"}}, false);
  REQUIRE_FALSE(both);
  CHECK_THAT(both.error().message, Catch::Contains("'days'") && Catch::Contains("list"));
  auto nested = render_mustache("", {{"a.days[0]", "x"}, {"a.days.count", "1"}}, false);
  REQUIRE_FALSE(nested);
  CHECK_THAT(nested.error().message, Catch::Contains("'a.days'"));
  // Brackets that are not an index are part of an ordinary name.
  auto plain = render_mustache("[{{a[x]}}][{{b[]}}]", {{"a[x]", "1"}, {"b[]", "2"}}, false);
  REQUIRE(plain);
  CHECK(*plain == "[1][2]");
}

TEST_CASE("route_to_person: the recipient comes from the data", "[notifications][routing]") {
  auto r = notifications::route_to_person(
      {{"recipient.email", "ann@council.gov.uk"}, {"recipient.name", "Ann Adviser"}, {"recipient.role", "link_adviser"}});
  REQUIRE(r);
  REQUIRE(r->to.size() == 1);
  CHECK(r->to[0] == notifications::Address{"Ann Adviser", "ann@council.gov.uk", "link_adviser"});
  CHECK(r->cc.empty());

  auto missing = notifications::route_to_person({{"recipient.name", "Ann Adviser"}});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == workflows::ErrorCode::kInvalidInput);
  CHECK_THAT(missing.error().message, Catch::Contains("recipient.email"));
  auto bad = notifications::route_to_person({{"recipient.email", "Ann Adviser, County Hall"}});
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("'Ann Adviser, County Hall'"));
}

TEST_CASE("dispatcher sends a notice with no school to the person its data names", "[notifications][dispatcher]") {
  test::TempDir dir;
  test::write_file(dir.path() / "digest.txt",
                   "Subject: {{digest.due_count}} due\n\nDear {{recipient.name}},\n"
                   "{{#items}}* {{school.name}}\n{{/items}}[{{school.id}}]\n");
  test::MemoryOutbox outbox;  // knows no school at all
  const auto ok = outbox.add("", "digest", {"link_adviser"}, {},
                             {{"recipient.email", "ann@council.gov.uk"},
                              {"recipient.name", "Ann Adviser"},
                              {"recipient.role", "link_adviser"},
                              {"digest.due_count", "2"},
                              {"items[0].school.name", "Brook Primary"},
                              {"items[1].school.name", "Ash Academy"}});
  outbox.row(ok).key = "digest/2026-01-16/ann=40council.gov.uk";
  const auto nobody = outbox.add("", "digest", {"link_adviser"}, {}, {{"recipient.name", "No Address"}});
  outbox.row(nobody).key = "digest/2026-01-16/nobody";

  notifications::DispatcherOptions options;
  options.templates_dir = dir.path();
  options.backoff.max_attempts = 3;
  std::vector<std::string> log;
  options.log = [&](std::string_view level, std::string_view line) {
    log.push_back(std::string(level) + ": " + std::string(line));
  };
  test::FakeChannel ch;
  notifications::Dispatcher d{outbox, ch, options};
  const notifications::TimePoint now = date::sys_days{date::year{2026} / 1 / 16} + 7h;
  CHECK(d.drain_once(now) == 2);

  REQUIRE(ch.accepted.size() == 1);
  const notifications::Message& m = ch.accepted[0];
  CHECK(m.id == "digest/2026-01-16/ann=40council.gov.uk");
  CHECK(m.message_id() == "<digest/2026-01-16/ann=40council.gov.uk@sif>");
  CHECK(m.header("Idempotency-Key") == m.id);
  CHECK(m.header("X-Sif-School").empty());
  CHECK(m.header("X-Sif-Template") == "digest");
  CHECK(m.school_id.empty());
  REQUIRE(m.to.size() == 1);
  CHECK(m.to[0] == notifications::Address{"Ann Adviser", "ann@council.gov.uk", "link_adviser"});
  CHECK(m.cc.empty());
  CHECK(m.subject == "2 due");
  CHECK(m.text == "Dear Ann Adviser,\n* Brook Primary\n* Ash Academy\n[]\n");  // no school.* added
  CHECK(outbox.row(ok).status == OutboxStatus::kSent);

  // No address: permanent, visible, and not the "unknown school" error.
  CHECK(outbox.row(nobody).status == OutboxStatus::kDead);
  CHECK_THAT(outbox.row(nobody).last_error, Catch::Contains("permanent failure") && Catch::Contains("recipient.email"));
  CHECK_THAT(outbox.row(nobody).last_error, !Catch::Contains("unknown school"));
  bool logged = false;
  for (const auto& line : log) logged = logged || line.find("to ann@council.gov.uk) sent via") != std::string::npos;
  CHECK(logged);
}
