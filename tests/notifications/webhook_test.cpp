#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <date/date.h>

#include "http_receiver.hpp"
#include "memory_outbox.hpp"
#include "notifications/dispatcher.hpp"
#include "notifications/webhook_channel.hpp"
#include "test_util.hpp"

using namespace sif;
using namespace std::chrono_literals;

namespace {

notifications::Message sample() {
  notifications::Message m;
  m.id = "120001/7/0";
  m.template_id = "warning-notice-letter";
  m.school_id = "120001";
  m.to = {{"Chair of Governors", "governors@brook.sch.uk", "governing_body"}};
  m.cc = {{"Ann Head", "head@brook.sch.uk", "headteacher"}};
  m.subject = "Warning notice";
  m.text = "Dear governors,\n";
  m.data = {{"school.name", "Brook Primary"}, {"deadline.compliance_end", "2026-02-06"}};
  return m;
}

notifications::WebhookConfig hook(std::string url, std::string secret,
                                  std::vector<notifications::Header> headers = {}) {
  notifications::WebhookConfig c;
  c.url = std::move(url);
  c.secret = std::move(secret);
  c.headers = std::move(headers);
  c.connect_timeout = 2000ms;
  c.timeout = 5000ms;
  return c;
}

}  // namespace

TEST_CASE("HMAC-SHA256 matches the RFC 4231 test vector", "[notifications][webhook]") {
  // RFC 4231 test case 2.
  CHECK(notifications::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("webhook posts signed JSON with an idempotency key", "[notifications][webhook]") {
  test::HttpReceiver rx;
  notifications::WebhookChannel ch{hook(rx.url(), "s3cret", {{"Authorization", "Bearer abc"}})};
  const auto m = sample();
  auto st = ch.send(m);
  if (!st) FAIL(st.error().message);
  auto reqs = rx.requests();
  REQUIRE(reqs.size() == 1);
  const auto& r = reqs[0];
  CHECK(r.method == "POST");
  CHECK(r.target == "/hook");
  CHECK(r.headers.at("content-type") == "application/json");
  CHECK(r.headers.at("idempotency-key") == "120001/7/0");
  CHECK(r.headers.at("x-sif-message-id") == "<120001/7/0@sif>");
  CHECK(r.headers.at("authorization") == "Bearer abc");
  CHECK(r.headers.at("x-sif-signature") == "sha256=" + notifications::hmac_sha256_hex("s3cret", r.body));
  CHECK(r.body == notifications::webhook_body(m));

  auto body = boost::json::parse(r.body).as_object();
  CHECK(body.at("id") == "120001/7/0");
  CHECK(body.at("template") == "warning-notice-letter");
  CHECK(body.at("school") == "120001");
  CHECK(body.at("subject") == "Warning notice");
  CHECK(body.at("text") == "Dear governors,\n");
  CHECK_FALSE(body.contains("html"));
  const auto& to = body.at("to").as_array();
  REQUIRE(to.size() == 1);
  CHECK(to[0].at("email") == "governors@brook.sch.uk");
  CHECK(to[0].at("role") == "governing_body");
  CHECK(body.at("cc").as_array()[0].at("name") == "Ann Head");
  CHECK(body.at("data").at("deadline.compliance_end") == "2026-02-06");
}

TEST_CASE("webhook classifies HTTP statuses and connection failures", "[notifications][webhook]") {
  test::HttpReceiver rx{{503, 429, 400, 301}};
  notifications::WebhookChannel ch{hook(rx.url(), "")};
  auto a = ch.send(sample());
  REQUIRE_FALSE(a);
  CHECK(notifications::is_transient(a.error()));
  CHECK(a.error().message.find("answered HTTP 503") != std::string::npos);
  auto b = ch.send(sample());
  REQUIRE_FALSE(b);
  CHECK(notifications::is_transient(b.error()));
  auto c = ch.send(sample());
  REQUIRE_FALSE(c);
  CHECK_FALSE(notifications::is_transient(c.error()));  // 400: retrying will not help
  auto d = ch.send(sample());
  REQUIRE_FALSE(d);
  CHECK_FALSE(notifications::is_transient(d.error()));
  CHECK(rx.requests()[0].headers.count("x-sif-signature") == 0);  // no secret, no signature
  CHECK(ch.send(sample()));

  // Nothing listening: connection refused is transient.
  notifications::WebhookChannel down{hook("http://127.0.0.1:" + std::to_string(test::free_port()) + "/", "k")};
  auto e = down.send(sample());
  REQUIRE_FALSE(e);
  CHECK(notifications::is_transient(e.error()));
}

TEST_CASE("dispatcher delivers through the webhook after a 503", "[notifications][webhook][dispatcher]") {
  test::TempDir dir;
  test::write_file(dir.path() / "letter.txt", "Subject: Hello {{school.name}}\n\nBody for {{recipients.to}}\n");
  test::MemoryOutbox outbox;
  workflows::School s;
  s.id = "120001";
  s.name = "Brook Primary";
  s.contacts["headteacher"] = {"Ann Head", "head@brook.sch.uk", ""};
  outbox.schools[s.id] = s;
  const auto id = outbox.add("120001", "letter", {"headteacher"});
  test::HttpReceiver rx{{503}};
  notifications::WebhookChannel ch{hook(rx.url(), "key")};
  notifications::DispatcherOptions opt;
  opt.templates_dir = dir.path();
  opt.seed = 1;
  notifications::Dispatcher d{outbox, ch, opt};
  notifications::TimePoint now = date::sys_days{date::year{2026} / 3 / 2} + 9h;
  CHECK(d.drain_once(now) == 1);
  CHECK(outbox.row(id).status == storage::OutboxStatus::kPending);
  CHECK(outbox.row(id).last_error.find("HTTP 503") != std::string::npos);
  now = *d.next_due();
  CHECK(d.drain_once(now) == 1);
  CHECK(outbox.row(id).status == storage::OutboxStatus::kSent);
  auto reqs = rx.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].body == reqs[1].body);  // same id, same content: receivers de-duplicate
  auto body = boost::json::parse(reqs[1].body).as_object();
  CHECK(body.at("subject") == "Hello Brook Primary");
  CHECK(body.at("text") == "Body for Ann Head\n");
}
