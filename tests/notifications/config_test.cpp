#include <catch2/catch.hpp>

#include "notifications/notifications_config.hpp"
#include "test_util.hpp"

using namespace sif;
using namespace std::chrono_literals;

TEST_CASE("notifications config: defaults are maildir into var/notices", "[notifications][config]") {
  auto c = notifications::parse_notifications_yaml("", "sifd.yaml");
  REQUIRE(c);
  CHECK(c->channel == "maildir");
  CHECK(c->maildir.dir == "var/notices");
  auto ch = notifications::make_channel(*c);
  REQUIRE(ch);
  CHECK((*ch)->name() == "maildir");
}

TEST_CASE("notifications config: smtp, webhook, retry and contacts", "[notifications][config]") {
  test::TempDir dir;
  test::write_file(dir.path() / "pw", "hunter2\n");
  const std::string yaml = R"(
channel: smtp
from: { name: "Leicester School Improvement", email: si@leicester.gov.uk }
smtp:
  url: smtps://mail.example.org:465
  tls: starttls
  username: sif
  password_file: )" + (dir.path() / "pw").string() + R"(
  timeout_seconds: 30
webhook:
  url: https://cases.example.org/sif
  secret: k
  headers: { Authorization: "Bearer t" }
retry: { initial_seconds: 30, multiplier: 3, max_delay_seconds: 3600, jitter: 0.1, max_attempts: 6 }
contacts:
  ofsted: { name: Ofsted, email: enquiries@ofsted.gov.uk }
)";
  auto c = notifications::parse_notifications_yaml(yaml, "sifd.yaml");
  if (!c) FAIL(c.error().message);
  CHECK(c->channel == "smtp");
  CHECK(c->smtp.url == "smtps://mail.example.org:465");
  CHECK(c->smtp.password == "hunter2");
  CHECK(c->smtp.timeout == 30000ms);
  CHECK(c->smtp.from.email == "si@leicester.gov.uk");
  CHECK(c->webhook.headers.at(0) == notifications::Header{"Authorization", "Bearer t"});
  CHECK(c->retry.initial == 30s);
  CHECK(c->retry.max_attempts == 6);
  CHECK(c->contacts.at("ofsted").email == "enquiries@ofsted.gov.uk");
  auto ch = notifications::make_channel(*c);
  REQUIRE(ch);
  CHECK((*ch)->name() == "smtp");
}

TEST_CASE("notifications config: errors are located", "[notifications][config]") {
  auto typo = notifications::parse_notifications_yaml("channel: smtp\nsmtp:\n  urll: smtp://x\n", "sifd.yaml");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message == "sifd.yaml:3:3: error: unknown key 'urll' in notifications.smtp (did you mean 'url'?)");
  auto bad = notifications::parse_notifications_yaml("channel: pigeon\n", "sifd.yaml");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "sifd.yaml:1:10: error: notifications.channel 'pigeon' is not one of maildir, smtp, webhook");
  auto retry = notifications::parse_notifications_yaml("retry: { max_attempts: 0 }\n", "sifd.yaml");
  REQUIRE_FALSE(retry);
}
