// The officers' daily digest (daemon/digest.hpp) over a real database: schools registered and
// moved on through the Engine with the shipped definitions (leicester-2007) on a manual clock,
// digests enqueued for a date, then delivered through the maildir channel.
//
// Dates, counted by hand on the england-and-wales calendar. Working days after Mon 21 Dec 2026:
//   Tue 22 (1), Wed 23 (2), Thu 24 (3); Fri 25 Christmas Day, Sat 26, Sun 27,
//   Mon 28 (Boxing Day, substitute); Tue 29 (4), Wed 30 (5), Thu 31 (6); Fri 1 Jan New Year's
//   Day; Mon 4 (7), Tue 5 (8), Wed 6 (9), Thu 7 Jan 2027 (10).
// So the 10-working-day horizon from Mon 21 Dec 2026 ends on Thu 7 Jan 2027.
// A warning notice's compliance period is 15 working days from its date (Appendix 9.12):
//   issued Mon 7 Dec  -> Wed 30 Dec 2026  (5 working days after 21 Dec)
//   issued Thu 10 Dec -> Tue 5 Jan 2027   (8)
//   issued Mon 14 Dec -> Thu 7 Jan 2027   (10: the last day inside the horizon)
//   issued Tue 15 Dec -> Fri 8 Jan 2027   (11: outside)
#include <catch2/catch.hpp>

#include <filesystem>

#include "config/config_set.hpp"
#include "daemon/digest.hpp"
#include "daemon/engine.hpp"
#include "notifications/dispatcher.hpp"
#include "notifications/maildir_channel.hpp"
#include "storage/database.hpp"
#include "test_util.hpp"
#include "tests/support/engine_support.hpp"
#include "tests/support/manual_clock.hpp"

using namespace sif;
using daemon::DigestOptions;
using workflows::make_date;

namespace {

std::shared_ptr<const config::ConfigSet> shipped_config() {
  static std::shared_ptr<const config::ConfigSet> cfg =
      test::load_config_or_fail(std::string(SIF_SOURCE_DIR) + "/config");
  return cfg;
}

std::unique_ptr<storage::Database> open_db(const std::filesystem::path& p) { return test::open_database_or_fail(p); }

const notifications::Contacts kDefaults{{"la_lead", {"Lee Lead", "lead@council.gov.uk", ""}},
                                        {"ofsted", {"Ofsted", "enquiries@ofsted.gov.uk", ""}}};

workflows::School leicester_school(const std::string& urn, const std::string& name, const std::string& adviser,
                                   const std::string& adviser_email) {
  workflows::School s;
  s.id = urn;
  s.name = name;
  s.la = "Leicester";
  s.framework = "leicester-2007";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  s.contacts["headteacher"] = {"Head of " + name, "head@" + urn + ".sch.uk", ""};
  s.contacts["link_adviser"] = {adviser, adviser_email, ""};
  return s;
}

// Registers the school on `registered` and has a warning notice issued on `issued` (10:00 UTC).
void school_with_warning_notice(daemon::Engine& engine, daemon::ManualClock& clock, const workflows::School& s,
                                workflows::Date issued) {
  clock.set(test::utc(2026, 12, 1, 10));
  auto reg = engine.register_school(s, "3", "officer@council.gov.uk");
  REQUIRE(reg);
  // The annual cycle runs from registration: the school's statutory targets (October to
  // December) are recorded as set, so what the digests list is the warning notice alone.
  REQUIRE(engine.fire_due(clock.now_utc()));  // the cycle begins on the day of registration
  workflows::Event targets;
  targets.type = "targets.set";
  targets.actor = "officer@council.gov.uk";
  REQUIRE(engine.record_event(s.id, targets));
  const auto ymd = date::year_month_day{issued};
  clock.set(test::utc(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()), 10));
  workflows::Event e;
  e.type = "warning_notice.issued";
  e.data = {{"date", workflows::format_date(issued)}, {"grounds", "standards are unacceptably low"}};
  e.actor = "officer@council.gov.uk";
  auto r = engine.record_event(s.id, e);
  INFO(s.id << ": " << (r ? "" : r.error().message));
  REQUIRE(r);
}

std::string value(const workflows::Data& d, const std::string& key) {
  auto it = d.find(key);
  return it == d.end() ? std::string("<absent " + key + ">") : it->second;
}

// Pending digests by recipient email.
std::map<std::string, storage::OutboxRow> digests(storage::Database& db) {
  auto rows = db.outbox_list(storage::OutboxStatus::kPending);
  REQUIRE(rows);
  std::map<std::string, storage::OutboxRow> out;
  for (const auto& r : *rows) {
    if (r.template_id == "daily-digest") out[value(r.data, "recipient.email")] = r;
  }
  return out;
}

struct Item {
  std::string school;
  std::string title;
  std::string due;
  std::string when;
};

// The days[i].items[j] of a digest, flattened, with each day's `when`.
std::vector<Item> due_items(const workflows::Data& d) {
  std::vector<Item> out;
  for (int day = 0; d.count("days[" + std::to_string(day) + "].date"); ++day) {
    const std::string dp = "days[" + std::to_string(day) + "].";
    for (int i = 0; d.count(dp + "items[" + std::to_string(i) + "].school.id"); ++i) {
      const std::string ip = dp + "items[" + std::to_string(i) + "].";
      CHECK(value(d, ip + "due") == value(d, dp + "date"));
      out.push_back({value(d, ip + "school.id"), value(d, ip + "title"), value(d, ip + "due"), value(d, dp + "when")});
    }
  }
  return out;
}

bool operator==(const Item& a, const Item& b) {
  return a.school == b.school && a.title == b.title && a.due == b.due && a.when == b.when;
}
std::ostream& operator<<(std::ostream& os, const Item& i) {
  return os << "{" << i.school << ", " << i.title << ", " << i.due << ", " << i.when << "}";
}

// The plain-text part of a decoded multipart/alternative body (everything before the HTML).
std::string text_part(const std::string& decoded) { return decoded.substr(0, decoded.find("<!doctype html>")); }

const std::string kCompliance = "End of the warning notice compliance period";

}  // namespace

TEST_CASE("digest: due within 10 working days across Christmas, per officer, once per date",
          "[notifications][digest]") {
  test::TempDir dir;
  daemon::ManualClock clock(test::utc(2026, 12, 1, 10));
  daemon::Engine engine(shipped_config(), open_db(dir.path() / "sif.db"), clock);
  school_with_warning_notice(engine, clock, leicester_school("120001", "Brook Primary", "Ann Adviser", "ann@council.gov.uk"),
                             make_date(2026, 12, 7));
  school_with_warning_notice(engine, clock, leicester_school("120002", "Ash Academy", "Ann Adviser", "Ann@Council.gov.uk"),
                             make_date(2026, 12, 14));
  auto elm = leicester_school("120003", "Elm Junior", "Bob Adviser", "bob@council.gov.uk");
  elm.contacts["la_lead"] = {"", "LEAD@council.gov.uk", ""};  // the default lead, spelt otherwise
  school_with_warning_notice(engine, clock, elm, make_date(2026, 12, 10));
  school_with_warning_notice(engine, clock, leicester_school("120004", "Oak Infants", "Cat Adviser", "cat@council.gov.uk"),
                             make_date(2026, 12, 15));

  // Monday 21 December 2026, 07:00 in London (GMT): the digest goes out before the day's timers.
  clock.set(test::utc(2026, 12, 21, 7));
  REQUIRE(engine.fire_due(clock.now_utc()));
  const auto now = daemon::to_unix_seconds(clock.now_utc());
  storage::Database& db = engine.database();
  const workflows::Date today = make_date(2026, 12, 21);

  auto n = daemon::enqueue_digests(db, *shipped_config(), kDefaults, today, DigestOptions{}, now);
  REQUIRE(n);
  CHECK(*n == 3);  // Ann, Bob and the lead; Cat has nothing within the horizon
  auto by_email = digests(db);
  REQUIRE(by_email.size() == 3);
  CHECK(by_email.count("cat@council.gov.uk") == 0);

  SECTION("Ann: two schools, one due on the horizon's last day") {
    const auto& row = by_email.at("ann@council.gov.uk");
    CHECK(row.key == "digest/2026-12-21/ann=40council.gov.uk");
    CHECK(row.school.empty());
    CHECK(row.to == std::vector<std::string>{"link_adviser"});
    CHECK(row.next_attempt_at == now);
    const auto& d = row.data;
    CHECK(value(d, "recipient.name") == "Ann Adviser");
    CHECK(value(d, "recipient.role") == "link_adviser");
    CHECK(value(d, "digest.date.words") == "Monday 21 December 2026");
    CHECK(value(d, "digest.horizon") == "10");
    CHECK(value(d, "digest.horizon_end") == "2027-01-07");
    CHECK(value(d, "digest.horizon_end.words") == "Thursday 7 January 2027");
    CHECK(value(d, "digest.due_count") == "2");
    CHECK(value(d, "digest.overdue_count") == "0");
    CHECK(value(d, "digest.has_overdue").empty());
    CHECK(value(d, "digest.school_count") == "2");
    CHECK(due_items(d) == std::vector<Item>{{"120001", kCompliance, "2026-12-30", "in 5 working days"},
                                            {"120002", kCompliance, "2027-01-07", "in 10 working days"}});
    CHECK(value(d, "days[0].date.words") == "Wednesday 30 December 2026");
    CHECK(value(d, "days[0].items[0].school.name") == "Brook Primary");
    CHECK(value(d, "days[0].items[0].workflow") == "Warning notice to the governing body");
    CHECK(value(d, "days[0].items[0].state") == "Warning notice issued; compliance period running");
    CHECK(d.count("overdue[0].title") == 0);
  }
  SECTION("Bob: his own school only") {
    const auto& d = by_email.at("bob@council.gov.uk").data;
    CHECK(value(d, "recipient.name") == "Bob Adviser");
    CHECK(due_items(d) == std::vector<Item>{{"120003", kCompliance, "2027-01-05", "in 8 working days"}});
  }
  SECTION("the lead: every school with something due, one digest whatever the spelling") {
    const auto& row = by_email.at("lead@council.gov.uk");
    CHECK(row.to == std::vector<std::string>{"la_lead"});
    CHECK(value(row.data, "recipient.name") == "Lee Lead");
    CHECK(due_items(row.data) == std::vector<Item>{{"120001", kCompliance, "2026-12-30", "in 5 working days"},
                                                   {"120003", kCompliance, "2027-01-05", "in 8 working days"},
                                                   {"120002", kCompliance, "2027-01-07", "in 10 working days"}});
  }
  SECTION("a second call for the same date (a restart at 07:05) adds nothing") {
    auto again = daemon::enqueue_digests(db, *shipped_config(), kDefaults, today, DigestOptions{}, now + 300);
    REQUIRE(again);
    CHECK(*again == 0);
    CHECK(digests(db).size() == 3);
    // The next working day is a new digest, and its horizon (to Fri 8 Jan) now reaches Cat's school.
    clock.set(test::utc(2026, 12, 22, 7));
    REQUIRE(engine.fire_due(clock.now_utc()));
    auto next_day = daemon::enqueue_digests(db, *shipped_config(), kDefaults, make_date(2026, 12, 22), DigestOptions{},
                                            now + 86400);
    REQUIRE(next_day);
    CHECK(*next_day == 4);
    CHECK(digests(db).count("cat@council.gov.uk") == 1);
  }
  SECTION("a shorter horizon and one role") {
    DigestOptions options;
    options.roles = {"link_adviser"};
    options.horizon_working_days = 5;  // to Wed 30 Dec
    auto r = daemon::enqueue_digests(db, *shipped_config(), kDefaults, make_date(2026, 12, 21), options, now);
    REQUIRE(r);
    CHECK(*r == 0);  // Ann's digest for the date exists already: the key is per date and person
    auto later = daemon::enqueue_digests(db, *shipped_config(), kDefaults, make_date(2026, 12, 23), options, now);
    REQUIRE(later);
    CHECK(*later == 1);  // 23 Dec + 5 working days = 4 Jan: only Ann's 30 Dec deadline
    auto rows = db.outbox_list(storage::OutboxStatus::kPending);
    REQUIRE(rows);
    REQUIRE_FALSE(rows->empty());
    CHECK(rows->front().key == "digest/2026-12-23/ann=40council.gov.uk");
    CHECK(value(rows->front().data, "digest.horizon_end") == "2027-01-04");
    CHECK(due_items(rows->front().data) == std::vector<Item>{{"120001", kCompliance, "2026-12-30", "in 3 working days"}});
  }
  SECTION("delivered through the maildir channel") {
    notifications::MaildirConfig mc;
    mc.dir = dir.path() / "notices";
    mc.from = {"Leicester School Improvement", "si@leicester.gov.uk", ""};
    notifications::MaildirChannel maildir{mc};
    notifications::DispatcherOptions options;
    options.templates_dir = std::string(SIF_SOURCE_DIR) + "/config/templates";
    options.default_contacts = kDefaults;
    notifications::Dispatcher dispatcher{db, maildir, options};
    dispatcher.drain_once(clock.now_utc());
    for (const auto& [email, row] : by_email) {
      auto sent = db.outbox_get(row.id);
      REQUIRE(sent);
      REQUIRE(sent->has_value());
      INFO(email << ": " << (*sent)->last_error);
      CHECK((*sent)->status == storage::OutboxStatus::kSent);
    }

    const auto path = maildir.path_for(daemon::digest_key(today, "ann@council.gov.uk"));
    REQUIRE(std::filesystem::exists(path));
    const auto mail = test::parse_mail(test::read_text(path));
    CHECK(mail.header("to") == "Ann Adviser <ann@council.gov.uk>");
    CHECK(mail.header("subject") == "Your schools' deadlines, Monday 21 December 2026: 2 due soon, 0 overdue");
    CHECK(mail.header("message-id") == "<digest/2026-12-21/ann=40council.gov.uk@sif>");
    CHECK(mail.header("x-sif-school").empty());
    CHECK(mail.header("x-sif-template") == "daily-digest");
    const std::string body = test::decode_qp(mail.body);
    for (const char* line : {"Dear Ann Adviser,\n",
                             "on Monday 21 December 2026.\n\n"
                             "DUE IN THE NEXT 10 WORKING DAYS, TO Thursday 7 January 2027 (2)\n\n"
                             "Wednesday 30 December 2026, in 5 working days\n"
                             "* Brook Primary (URN 120001): End of the warning notice compliance period\n"
                             "  Warning notice to the governing body, stage \"Warning notice issued; compliance period "
                             "running\".\n\n"
                             "Thursday 7 January 2027, in 10 working days\n"
                             "* Ash Academy (URN 120002): End of the warning notice compliance period\n"
                             "  Warning notice to the governing body, stage \"Warning notice issued; compliance period "
                             "running\".\n\n"
                             "Working days exclude weekends and bank holidays",
                             "<h3>Wednesday 30 December 2026, in 5 working days</h3>",
                             "<li><strong>Brook Primary</strong> (URN 120001): "
                             "End of the warning notice compliance period<br>"}) {
      INFO(body);
      CHECK(body.find(line) != std::string::npos);
    }
    CHECK(body.find("OVERDUE") == std::string::npos);
    CHECK(text_part(body).find("\n\n\n") == std::string::npos);  // no stray blank lines
    CHECK(body.find("Elm Junior") == std::string::npos);  // Bob's school

    const auto lead = test::parse_mail(test::read_text(maildir.path_for(daemon::digest_key(today, "lead@council.gov.uk"))));
    CHECK(lead.header("to") == "Lee Lead <lead@council.gov.uk>");
    CHECK(test::decode_qp(lead.body).find("* Elm Junior (URN 120003)") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(maildir.path_for(daemon::digest_key(today, "cat@council.gov.uk"))));
  }
}

TEST_CASE("digest: a deadline passed while the school stayed in its state is overdue",
          "[notifications][digest]") {
  test::TempDir dir;
  daemon::ManualClock clock(test::utc(2026, 12, 1, 10));
  daemon::Engine engine(shipped_config(), open_db(dir.path() / "sif.db"), clock);
  school_with_warning_notice(engine, clock, leicester_school("120001", "Brook Primary", "Ann Adviser", "ann@council.gov.uk"),
                             make_date(2026, 12, 7));
  // Bob's school: a warning notice issued Mon 1 Feb 2027 ends its compliance period on
  // Mon 22 Feb, 3 working days after Wed 17 Feb (18, 19, 22).
  school_with_warning_notice(engine, clock, leicester_school("120002", "Ash Academy", "Bob Adviser", "bob@council.gov.uk"),
                             make_date(2027, 2, 1));
  // The Schools Intervention Group's half-termly review (7.4): on the register from Mon 7 Dec
  // 2026, the first half-term ending two weeks on is Spring 1, to Fri 12 Feb 2027. It fires on
  // the next working day, Mon 15 Feb, with the formal meeting and plan still not recorded, and
  // the school stays on the register: overdue from then until they are.
  clock.set(test::utc(2027, 2, 17, 7));
  REQUIRE(engine.fire_due(clock.now_utc()));
  auto stored = engine.database().load_school("120001");
  REQUIRE(stored);
  REQUIRE(stored->has_value());
  const workflows::Instance* concern = nullptr;
  for (const auto& inst : (*stored)->state.instances) {
    if (inst.workflow == "causing_concern") concern = &inst;
  }
  REQUIRE(concern);
  REQUIRE(concern->overdue.size() == 1);
  CHECK(concern->overdue[0].due == make_date(2027, 2, 12));

  const auto now = daemon::to_unix_seconds(clock.now_utc());
  auto n = daemon::enqueue_digests(engine.database(), *shipped_config(), kDefaults, make_date(2027, 2, 17),
                                   DigestOptions{}, now);
  REQUIRE(n);
  CHECK(*n == 3);  // Ann (overdue only), Bob (due only) and the lead (both)
  const auto pending = digests(engine.database());
  const auto& d = pending.at("ann@council.gov.uk").data;
  CHECK(value(d, "digest.overdue_count") == "1");
  CHECK(value(d, "digest.has_overdue") == "yes");
  CHECK(value(d, "overdue[0].school.id") == "120001");
  CHECK(value(d, "overdue[0].title") == concern->overdue[0].title);
  CHECK(value(d, "overdue[0].due.words") == "Friday 12 February 2027");
  CHECK(value(d, "overdue[0].working_days") == "3");  // Mon 15, Tue 16, Wed 17
  CHECK(value(d, "overdue[0].when") == "3 working days overdue");
  CHECK(value(d, "digest.due_count") == "0");  // the next review (Fri 19 Mar) is beyond the horizon
  CHECK(d.count("days[0].date") == 0);
  const auto& lead = pending.at("lead@council.gov.uk").data;
  CHECK(value(lead, "overdue[0].school.id") == "120001");
  CHECK(due_items(lead) == std::vector<Item>{{"120002", kCompliance, "2027-02-22", "in 3 working days"}});
  CHECK(value(pending.at("bob@council.gov.uk").data, "digest.overdue_count") == "0");

  notifications::MaildirConfig mc;
  mc.dir = dir.path() / "notices";
  notifications::MaildirChannel maildir{mc};
  notifications::DispatcherOptions options;
  options.templates_dir = std::string(SIF_SOURCE_DIR) + "/config/templates";
  options.default_contacts = kDefaults;
  notifications::Dispatcher dispatcher{engine.database(), maildir, options};
  dispatcher.drain_once(clock.now_utc());
  const auto mail = test::parse_mail(
      test::read_text(maildir.path_for(daemon::digest_key(make_date(2027, 2, 17), "ann@council.gov.uk"))));
  CHECK(mail.header("subject") == "Your schools' deadlines, Wednesday 17 February 2027: 0 due soon, 1 overdue");
  const std::string body = test::decode_qp(mail.body);
  INFO(body);
  CHECK(body.find("on Wednesday 17 February 2027.\n\nOVERDUE (1)\n\n* Brook Primary (URN 120001): " +
                  concern->overdue[0].title + "\n  Was due Friday 12 February 2027: 3 working days overdue.\n") !=
        std::string::npos);
  CHECK(body.find("\".\n\nNothing else falls due in the next 10 working days (to Wednesday 3 March 2027).\n\n"
                  "Working days") != std::string::npos);
  CHECK(body.find("DUE IN THE NEXT") == std::string::npos);
  CHECK(text_part(body).find("\n\n\n") == std::string::npos);

  // Both sections, one after the other.
  const std::string lead_body = text_part(test::decode_qp(
      test::parse_mail(
          test::read_text(maildir.path_for(daemon::digest_key(make_date(2027, 2, 17), "lead@council.gov.uk"))))
          .body));
  INFO(lead_body);
  CHECK(lead_body.find("Dear Lee Lead,\n") != std::string::npos);
  CHECK(lead_body.find("\".\n\nDUE IN THE NEXT 10 WORKING DAYS, TO Wednesday 3 March 2027 (1)\n\n"
                       "Monday 22 February 2027, in 3 working days\n* Ash Academy (URN 120002): ") != std::string::npos);
  CHECK(lead_body.find("OVERDUE (1)") < lead_body.find("DUE IN THE NEXT"));
  CHECK(lead_body.find("Nothing else") == std::string::npos);
  CHECK(lead_body.find("\n\n\n") == std::string::npos);
}

TEST_CASE("digest: keys are stable, case-insensitive and valid in a Message-ID", "[notifications][digest]") {
  const auto d = make_date(2026, 12, 21);
  CHECK(daemon::digest_key(d, "Ann.Adviser@Leicester.gov.uk") == "digest/2026-12-21/ann.adviser=40leicester.gov.uk");
  CHECK(daemon::digest_key(d, "a=b@x.org") == "digest/2026-12-21/a=3Db=40x.org");
  CHECK(daemon::digest_key(d, "a@b=x.org") != daemon::digest_key(d, "a=40b@x.org"));
  CHECK(daemon::digest_key(d, "o'neil+si@x.org") == "digest/2026-12-21/o=27neil+si=40x.org");
}

TEST_CASE("digest: a school on a framework that is not loaded is named", "[notifications][digest]") {
  test::TempDir dir;
  daemon::ManualClock clock(test::utc(2026, 12, 1, 10));
  daemon::Engine engine(shipped_config(), open_db(dir.path() / "sif.db"), clock);
  REQUIRE(engine.register_school(leicester_school("120001", "Brook Primary", "Ann", "ann@council.gov.uk"), "3", "o"));
  auto other = std::make_shared<config::ConfigSet>(*shipped_config());
  other->frameworks.erase("leicester-2007");
  auto r = daemon::enqueue_digests(engine.database(), *other, kDefaults, make_date(2026, 12, 21), DigestOptions{}, 0);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == workflows::ErrorCode::kInvalidInput);
  CHECK_THAT(r.error().message, Catch::Contains("120001") && Catch::Contains("leicester-2007"));

  DigestOptions negative;
  negative.horizon_working_days = -1;
  CHECK_FALSE(daemon::enqueue_digests(engine.database(), *shipped_config(), kDefaults, make_date(2026, 12, 21),
                                      negative, 0));
}
