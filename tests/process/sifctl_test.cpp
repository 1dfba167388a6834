// sifctl against a running sifd: tables, --json, and the exit statuses (0 ok, 1 refused,
// 2 usage, 3 cannot connect).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include "tests/process/sifd_process.hpp"

using namespace sif::test;

namespace {

struct Run {
  int status = -1;
  std::string out;
};

// Runs sifctl with `args` (words are single-quoted for the shell); stderr joins stdout.
Run sifctl(const std::string& url, const std::string& token, const std::vector<std::string>& args) {
  std::string cmd = std::string(SIF_SIFCTL_PATH);
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " --url '" + url + "'";
  if (!token.empty()) cmd += " --token '" + token + "'";
  cmd += " 2>&1";
  Run r;
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace

TEST_CASE("process: sifctl speaks the API with the documented exit statuses", "[process][sifctl]") {
  SifdProcess d("sifctl");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  std::string url = d.url_text();
  REQUIRE(d.call("POST", "/v1/schools", R"({"id":"100001","name":"Avonmead Primary","la":"Exampleshire","framework":"example-2024"})").status == 201);

  auto schools = sifctl(url, kViewerToken, {"schools"});
  INFO(schools.out);
  CHECK(schools.status == 0);
  CHECK(schools.out.find("Avonmead Primary") != std::string::npos);
  CHECK(schools.out.find("1 school(s)") != std::string::npos);

  auto ev = sifctl(url, kOfficerToken, {"event", "100001", "category.agreed", "category=amber", "date=2026-09-01"});
  INFO(ev.out);
  CHECK(ev.status == 0);
  CHECK(ev.out.find("monitoring -> supported") != std::string::npos);

  auto show = sifctl(url, kViewerToken, {"show", "100001", "--json"});
  CHECK(show.status == 0);
  CHECK(show.out.find("\"state\": \"supported\"") != std::string::npos);

  auto conflict = sifctl(url, kOfficerToken, {"event", "100001", "warning_notice.complied", "date=2026-09-02"});
  INFO(conflict.out);
  CHECK(conflict.status == 1);
  CHECK(conflict.out.find("409 conflict") != std::string::npos);
  CHECK(conflict.out.find("allowed_events") != std::string::npos);

  CHECK(sifctl(url, kViewerToken, {"event", "100001", "note.recorded", "text=x"}).status == 1);  // 403
  CHECK(sifctl(url, "", {"schools"}).status == 1);                                              // 401
  CHECK(sifctl(url, kViewerToken, {"show", "999"}).status == 1);                                // 404
  CHECK(sifctl(url, kOfficerToken, {"event", "100001", "note.recorded", "no-equals"}).status == 2);
  CHECK(sifctl(url, kViewerToken, {"clock", "spin"}).status == 2);

  auto clock = sifctl(url, kAdminToken, {"clock", "advance", "30d"});
  INFO(clock.out);
  CHECK(clock.status == 0);
  CHECK(clock.out.find("manual clock: 2026-10-01T07:00:00Z") != std::string::npos);
  CHECK(sifctl(url, kViewerToken, {"deadlines", "--from", "2026-09-01", "--to", "2027-09-01"}).status == 0);
  auto ics = sifctl(url, kViewerToken, {"deadlines", "--ics"});
  CHECK(ics.out.find("BEGIN:VCALENDAR") != std::string::npos);
  auto audit = sifctl(url, kAdminToken, {"audit", "verify"});
  CHECK(audit.status == 0);
  CHECK(audit.out.find("audit ok") != std::string::npos);
  CHECK(sifctl(url, kViewerToken, {"history", "100001"}).status == 0);
  CHECK(sifctl(url, kViewerToken, {"frameworks"}).status == 0);
  CHECK(sifctl(url, kViewerToken, {"frameworks", "example-2024", "--mermaid"}).out.find("stateDiagram-v2") != std::string::npos);
  CHECK(sifctl(url, kViewerToken, {"notices"}).status == 0);
  auto no_notice = sifctl(url, kOfficerToken, {"notices", "retry", "999999"});
  CHECK(no_notice.status == 1);
  CHECK(no_notice.out.find("no notice with id 999999") != std::string::npos);
  CHECK(sifctl(url, kViewerToken, {"notices", "retry", "1"}).status == 1);  // 403: officers retry

  CHECK(d.stop() == 0);
  CHECK(sifctl(url, kViewerToken, {"schools"}).status == 3);  // nothing listens there now
}

namespace {

// Runs sifctl with exactly `args` (single-quoted), stdout and stderr joined.
Run sifctl_raw(const std::vector<std::string>& args, const std::string& env = "") {
  std::string cmd = env + " " + std::string(SIF_SIFCTL_PATH);
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  Run r;
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace

TEST_CASE("process: sifctl's global flags go before or after the command, help names them", "[process][sifctl]") {
  auto help = sifctl_raw({"--help"});
  CHECK(help.status == 0);
  for (const char* word : {"--url", "--token", "--json", "--wide", "SIF_URL", "SIF_TOKEN", "school", "preview", "events"}) {
    INFO(word);
    CHECK(help.out.find(word) != std::string::npos);
  }

  SifdProcess d("sifctl-flags");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  const std::string url = d.url_text();

  // school add: registers one school (admin), then it is listed.
  auto add = sifctl_raw({"--url", url, "--token", kAdminToken, "school", "add", "100001", "--name", "Avonmead Primary",
                         "--la", "Exampleshire", "--framework", "example-2024", "--type", "Voluntary aided school",
                         "--religious-character", "Church of England", "--contact",
                         "headteacher=A Head <head@example.org>"});
  INFO(add.out);
  CHECK(add.status == 0);
  CHECK(add.out.find("school.registered recorded for 100001") != std::string::npos);
  auto head = d.get_json("/v1/schools/100001");
  CHECK(head.at("school").at("contacts").at("headteacher").at("email") == "head@example.org");
  CHECK(head.at("school").at("facts").at("type") == "voluntary_aided");
  CHECK(head.at("school").at("facts").at("church_school") == "church_of_england");
  CHECK(sifctl_raw({"school", "add", "100002", "--name", "X", "--la", "L", "--framework", "example-2024", "--url", url,
                    "--token", kViewerToken}).status == 1);  // 403: admins register
  CHECK(sifctl_raw({"school", "add", "100003", "--url", url, "--token", kAdminToken}).status == 2);  // --name etc. missing

  // The same listing with the flags before, after, and from the environment.
  auto before = sifctl_raw({"--url", url, "--token", kViewerToken, "schools"});
  auto after = sifctl_raw({"schools", "--url", url, "--token", kViewerToken});
  auto env = sifctl_raw({"schools"}, "SIF_URL='" + url + "' SIF_TOKEN='" + kViewerToken + "'");
  INFO(before.out);
  CHECK(before.status == 0);
  CHECK(before.out == after.out);
  CHECK(before.out == env.out);
  CHECK(before.out.find("none agreed") != std::string::npos);
  CHECK(before.out.find("1 school(s)") != std::string::npos);
  auto json_first = sifctl_raw({"--json", "--url", url, "--token", kViewerToken, "schools", "--category", "none"});
  CHECK(json_first.out.find("\"total\": 1") != std::string::npos);
  // Nested commands too.
  auto clock = sifctl_raw({"--url", url, "--token", kViewerToken, "clock", "show"});
  CHECK(clock.status == 0);
  CHECK(clock.out.find("manual clock") != std::string::npos);

  // events and preview list what an event needs and what it would do, recording nothing.
  auto events = sifctl_raw({"events", "100001", "--url", url, "--token", kViewerToken});
  INFO(events.out);
  CHECK(events.status == 0);
  CHECK(events.out.find("category.agreed") != std::string::npos);
  CHECK(events.out.find("category (required)") != std::string::npos);
  auto preview = sifctl_raw({"--url", url, "--token", kViewerToken, "preview", "100001", "category.agreed", "category=amber"});
  INFO(preview.out);
  CHECK(preview.status == 0);
  CHECK(preview.out.find("nothing is recorded") != std::string::npos);
  CHECK(d.get_json("/v1/schools/100001").at("category") == "");
  auto overdue = sifctl_raw({"deadlines", "--overdue", "--url", url, "--token", kViewerToken});
  CHECK(overdue.status == 0);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: sifctl school contact sets and removes a school's contact, and show lists the contacts",
          "[process][sifctl][contacts]") {
  SifdProcess d("sifctl-contact");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  std::string url = d.url_text();
  REQUIRE(d.call("POST", "/v1/schools", R"({"id":"100001","name":"Avonmead Primary","la":"Exampleshire","framework":"example-2024"})").status == 201);

  auto set = sifctl(url, kAdminToken,
                    {"school", "contact", "100001", "headteacher", "--name", "Hana Head", "--email", "head@avonmead.sch.uk"});
  INFO(set.out);
  CHECK(set.status == 0);
  CHECK(set.out.find("100001: contact for headteacher is now Hana Head <head@avonmead.sch.uk>") != std::string::npos);
  auto show = sifctl(url, kViewerToken, {"show", "100001"});
  INFO(show.out);
  CHECK(show.out.find("contacts:\n  headteacher: Hana Head <head@avonmead.sch.uk>\n") != std::string::npos);
  auto same = sifctl(url, kAdminToken,
                     {"school", "contact", "100001", "headteacher", "--name", "Hana Head", "--email", "head@avonmead.sch.uk"});
  CHECK(same.status == 0);
  CHECK(same.out.find("no change") != std::string::npos);
  // An officer is refused (exit 1), as is a role the framework does not know; neither flag nor
  // --remove is a usage error (exit 2).
  CHECK(sifctl(url, kOfficerToken, {"school", "contact", "100001", "headteacher", "--email", "x@y.example"}).status == 1);
  auto unknown = sifctl(url, kAdminToken, {"school", "contact", "100001", "headteachr", "--email", "x@y.example"});
  INFO(unknown.out);
  CHECK(unknown.status == 1);
  CHECK(unknown.out.find("did you mean 'headteacher'?") != std::string::npos);
  CHECK(sifctl(url, kAdminToken, {"school", "contact", "100001", "headteacher"}).status == 2);
  auto removed = sifctl(url, kAdminToken, {"school", "contact", "100001", "headteacher", "--remove"});
  INFO(removed.out);
  CHECK(removed.status == 0);
  CHECK(removed.out.find("100001: contact for headteacher removed") != std::string::npos);
  CHECK(sifctl(url, kViewerToken, {"show", "100001"}).out.find("contacts:") == std::string::npos);
  CHECK(d.stop() == 0);
}
