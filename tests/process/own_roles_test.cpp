// A role a framework declares of its own, through a running sifd on the shipped definitions:
// Telford's review_team_chair (the senior school improvement officer who chairs the half-termly
// Review Team) takes a school's contact (POST /v1/schools) and an LA-wide one (sifd.yaml
// notifications.contacts), the Review Team prompt reaches that officer on its real date, a
// school with no such contact sees the prompt dead naming the role (as for any role), and a
// framework that does not declare it refuses the contact.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "tests/notifications/test_util.hpp"
#include "tests/process/sifd_process.hpp"

using sif::test::SifdProcess;
namespace json = boost::json;

namespace {

const std::filesystem::path kShipped = std::filesystem::path(SIF_SOURCE_DIR) / "config";

// The school's own contacts: the head, the chair of governors and the School Adviser, and
// `extra` (JSON members, with a leading comma) beside them.
std::string telford_school(const std::string& id, const std::string& extra = {}) {
  return R"({"id":")" + id + R"(","name":"Hadley Learning Community )" + id +
         R"(","la":"Telford and Wrekin","framework":"telford-2014","type":"community","phase":"primary",)"
         R"("contacts":{"headteacher":{"name":"Hana Head","email":"head)" + id + R"(@hadley.sch.uk"},)"
         R"("chair_of_governors":{"name":"Gil Chair","email":"cog)" + id + R"(@hadley.sch.uk"},)"
         R"("link_adviser":{"name":"Ada Adviser","email":"ada@telford.gov.uk"})" + extra + "}}";
}

// The outbox rows of one template, newest first.
std::vector<json::object> notices_of(const SifdProcess& d, const std::string& tmpl, const std::string& status = "all") {
  std::vector<json::object> out;
  const json::value v = d.get_json("/v1/notices?status=" + status + "&template=" + tmpl);
  if (!v.is_object()) return out;
  for (const auto& n : v.at("notices").as_array()) out.push_back(n.as_object());
  return out;
}

std::string school_of(const json::object& n) { return n.contains("school") ? json::value_to<std::string>(n.at("school")) : ""; }

std::vector<std::string> emails(const json::value& list) {
  std::vector<std::string> out;
  for (const auto& a : list.as_array()) out.push_back(json::value_to<std::string>(a.at("email")));
  return out;
}

// Registers `body`, then records category 3 on Tuesday 22 September 2026 (a first entry).
void into_category_3(SifdProcess& d, const std::string& id, const std::string& body) {
  auto reg = d.call("POST", "/v1/schools", body);
  INFO(reg.body);
  REQUIRE(reg.status == 201);
  auto ev = d.call("POST", "/v1/schools/" + id + "/events",
                   R"({"type":"category.agreed","data":{"category":"3","date":"2026-09-22"}})", sif::test::kOfficerToken);
  INFO(ev.body);
  REQUIRE(ev.status == 200);
}

}  // namespace

TEST_CASE("process: a Telford school in category 3 gets the Review Team prompt addressed to its chair",
          "[process][telford-2014][roles]") {
  SifdProcess d("own-role", kShipped);
  // The Assistant Director and a default chair for the authority, LA-wide in sifd.yaml.
  d.set_extra_settings(
      "notifications:\n"
      "  contacts:\n"
      "    la_lead: { name: Alex Director, email: ad@telford.gov.uk }\n"
      "    review_team_chair: { name: Pat Lead, email: pat.lead@telford.gov.uk }\n");
  std::string why;
  REQUIRE(d.start("2026-09-22T07:00:00Z", &why));
  INFO(why);

  // 300001 names its own chair; 300002 has the authority's.
  into_category_3(d, "300001",
                  telford_school("300001", R"(,"review_team_chair":{"name":"Sam Senior","email":"sam.senior@telford.gov.uk"})"));
  into_category_3(d, "300002", telford_school("300002"));
  auto shown = d.get_json("/v1/schools/300001");
  INFO(json::serialize(shown));
  // The Review Team meets each real half-term: entered on Tuesday 22 September 2026, the school's
  // first is Autumn 1, to Friday 23 October on the default pattern. With no meeting recorded the
  // chair is prompted 10 working days before that day: nothing on Thursday 8 October, the
  // prompt on Friday 9 October, at 08:00.
  CHECK(json::serialize(shown).find("\"due\":\"2026-10-23\"") != std::string::npos);
  REQUIRE(d.call("POST", "/v1/clock", R"({"to":"2026-10-08T09:00:00Z"})").status == 200);
  CHECK(notices_of(d, "telford-review-team-due").empty());
  REQUIRE(d.call("POST", "/v1/clock", R"({"to":"2026-10-09T09:00:00Z"})").status == 200);
  REQUIRE(sif::test::wait_until([&] { return notices_of(d, "telford-review-team-due", "sent").size() == 2; }));

  for (const auto& n : notices_of(d, "telford-review-team-due", "sent")) {
    const std::string school = school_of(n);
    INFO(school << ": " << json::serialize(n));
    const json::value& rcpt = n.at("recipients");
    CHECK(json::value_to<std::string>(n.at("sent_at")).rfind("2026-10-09", 0) == 0);
    if (school == "300001") {
      CHECK(emails(rcpt.at("to")) == std::vector<std::string>{"sam.senior@telford.gov.uk"});
    } else {
      CHECK(school == "300002");
      CHECK(emails(rcpt.at("to")) == std::vector<std::string>{"pat.lead@telford.gov.uk"});
    }
    CHECK(json::value_to<std::string>(rcpt.at("to").at(0).at("role")) == "review_team_chair");
    CHECK(emails(rcpt.at("cc")).empty());  // a reminder goes to the one who arranges the meeting
  }
  // The letter, as sent, speaks to the chair.
  const auto first = notices_of(d, "telford-review-team-due", "sent");
  REQUIRE_FALSE(first.empty());
  const json::value one = d.get_json("/v1/notices/" + std::to_string(first.front().at("id").as_int64()));
  const std::string body = json::value_to<std::string>(one.at("body"));
  INFO(body);
  CHECK((body.find("Dear Sam Senior,") != std::string::npos || body.find("Dear Pat Lead,") != std::string::npos));
  CHECK(body.find("you chair the meeting and report through\nminutes to the school and senior officers") !=
        std::string::npos);
  CHECK(body.find("none is recorded yet; the half term's last teaching day is Friday 23 October 2026") !=
        std::string::npos);
  CHECK(body.find("Copies:") == std::string::npos);
}

TEST_CASE("process: contacts for a framework's own role are accepted only where the framework declares it",
          "[process][roles]") {
  SifdProcess d("own-role-api", kShipped);
  d.set_extra_settings(
      "notifications:\n"
      "  contacts:\n"
      "    la_lead: { name: Alex Director, email: ad@telford.gov.uk }\n");
  std::string why;
  REQUIRE(d.start("2026-09-22T07:00:00Z", &why));
  INFO(why);

  SECTION("Telford declares review_team_chair: accepted and kept with the school") {
    auto reg = d.call("POST", "/v1/schools",
                      telford_school("300011", R"(,"review_team_chair":{"name":"Sam Senior","email":"sam@telford.gov.uk"})"));
    INFO(reg.body);
    REQUIRE(reg.status == 201);
    CHECK(json::serialize(d.get_json("/v1/schools/300011")).find("sam@telford.gov.uk") != std::string::npos);
    // GET /v1/frameworks/telford-2014 says which of its roles are its own.
    const json::value fw = d.get_json("/v1/frameworks/telford-2014");
    INFO(json::serialize(fw));
    CHECK(json::serialize(fw.at("own_roles")) == R"(["review_team_chair"])");
    CHECK(json::value_to<std::string>(fw.at("roles").at("review_team_chair")) ==
          "Senior school improvement officer (chair of the Review Team)");
  }
  SECTION("Wiltshire does not: 400 naming the field and Wiltshire's roles, nothing registered") {
    auto reg = d.call("POST", "/v1/schools",
                      R"({"id":"300012","name":"Avon Primary","la":"Wiltshire","framework":"wiltshire-2019",)"
                      R"("contacts":{"review_team_chair":{"name":"Sam Senior","email":"sam@telford.gov.uk"}}})");
    INFO(reg.body);
    CHECK(reg.status == 400);
    const json::value e = json::parse(reg.body).at("error");
    CHECK(json::serialize(e).find("contacts.review_team_chair") != std::string::npos);
    const std::string message = json::value_to<std::string>(e.at("message"));
    CHECK(message.rfind("'review_team_chair' is not a role of wiltshire-2019; its roles: headteacher, ", 0) == 0);
    CHECK(message.find("link_adviser") != std::string::npos);
    CHECK(message.find("review_team_chair", 5) == std::string::npos);
    CHECK(d.call("GET", "/v1/schools/300012").status == 404);
  }
  SECTION("a misspelt role is refused with the role meant, for Telford's own and a canonical one") {
    auto own = d.call("POST", "/v1/schools",
                      telford_school("300013", R"(,"review_team_chiar":{"name":"Sam","email":"sam@telford.gov.uk"})"));
    CHECK(own.status == 400);
    CHECK(own.body.find("'review_team_chiar' is not a role of telford-2014 (did you mean 'review_team_chair'?)") !=
          std::string::npos);
    auto canonical = d.call("POST", "/v1/schools",
                            telford_school("300014", R"(,"link_advisor":{"name":"Lee","email":"lee@telford.gov.uk"})"));
    CHECK(canonical.status == 400);
    CHECK(canonical.body.find("'link_advisor' is not a role of telford-2014 (did you mean 'link_adviser'?)") !=
          std::string::npos);
    CHECK(canonical.body.find("review_team_chair") != std::string::npos);  // Telford's roles are listed
  }
  SECTION("no contact for the chair anywhere: the prompt is dead, naming the role, as for any role") {
    into_category_3(d, "300015", telford_school("300015"));
    REQUIRE(d.call("POST", "/v1/clock", R"({"to":"2026-11-23T09:00:00Z"})").status == 200);
    REQUIRE(sif::test::wait_until([&] { return notices_of(d, "telford-review-team-due", "dead").size() == 1; }));
    const json::object n = notices_of(d, "telford-review-team-due", "dead").front();
    INFO(json::serialize(n));
    const std::string error = json::value_to<std::string>(n.at("last_error"));
    CHECK(error.find("permanent failure") != std::string::npos);
    CHECK(error.find("no email address for role review_team_chair at school 300015") != std::string::npos);
    CHECK(json::value_to<std::string>(n.at("recipients_error")).find("review_team_chair") != std::string::npos);
    // The category 3 letter of the same school, to roles it has contacts for, went.
    CHECK(notices_of(d, "telford-category-3", "sent").size() == 1);
  }
}
