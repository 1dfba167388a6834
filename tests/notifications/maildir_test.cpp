#include <catch2/catch.hpp>

#include <date/date.h>

#include "notifications/maildir_channel.hpp"
#include "notifications/mime.hpp"
#include "test_util.hpp"

using namespace sif;
using notifications::Address;
using notifications::Message;

namespace {

Message sample(bool with_html) {
  Message m;
  m.id = "120001/7/0";
  m.template_id = "warning-notice-letter";
  m.school_id = "120001";
  m.to = {{"Chair of Governors", "governors@brook.sch.uk", "governing_body"}};
  m.cc = {{"Siân Ellis-Jones", "head@brook.sch.uk", "headteacher"}, {"", "enquiries@ofsted.gov.uk", "ofsted"}};
  m.subject = "Hysbysiad rhybudd – Ysgol Gynradd Brook";  // non-ASCII en dash
  m.text = "Dear governors,\n\nThe compliance period ends on Friday 6 February 2026.\n.\nCost: £0 = free\n";
  if (with_html) m.html = "<p>Ends <strong>Friday 6 February 2026</strong></p>";
  m.headers = {{"Message-ID", m.message_id()}, {"Idempotency-Key", m.id}, {"X-Sif-School", "120001"}};
  m.date = date::sys_days{date::year{2026} / 1 / 16} + std::chrono::hours(8) + std::chrono::minutes(5);
  return m;
}

const Address kFrom{"Leicester School Improvement", "si@leicester.gov.uk", ""};

}  // namespace

TEST_CASE("mime encodes non-ASCII headers and quoted-printable bodies", "[notifications][mime]") {
  CHECK(notifications::encode_header_words("Plain subject") == "Plain subject");
  CHECK(notifications::encode_header_words("£5") == "=?UTF-8?B?wqM1?=");
  CHECK(notifications::format_address({"Ann Head", "a@b.uk", ""}) == "Ann Head <a@b.uk>");
  CHECK(notifications::format_address({"Head, Ann", "a@b.uk", ""}) == "\"Head, Ann\" <a@b.uk>");
  CHECK(notifications::format_address({"", "a@b.uk", ""}) == "<a@b.uk>");
  CHECK(notifications::quoted_printable("a=b £\n.dot\ntrail \n", "\n") == "a=3Db =C2=A3\n=2Edot\ntrail=20\n");
  const std::string long_line(100, 'x');
  const auto qp = notifications::quoted_printable(long_line, "\n");
  CHECK(qp.find("=\n") == 75);
  CHECK(test::decode_qp(qp) == long_line);
  CHECK(notifications::rfc5322_date(sample(false).date) == "Fri, 16 Jan 2026 08:05:00 +0000");
  // A header value cannot inject another header.
  Message m = sample(false);
  m.subject = "Hello\r\nBcc: victim@example.com";
  const auto eml = notifications::format_rfc5322(m, kFrom, "\r\n");
  CHECK(eml.find("\r\nBcc:") == std::string::npos);
}

TEST_CASE("maildir writes a text-only .eml atomically into new/", "[notifications][maildir]") {
  test::TempDir dir;
  notifications::MaildirChannel ch{{dir.path() / "notices", kFrom}};
  const Message m = sample(false);
  REQUIRE(ch.send(m));

  const auto path = ch.path_for(m.id);
  CHECK(path == dir.path() / "notices" / "new" / "120001_7_0.eml");
  REQUIRE(std::filesystem::exists(path));
  CHECK(std::filesystem::is_empty(dir.path() / "notices" / "tmp"));  // nothing left behind

  auto mail = test::parse_mail(test::read_text(path));
  CHECK(mail.header("from") == "Leicester School Improvement <si@leicester.gov.uk>");
  CHECK(mail.header("to") == "Chair of Governors <governors@brook.sch.uk>");
  CHECK(mail.header("cc") == "=?UTF-8?B?U2nDom4gRWxsaXMtSm9uZXM=?= <head@brook.sch.uk>, <enquiries@ofsted.gov.uk>");
  CHECK(mail.header("subject").rfind("=?UTF-8?B?", 0) == 0);
  CHECK(mail.header("date") == "Fri, 16 Jan 2026 08:05:00 +0000");
  CHECK(mail.header("message-id") == "<120001/7/0@sif>");
  CHECK(mail.header("idempotency-key") == "120001/7/0");
  CHECK(mail.header("mime-version") == "1.0");
  CHECK(mail.header("x-sif-school") == "120001");
  CHECK(mail.header("content-type") == "text/plain; charset=utf-8");
  CHECK(mail.header("content-transfer-encoding") == "quoted-printable");
  CHECK(test::decode_qp(mail.body) == m.text);

  // Sending again (a re-send after a crash) replaces the same file.
  REQUIRE(ch.send(m));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path() / "notices" / "new"),
                      std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("maildir writes multipart/alternative when there is HTML", "[notifications][maildir]") {
  test::TempDir dir;
  notifications::MaildirChannel ch{{dir.path(), kFrom}};
  const Message m = sample(true);
  REQUIRE(ch.send(m));
  auto mail = test::parse_mail(test::read_text(ch.path_for(m.id)));
  const auto ct = mail.header("content-type");
  REQUIRE(ct.rfind("multipart/alternative; boundary=\"", 0) == 0);
  const std::string boundary = ct.substr(ct.find('"') + 1, ct.rfind('"') - ct.find('"') - 1);
  const std::string sep = "--" + boundary + "\n";
  const auto first = mail.body.find(sep);
  const auto second = mail.body.find(sep, first + 1);
  const auto end = mail.body.find("--" + boundary + "--");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  REQUIRE(end != std::string::npos);
  auto text_part = test::parse_mail(mail.body.substr(first + sep.size(), second - first - sep.size()));
  auto html_part = test::parse_mail(mail.body.substr(second + sep.size(), end - second - sep.size()));
  CHECK(text_part.header("content-type") == "text/plain; charset=utf-8");
  CHECK(html_part.header("content-type") == "text/html; charset=utf-8");
  // The line break before a boundary belongs to the boundary (RFC 2046 5.1.1).
  CHECK(test::decode_qp(text_part.body) == m.text + "\n");
  CHECK(test::decode_qp(html_part.body) == m.html + "\n");
}

TEST_CASE("maildir reports an unwritable folder as a transient error", "[notifications][maildir]") {
  test::TempDir dir;
  test::write_file(dir.path() / "file", "not a directory");
  notifications::MaildirChannel ch{{dir.path() / "file" / "sub", kFrom}};
  auto st = ch.send(sample(false));
  REQUIRE_FALSE(st);
  CHECK(notifications::is_transient(st.error()));
  CHECK(st.error().message.find("maildir: cannot create") == 0);
}
