// Notices through a running sifd configured for SMTP in sifd.yaml: a notice whose mail server is
// down goes dead (visible in GET /v1/notices), an officer retries it once the server is back
// (POST /v1/notices/{id}/retry, `sifctl notices retry ID`), and it arrives once, addressed as
// the framework says. Debian's aiosmtpd is the server (tests/notifications/smtp_sink.py).
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "tests/notifications/smtp_server.hpp"
#include "tests/process/sifd_process.hpp"

using sif::test::SifdProcess;
namespace json = boost::json;

namespace {

json::object notice(const SifdProcess& d, std::int64_t id) {
  json::value v = d.get_json("/v1/notices?status=all");
  for (const auto& n : v.at("notices").as_array()) {
    if (n.at("id").as_int64() == id) return n.as_object();
  }
  return {};
}

}  // namespace

TEST_CASE("process: a notice dead while the SMTP server is down is retried by an officer and arrives once",
          "[process][notices]") {
  const unsigned short port = sif::test::free_port();
  SifdProcess d("notices");
  d.set_extra_settings(
      "default_contacts:\n"
      "  headteacher: { name: Ann Head, email: head@brook.sch.uk }\n"
      "  link_adviser: { name: Lee Adviser, email: lee@council.gov.uk }\n"
      "  chair_of_governors: { name: Chris Chair, email: chair@brook.sch.uk }\n"
      "notifications:\n"
      "  channel: smtp\n"
      "  from: { name: Exampleshire School Improvement, email: si@exampleshire.gov.uk }\n"
      "  smtp: { url: \"smtp://127.0.0.1:" + std::to_string(port) + "\", tls: none, connect_timeout_seconds: 2, "
      "timeout_seconds: 10 }\n"
      "  retry: { initial_seconds: 60, max_delay_seconds: 60, max_attempts: 1 }\n");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(why);

  auto reg = d.call("POST", "/v1/schools",
                    R"({"id":"120001","name":"Brook Primary","la":"Exampleshire","framework":"example-2024",)"
                    R"("type":"community","phase":"primary"})");
  INFO(reg.body);
  REQUIRE(reg.status == 201);
  auto ev = d.call("POST", "/v1/schools/120001/events",
                   R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})",
                   sif::test::kOfficerToken);
  INFO(ev.body);
  REQUIRE(ev.status == 200);

  // No server on the port: the one allowed attempt fails and the notice is dead, with the reason.
  std::int64_t id = 0;
  REQUIRE(sif::test::wait_until([&] {
    json::value v = d.get_json("/v1/notices?status=dead");
    if (!v.is_object() || v.at("notices").as_array().empty()) return false;
    id = v.at("notices").as_array().front().at("id").as_int64();
    return true;
  }));
  json::object dead = notice(d, id);
  CHECK(dead.at("template").as_string() == "support-letter");
  CHECK(dead.at("attempts").as_int64() == 1);
  CHECK_FALSE(dead.at("last_error").as_string().empty());
  CHECK(d.call("GET", "/metrics").body.find("sif_outbox_failed 1") != std::string::npos);

  // Wrong role, bad id, unknown id: refused, nothing changes.
  const std::string target = "/v1/notices/" + std::to_string(id) + "/retry";
  CHECK(d.call("POST", target, "{}", sif::test::kViewerToken).status == 403);
  CHECK(d.call("POST", "/v1/notices/abc/retry", "{}", sif::test::kOfficerToken).status == 400);
  CHECK(d.call("POST", "/v1/notices/999999/retry", "{}", sif::test::kOfficerToken).status == 404);
  CHECK(notice(d, id).at("status").as_string() == "dead");

  // The server comes up; the officer retries; the notice leaves at once and arrives once.
  sif::test::TempDir mail;
  sif::test::SmtpServer smtp(port, mail.path());
  REQUIRE(smtp.wait_ready());
  auto retry = d.call("POST", target, "{}", sif::test::kOfficerToken);
  INFO(retry.body);
  REQUIRE(retry.status == 200);
  CHECK(json::parse(retry.body).at("attempts").as_int64() == 0);
  REQUIRE(sif::test::wait_until([&] { return notice(d, id).at("status").as_string() == "sent"; }));
  auto mails = sif::test::smtp_received(mail.path());
  REQUIRE(mails.size() == 1);
  std::vector<std::string> rcpt;
  for (const auto& r : mails[0].at("rcpt_tos").as_array()) rcpt.emplace_back(r.as_string());
  std::sort(rcpt.begin(), rcpt.end());
  CHECK(rcpt == std::vector<std::string>{"chair@brook.sch.uk", "head@brook.sch.uk", "lee@council.gov.uk"});
  const std::string content(mails[0].at("content").as_string());
  CHECK(content.find("From: Exampleshire School Improvement <si@exampleshire.gov.uk>") != std::string::npos);
  CHECK(content.find("Brook Primary") != std::string::npos);
  CHECK(content.find("Message-ID: <") != std::string::npos);

  // A sent notice cannot be retried.
  auto again = d.call("POST", target, "{}", sif::test::kOfficerToken);
  CHECK(again.status == 409);
  CHECK(again.body.find("already sent") != std::string::npos);
  CHECK(sif::test::smtp_received(mail.path()).size() == 1);
  CHECK(d.read_log().find("retried by olu") != std::string::npos);
}

TEST_CASE("process: sifd refuses to start on a notifications section it cannot use", "[process][notices]") {
  SifdProcess d("notices-bad");
  d.set_extra_settings("notifications:\n  channel: smtp\n  smpt: { url: \"smtp://127.0.0.1:25\" }\n");
  std::string why;
  CHECK_FALSE(d.start("2026-09-01T07:00:00Z", &why));
  CHECK(why.find("unknown key 'smpt'") != std::string::npos);
}

TEST_CASE("process: each working morning the link adviser's digest lists what falls due at their schools",
          "[process][notices]") {
  SifdProcess d("digest");
  d.set_extra_settings(
      "default_contacts:\n"
      "  headteacher: { name: Ann Head, email: head@brook.sch.uk }\n"
      "  chair_of_governors: { name: Chris Chair, email: chair@brook.sch.uk }\n"
      "notifications:\n"
      "  digest: { at: \"07:00\", horizon_working_days: 20, roles: [link_adviser] }\n");
  std::string why;
  // Tuesday 1 September 2026, 08:00 BST: today's digest (nothing to list) has gone at start-up.
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(why);
  auto reg = d.call("POST", "/v1/schools",
                    R"({"id":"120001","name":"Brook Primary","la":"Exampleshire","framework":"example-2024",)"
                    R"("contacts":{"link_adviser":{"name":"Lee Adviser","email":"lee@council.gov.uk"}}})");
  INFO(reg.body);
  REQUIRE(reg.status == 201);
  REQUIRE(d.call("POST", "/v1/schools/120001/events",
                 R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})",
                 sif::test::kOfficerToken)
              .status == 200);

  auto digests = [&](const std::string& status) {
    std::vector<json::object> out;
    const json::value all = d.get_json("/v1/notices?status=" + status);
    for (const auto& n : all.at("notices").as_array()) {
      if (n.at("template").as_string() == "daily-digest") out.push_back(n.as_object());
    }
    return out;
  };
  CHECK(digests("all").empty());

  // Wednesday 2 September, 08:00 BST: one digest, to the adviser, naming the school's deadlines.
  REQUIRE(d.call("POST", "/v1/clock", R"({"advance":"1d"})").status == 200);
  if (!sif::test::wait_until([&] { return digests("sent").size() == 1; })) FAIL(d.read_log());
  const std::filesystem::path mail = d.dir() / "notices" / "new";
  std::string text;
  for (const auto& e : std::filesystem::directory_iterator(mail)) {
    std::string t = sif::test::read_text(e.path());
    if (t.find("lee@council.gov.uk") != std::string::npos && t.find("Brook Primary") != std::string::npos &&
        e.path().filename().string().rfind("digest", 0) == 0) {
      text = t;
    }
  }
  INFO(text);
  CHECK(text.find("To: Lee Adviser <lee@council.gov.uk>") != std::string::npos);
  CHECK(text.find("Wednesday 2 September 2026") != std::string::npos);
  CHECK(text.find("120001") != std::string::npos);

  // Saturday 5 September: no digest at weekends; Monday 7 September brings the next one.
  REQUIRE(d.call("POST", "/v1/clock", R"({"to":"2026-09-05T07:00:00Z"})").status == 200);
  REQUIRE(sif::test::wait_until([&] { return d.read_log().find("2026-09-05 is not a working day") != std::string::npos; }));
  CHECK(digests("all").size() == 1);
  REQUIRE(d.call("POST", "/v1/clock", R"({"to":"2026-09-07T07:00:00Z"})").status == 200);
  REQUIRE(sif::test::wait_until([&] { return digests("sent").size() == 2; }));
}
