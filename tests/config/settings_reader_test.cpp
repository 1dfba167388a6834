// config::SettingsReader and the value parsers under sifd.yaml: each read gives a typed value
// or one located diagnostic that names the setting and what to write.
#include <catch2/catch.hpp>

#include "config/settings_reader.hpp"
#include "workflows/date.hpp"

using namespace sif;
using config::Diagnostic;

namespace {

struct Read {
  std::vector<Diagnostic> diags;
  config::YamlReader yaml{"s.yaml", &diags};
  config::SettingsReader r{yaml};
  YAML::Node root;
  explicit Read(const std::string& text) { root = *r.load(text); }
  std::string only() const {
    REQUIRE(diags.size() == 1);
    return diags[0].str();
  }
};

}  // namespace

TEST_CASE("settings: a time of day is HH:MM, parsed once into minutes", "[config][settings]") {
  CHECK(config::parse_time_of_day("08:00")->minutes == 480);
  CHECK(config::parse_time_of_day("00:00")->minutes == 0);
  CHECK(config::parse_time_of_day("23:59")->minutes == 1439);
  CHECK(config::parse_time_of_day("07:05")->str() == "07:05");
  CHECK_FALSE(config::parse_time_of_day("24:00"));
  CHECK_FALSE(config::parse_time_of_day("12:60"));
  CHECK_FALSE(config::parse_time_of_day("8:00"));
  CHECK_FALSE(config::parse_time_of_day("08-00"));
  CHECK_FALSE(config::parse_time_of_day("7am"));
  CHECK_FALSE(config::parse_time_of_day(""));
}

TEST_CASE("settings: an instant needs its offset", "[config][settings]") {
  const auto sept1 = std::chrono::system_clock::time_point(workflows::make_date(2026, 9, 1));
  CHECK(config::parse_utc_instant("2026-09-01T07:00:00Z") == sept1 + std::chrono::hours(7));
  CHECK(config::parse_utc_instant("2026-09-01T07:00Z") == sept1 + std::chrono::hours(7));
  CHECK(config::parse_utc_instant("2026-09-01T08:00:30+01:00") == sept1 + std::chrono::hours(7) + std::chrono::seconds(30));
  CHECK(config::parse_utc_instant("2026-09-01T02:00-05:00") == sept1 + std::chrono::hours(7));
  CHECK_FALSE(config::parse_utc_instant("2026-09-01"));             // a date: midnight where?
  CHECK_FALSE(config::parse_utc_instant("2026-09-01T07:00:00"));    // no offset
  CHECK_FALSE(config::parse_utc_instant("2026-02-30T07:00:00Z"));   // no such day
  CHECK_FALSE(config::parse_utc_instant("2026-09-01T25:00:00Z"));
  CHECK_FALSE(config::parse_utc_instant("2026-09-01T07:00:00Zjunk"));
}

TEST_CASE("settings: one email address", "[config][settings]") {
  CHECK(config::is_one_email_address("jane.smith@example.gov.uk"));
  CHECK(config::is_one_email_address("link-adviser@localhost"));
  CHECK_FALSE(config::is_one_email_address("jane"));
  CHECK_FALSE(config::is_one_email_address("@example.gov.uk"));
  CHECK_FALSE(config::is_one_email_address("jane@"));
  CHECK_FALSE(config::is_one_email_address("a@x.org, b@x.org"));
  CHECK_FALSE(config::is_one_email_address("a@b@c"));
  CHECK_FALSE(config::is_one_email_address("Jane <jane@x.org>"));
}

TEST_CASE("settings: each wrong value is one located diagnostic naming the setting", "[config][settings]") {
  SECTION("a number out of range names the range") {
    Read t("limit: 0\n");
    CHECK_FALSE(t.r.integer(t.root["limit"], "http.limit", 1, 10));
    CHECK(t.only() == "s.yaml:1:8: error: http.limit must be from 1 to 10 (found 0)");
  }
  SECTION("a word where a number belongs") {
    Read t("limit: lots\n");
    CHECK_FALSE(t.r.integer(t.root["limit"], "http.limit", 1, 10));
    CHECK(t.only() == "s.yaml:1:8: error: http.limit must be a whole number from 1 to 10 (found 'lots')");
  }
  SECTION("decimals") {
    Read t("jitter: 0.25\nbig: 1.5\n");
    CHECK(t.r.number(t.root["jitter"], "jitter", 0, 1) == 0.25);
    CHECK_FALSE(t.r.number(t.root["big"], "jitter", 0, 1));
    CHECK(t.only() == "s.yaml:2:6: error: jitter must be from 0 to 1 (found 1.5)");
  }
  SECTION("one of a list, with a did-you-mean") {
    Read t("mode: manaul\n");
    CHECK_FALSE(t.r.word(t.root["mode"], "clock.mode", {"system", "manual"}));
    CHECK(t.only() == "s.yaml:1:7: error: clock.mode 'manaul' is not one of system, manual (did you mean 'manual'?)");
  }
  SECTION("a time of day") {
    Read t("at: \"07:30\"\nlate: \"7am\"\n");
    CHECK(t.r.time_of_day(t.root["at"], "digest.at") == config::TimeOfDay{450});
    CHECK_FALSE(t.r.time_of_day(t.root["late"], "digest.at"));
    CHECK(t.only() ==
          "s.yaml:2:7: error: digest.at must be a time of day written HH:MM (00:00 to 23:59), not '7am' "
          "(e.g. \"07:00\", in quotes)");
  }
  SECTION("an instant outside the calendar's span") {
    Read t("start: 2090-01-01T00:00:00Z\n");
    CHECK_FALSE(t.r.instant(t.root["start"], "clock.start"));
    CHECK(t.only().find("s.yaml:1:8: error: clock.start '2090-01-01T00:00:00Z' is outside the dates sif's calendar knows") == 0);
  }
  SECTION("a list where a value belongs") {
    Read t("url: [a, b]\n");
    CHECK_FALSE(t.r.url(t.root["url"], "webhook.url", {"http://", "https://"}));
    CHECK(t.only() == "s.yaml:1:6: error: webhook.url must be a single value (found a list)");
  }
  SECTION("contacts: canonical roles and one address each, every mistake reported") {
    Read t("contacts:\n"
           "  ofsetd: { name: Ofsted, email: enquiries@ofsted.gov.uk }\n"
           "  director: { name: DCS, emial: dcs@x.gov.uk }\n"
           "  headteacher: { name: Head, email: head }\n"
           "  la_lead: { name: Lead, email: lead@x.gov.uk }\n");
    std::map<std::string, workflows::Contact> out;
    t.r.contacts(t.root["contacts"], "default_contacts", &out);
    REQUIRE(t.diags.size() == 3);
    CHECK(t.diags[0].str() == "s.yaml:2:3: error: default_contacts: 'ofsetd' is not a canonical role (did you mean 'ofsted'?)");
    CHECK(t.diags[1].str() == "s.yaml:3:26: error: unknown key 'emial' in default_contacts.director (did you mean 'email'?)");
    CHECK(t.diags[2].str() ==
          "s.yaml:4:37: error: default_contacts.headteacher.email 'head' is not one email address (write one address "
          "like jane.smith@example.gov.uk)");
    CHECK(out.size() == 1);
    CHECK(out.at("la_lead").email == "lead@x.gov.uk");
  }
  SECTION("a syntax error is located too") {
    std::vector<Diagnostic> diags;
    config::YamlReader yaml("s.yaml", &diags);
    config::SettingsReader r(yaml);
    CHECK_FALSE(r.load("listen: [127.0.0.1:8080\ndb: x\n"));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].str().rfind("s.yaml:", 0) == 0);
    CHECK(diags[0].message.find("YAML syntax error") == 0);
  }
}

TEST_CASE("settings: a contact for a framework's own role waits for the definitions, located", "[config][settings]") {
  Read t("contacts:\n"
         "  review_team_chair: { name: Sam Senior, email: sam.senior@telford.gov.uk }\n"
         "  link_advisor: { name: Lee, email: lee@x.gov.uk }\n"
         "  Review Chair: { name: Pat, email: pat@x.gov.uk }\n"
         "  review_team_chiar: { name: Kim, email: kim@x.gov.uk }\n"
         "  ofsted: { name: Ofsted, email: enquiries@ofsted.gov.uk }\n");
  std::map<std::string, workflows::Contact> out;
  std::vector<config::OwnRoleContact> own;
  t.r.contacts(t.root["contacts"], "notifications.contacts", &out, &own);
  // A slip for a canonical role, and a key no role could have, are refused at once.
  REQUIRE(t.diags.size() == 2);
  CHECK(t.diags[0].str() ==
        "s.yaml:3:3: error: notifications.contacts: 'link_advisor' is not a canonical role (did you mean 'link_adviser'?)");
  CHECK(t.diags[1].str().rfind("s.yaml:4:3: error: notifications.contacts: 'Review Chair' is not a canonical role", 0) == 0);
  CHECK(out.size() == 3);
  CHECK(out.at("review_team_chair").email == "sam.senior@telford.gov.uk");
  REQUIRE(own.size() == 2);
  CHECK(own[0].role == "review_team_chair");
  CHECK(own[0].loc.str() == "s.yaml:2:3");
  CHECK(own[1].role == "review_team_chiar");

  // Against the shipped definitions: Telford declares review_team_chair; nothing declares the
  // misspelling, which is named at its line with the role meant.
  std::vector<Diagnostic> defs;
  auto shipped = config::load_config_dir(config::default_config_dir(), &defs);
  REQUIRE(shipped);
  std::vector<Diagnostic> late;
  config::check_own_role_contacts(own, **shipped, &late);
  REQUIRE(late.size() == 1);
  CHECK(late[0].str() ==
        "s.yaml:5:3: error: notifications.contacts: 'review_team_chiar' is neither a canonical role nor a role any "
        "framework declares (own: true) (did you mean 'review_team_chair'?)");

  // Without `own`, as for digest roles, only canonical roles are accepted.
  Read canonical_only("contacts:\n  review_team_chair: { name: Sam, email: sam@x.gov.uk }\n");
  std::map<std::string, workflows::Contact> none;
  canonical_only.r.contacts(canonical_only.root["contacts"], "default_contacts", &none);
  CHECK(canonical_only.only().rfind("s.yaml:2:3: error: default_contacts: 'review_team_chair' is not a canonical role", 0) == 0);
  CHECK(none.empty());
}
