// SMTP against a real server on loopback: Debian's aiosmtpd (python3-aiosmtpd), started and
// stopped by the test with a handler (smtp_sink.py) that writes each message to a folder.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <date/date.h>

#include "memory_outbox.hpp"
#include "notifications/dispatcher.hpp"
#include "notifications/smtp_channel.hpp"
#include "test_util.hpp"
#include "tests/notifications/smtp_server.hpp"

using namespace sif;
using namespace std::chrono_literals;
using test::SmtpServer;

namespace {

notifications::SmtpConfig config(unsigned short port) {
  notifications::SmtpConfig c;
  c.url = "smtp://127.0.0.1:" + std::to_string(port);
  c.tls = notifications::SmtpTls::kNone;  // aiosmtpd here has no certificate
  c.from = {"Leicester School Improvement", "si@leicester.gov.uk", ""};
  c.connect_timeout = 2000ms;
  c.timeout = 10000ms;
  return c;
}

struct Fixture {
  test::TempDir dir;
  test::MemoryOutbox outbox;
  notifications::DispatcherOptions options;
  Fixture() {
    test::write_file(dir.path() / "templates" / "letter.txt",
                     "Subject: Warning notice: {{school.name}}\n\nDear {{recipients.to}},\n"
                     "The compliance period ends on {{deadline.end.words}}.\n");
    test::write_file(dir.path() / "templates" / "letter.html", "<p>Ends <b>{{deadline.end.words}}</b></p>\n");
    std::filesystem::create_directories(dir.path() / "mail");
    workflows::School s;
    s.id = "120001";
    s.name = "Brook Primary";
    s.contacts["governing_body"] = {"Chair of Governors", "governors@brook.sch.uk", ""};
    s.contacts["headteacher"] = {"Ann Head", "head@brook.sch.uk", ""};
    outbox.schools[s.id] = s;
    options.templates_dir = dir.path() / "templates";
    options.default_contacts = {{"ofsted", {"Ofsted", "enquiries@ofsted.gov.uk", ""}}};
    options.backoff.initial = 30s;
    options.backoff.max_attempts = 5;
    options.seed = 3;
  }
  std::int64_t add() {
    return outbox.add("120001", "letter", {"governing_body"}, {"headteacher", "ofsted"},
                      {{"deadline.end", "2026-02-06"}, {"deadline.end.words", "Friday 6 February 2026"}});
  }
};

const notifications::TimePoint kNow = date::sys_days{date::year{2026} / 1 / 16} + 8h;

}  // namespace

TEST_CASE("smtp delivers to a real server with recipients, subject, body and headers",
          "[notifications][smtp]") {
  Fixture f;
  const auto port = test::free_port();
  SmtpServer server{port, f.dir.path() / "mail"};
  REQUIRE(server.wait_ready());
  notifications::SmtpChannel ch{config(port)};
  const auto id = f.add();
  notifications::Dispatcher d{f.outbox, ch, f.options};
  CHECK(d.drain_once(kNow) == 1);
  INFO(f.outbox.row(id).last_error);
  REQUIRE(f.outbox.row(id).status == storage::OutboxStatus::kSent);

  auto mails = test::smtp_received(f.dir.path() / "mail");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].at("mail_from") == "si@leicester.gov.uk");
  const auto& rcpt = mails[0].at("rcpt_tos").as_array();
  REQUIRE(rcpt.size() == 3);
  CHECK(rcpt[0] == "governors@brook.sch.uk");
  CHECK(rcpt[1] == "head@brook.sch.uk");
  CHECK(rcpt[2] == "enquiries@ofsted.gov.uk");
  auto mail = test::parse_mail(std::string(mails[0].at("content").as_string()));
  CHECK(mail.header("from") == "Leicester School Improvement <si@leicester.gov.uk>");
  CHECK(mail.header("to") == "Chair of Governors <governors@brook.sch.uk>");
  CHECK(mail.header("cc") == "Ann Head <head@brook.sch.uk>, Ofsted <enquiries@ofsted.gov.uk>");
  CHECK(mail.header("subject") == "Warning notice: Brook Primary");
  CHECK(mail.header("message-id") == "<120001/1/1@sif>");
  CHECK(mail.header("idempotency-key") == "120001/1/1");
  CHECK(mail.header("date") == "Fri, 16 Jan 2026 08:00:00 +0000");
  CHECK(mail.header("content-type").rfind("multipart/alternative;", 0) == 0);
  const auto body = test::decode_qp(mail.body);
  CHECK(body.find("Dear Chair of Governors,\nThe compliance period ends on Friday 6 February 2026.") !=
        std::string::npos);
  CHECK(body.find("<p>Ends <b>Friday 6 February 2026</b></p>") != std::string::npos);
}

TEST_CASE("smtp: server down, retried, delivered once it is back", "[notifications][smtp]") {
  Fixture f;
  const auto port = test::free_port();
  notifications::SmtpChannel ch{config(port)};
  const auto id = f.add();
  notifications::Dispatcher d{f.outbox, ch, f.options};

  // Nothing listens: a transient failure, retried later.
  CHECK(d.drain_once(kNow) == 1);
  CHECK(f.outbox.row(id).status == storage::OutboxStatus::kPending);
  CHECK(f.outbox.row(id).attempts == 1);
  CHECK(f.outbox.row(id).last_error.find("attempt 1 of 5: smtp:") == 0);
  auto next = d.next_due();
  REQUIRE(next);
  CHECK(*next > kNow);

  SmtpServer server{port, f.dir.path() / "mail"};
  REQUIRE(server.wait_ready());
  CHECK(d.drain_once(kNow + 1s) == 0);  // not yet due: backoff holds
  CHECK(d.drain_once(*next) == 1);
  CHECK(f.outbox.row(id).status == storage::OutboxStatus::kSent);
  auto mails = test::smtp_received(f.dir.path() / "mail");
  REQUIRE(mails.size() == 1);  // delivered once
  auto mail = test::parse_mail(std::string(mails[0].at("content").as_string()));
  CHECK(mail.header("message-id") == "<120001/1/1@sif>");
}

TEST_CASE("smtp classifies refusals: 5xx permanent, 4xx transient", "[notifications][smtp]") {
  Fixture f;
  const auto port = test::free_port();
  SmtpServer server{port, f.dir.path() / "mail"};
  REQUIRE(server.wait_ready());
  notifications::SmtpChannel ch{config(port)};
  notifications::Message m;
  m.id = "120001/9/0";
  m.subject = "Test";
  m.text = "Body\n";
  m.date = kNow;

  m.to = {{"", "refused@brook.sch.uk", "headteacher"}};
  auto refused = ch.send(m);
  REQUIRE_FALSE(refused);
  CHECK_FALSE(notifications::is_transient(refused.error()));
  CHECK(refused.error().message.find("server replied 550") != std::string::npos);

  m.to = {{"", "later@brook.sch.uk", "headteacher"}};
  auto later = ch.send(m);
  REQUIRE_FALSE(later);
  CHECK(notifications::is_transient(later.error()));
  CHECK(later.error().message.find("server replied 451") != std::string::npos);

  m.to = {{"", "head@brook.sch.uk", "headteacher"}};
  CHECK(ch.send(m));
  CHECK(test::smtp_received(f.dir.path() / "mail").size() == 1);
}
