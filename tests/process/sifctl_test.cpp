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
