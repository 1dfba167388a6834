// A registered school's contacts change through the API (PUT and DELETE
// /v1/schools/{id}/contacts/{role}), on the shipped definitions: a Telford school whose Review
// Team prompt went dead because nobody was named as the Review Team's chair gets a chair, and
// the retried prompt reaches that officer; every change is in the school's audited history;
// whatever is wrong with a request is refused, naming what, and changes nothing.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "tests/notifications/test_util.hpp"
#include "tests/process/sifd_process.hpp"

using sif::test::SifdProcess;
namespace json = boost::json;

namespace {

const std::filesystem::path kShipped = std::filesystem::path(SIF_SOURCE_DIR) / "config";

std::vector<json::object> notices_of(const SifdProcess& d, const std::string& tmpl, const std::string& status) {
  std::vector<json::object> out;
  const json::value v = d.get_json("/v1/notices?status=" + status + "&template=" + tmpl);
  if (!v.is_object()) return out;
  for (const auto& n : v.at("notices").as_array()) out.push_back(n.as_object());
  return out;
}

std::string text(const json::value& v, std::string_view key) {
  const auto* m = v.as_object().if_contains(key);
  return m && m->is_string() ? std::string(m->as_string()) : std::string();
}

// The school's history entries of one event type.
std::vector<json::value> history_of(const SifdProcess& d, const std::string& id, const std::string& event) {
  std::vector<json::value> out;
  const json::value all = d.get_json("/v1/schools/" + id + "/history");
  for (const auto& h : all.at("history").as_array()) {
    if (text(h, "event") == event) out.push_back(h);
  }
  return out;
}

std::int64_t seq_of(const SifdProcess& d, const std::string& id) {
  return d.get_json("/v1/schools/" + id).at("seq").as_int64();
}

const json::value* contact_of(const json::value& school, const std::string& role) {
  return school.at("school").at("contacts").as_object().if_contains(role);
}

}  // namespace

TEST_CASE("process: a school's contact for a role is set, changed and removed through the API, audited, "
          "and a dead notice retried goes to the new contact",
          "[process][roles][contacts]") {
  SifdProcess d("contacts", kShipped);
  std::string why;
  REQUIRE(d.start("2026-09-22T07:00:00Z", &why));
  INFO(why);
  const std::string id = "300021";
  auto reg = d.call("POST", "/v1/schools",
                    R"({"id":"300021","name":"Hadley Learning Community","la":"Telford and Wrekin",)"
                    R"("framework":"telford-2014","type":"community","phase":"primary",)"
                    R"("contacts":{"headteacher":{"name":"Hana Head","email":"head@hadley.sch.uk"},)"
                    R"("chair_of_governors":{"name":"Gil Chair","email":"cog@hadley.sch.uk"},)"
                    R"("link_adviser":{"name":"Ada Adviser","email":"ada@telford.gov.uk"},)"
                    R"("la_lead":{"name":"Alex Director","email":"ad@telford.gov.uk"}}})");
  INFO(reg.body);
  REQUIRE(reg.status == 201);
  auto cat = d.call("POST", "/v1/schools/" + id + "/events",
                    R"({"type":"category.agreed","data":{"category":"3","date":"2026-09-22"}})", sif::test::kOfficerToken);
  INFO(cat.body);
  REQUIRE(cat.status == 200);

  // Monday 23 November 2026: the Review Team prompt is due, and nobody is its chair.
  REQUIRE(d.call("POST", "/v1/clock", R"({"to":"2026-11-23T09:00:00Z"})").status == 200);
  REQUIRE(sif::test::wait_until([&] { return notices_of(d, "telford-review-team-due", "dead").size() == 1; }));
  const std::int64_t dead_id = notices_of(d, "telford-review-team-due", "dead").front().at("id").as_int64();

  // The chair is named for this school, by an admin.
  const std::int64_t before = seq_of(d, id);
  auto put = d.call("PUT", "/v1/schools/" + id + "/contacts/review_team_chair",
                    R"({"name":"Sam Senior","email":"sam.senior@telford.gov.uk","actor":"Ops desk"})");
  INFO(put.body);
  REQUIRE(put.status == 200);
  const json::value answer = json::parse(put.body);
  CHECK(answer.at("changed") == true);
  CHECK(text(answer, "role") == "review_team_chair");
  CHECK(text(answer.at("contact"), "email") == "sam.senior@telford.gov.uk");
  CHECK(answer.at("seq").as_int64() == before + 1);

  const json::value school = d.get_json("/v1/schools/" + id);
  REQUIRE(contact_of(school, "review_team_chair"));
  CHECK(text(*contact_of(school, "review_team_chair"), "name") == "Sam Senior");
  CHECK(text(*contact_of(school, "headteacher"), "email") == "head@hadley.sch.uk");  // the others stay
  // The school's state did not move: the change is an entry in its history, in the state it is in.
  const auto changes = history_of(d, id, "school.contact.changed");
  REQUIRE(changes.size() == 1);
  CHECK(text(changes[0], "actor") == "Ops desk");
  CHECK(text(changes[0], "date") == "2026-11-23");
  CHECK(text(changes[0], "from") == text(changes[0], "to"));
  CHECK(text(changes[0], "note") == "contact for review_team_chair set: Sam Senior <sam.senior@telford.gov.uk>");

  // The dead prompt, retried, is routed now: to the chair.
  auto retry = d.call("POST", "/v1/notices/" + std::to_string(dead_id) + "/retry", "{}", sif::test::kOfficerToken);
  INFO(retry.body);
  REQUIRE(retry.status == 200);
  REQUIRE(sif::test::wait_until([&] { return notices_of(d, "telford-review-team-due", "sent").size() == 1; }));
  const json::object sent = notices_of(d, "telford-review-team-due", "sent").front();
  INFO(json::serialize(sent));
  CHECK(sent.at("id").as_int64() == dead_id);
  CHECK(text(sent.at("recipients").at("to").at(0), "email") == "sam.senior@telford.gov.uk");

  // The same contact again: nothing is recorded.
  auto again = d.call("PUT", "/v1/schools/" + id + "/contacts/review_team_chair",
                      R"({"name":"Sam Senior","email":"sam.senior@telford.gov.uk"})");
  INFO(again.body);
  REQUIRE(again.status == 200);
  CHECK(json::parse(again.body).at("changed") == false);
  CHECK(seq_of(d, id) == before + 1);
  CHECK(history_of(d, id, "school.contact.changed").size() == 1);

  // A new chair: the note says who it was.
  auto changed = d.call("PUT", "/v1/schools/" + id + "/contacts/review_team_chair",
                        R"({"name":"Pat Lead","email":"pat.lead@telford.gov.uk"})");
  REQUIRE(changed.status == 200);
  REQUIRE(history_of(d, id, "school.contact.changed").size() == 2);
  CHECK(text(history_of(d, id, "school.contact.changed")[1], "note") ==
        "contact for review_team_chair changed from Sam Senior <sam.senior@telford.gov.uk> to Pat Lead "
        "<pat.lead@telford.gov.uk>");

  // Removed: the school has no chair of its own any more.
  auto removed = d.call("DELETE", "/v1/schools/" + id + "/contacts/review_team_chair?actor=Ops%20desk");
  INFO(removed.body);
  REQUIRE(removed.status == 200);
  CHECK(json::parse(removed.body).at("contact").is_null());
  const json::value after = d.get_json("/v1/schools/" + id);
  CHECK(contact_of(after, "review_team_chair") == nullptr);
  REQUIRE(history_of(d, id, "school.contact.changed").size() == 3);
  CHECK(text(history_of(d, id, "school.contact.changed")[2], "note") ==
        "contact for review_team_chair removed (was Pat Lead <pat.lead@telford.gov.uk>)");

  // Every change is in the hash chain.
  auto verify = d.call("POST", "/v1/audit/verify", "{}");
  INFO(verify.body);
  CHECK(json::parse(verify.body).at("ok") == true);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: a contact change that cannot be made is refused, naming what is wrong, and changes nothing",
          "[process][roles][contacts]") {
  SifdProcess d("contacts-bad", kShipped);
  std::string why;
  // 06:00 in London: before the frameworks' 08:00 fire time, so no timer moves the school's seq.
  REQUIRE(d.start("2026-09-22T05:00:00Z", &why));
  INFO(why);
  auto reg = d.call("POST", "/v1/schools",
                    R"({"id":"300031","name":"Avon Primary","la":"Wiltshire","framework":"wiltshire-2019",)"
                    R"("contacts":{"headteacher":{"name":"Hana Head","email":"head@avon.sch.uk"}}})");
  INFO(reg.body);
  REQUIRE(reg.status == 201);
  const std::int64_t seq = seq_of(d, "300031");
  const std::string chair = R"({"name":"Sam Senior","email":"sam@telford.gov.uk"})";

  auto code_of = [](const sif::daemon::ClientResponse& r) {
    return text(json::parse(r.body).at("error"), "code");
  };
  // A role Wiltshire does not have (it is Telford's own).
  auto own = d.call("PUT", "/v1/schools/300031/contacts/review_team_chair", chair);
  INFO(own.body);
  CHECK(own.status == 400);
  CHECK(code_of(own) == "bad_request");
  CHECK(own.body.find("'review_team_chair' is not a role of wiltshire-2019; its roles: headteacher") != std::string::npos);
  // A misspelt one, with the role meant.
  auto misspelt = d.call("PUT", "/v1/schools/300031/contacts/chair_of_govenors", chair);
  CHECK(misspelt.status == 400);
  CHECK(misspelt.body.find("(did you mean 'chair_of_governors'?)") != std::string::npos);
  // No such school.
  auto none = d.call("PUT", "/v1/schools/999999/contacts/headteacher", chair);
  CHECK(none.status == 404);
  CHECK(code_of(none) == "not_found");
  // A field a contact does not have, a contact with nothing in it, a header in an email.
  auto phone = d.call("PUT", "/v1/schools/300031/contacts/headteacher", R"({"name":"Hana","phone":"01225"})");
  CHECK(phone.status == 400);
  CHECK(phone.body.find("'phone' is not a field of a contact") != std::string::npos);
  auto empty = d.call("PUT", "/v1/schools/300031/contacts/headteacher", "{}");
  CHECK(empty.status == 400);
  CHECK(empty.body.find("at least one of name, email, address") != std::string::npos);
  auto header = d.call("PUT", "/v1/schools/300031/contacts/headteacher",
                       R"({"email":"head@avon.sch.uk\r\nBcc: someone@elsewhere.example"})");
  CHECK(header.status == 400);
  CHECK(header.body.find("contact.email") != std::string::npos);
  // Removing a contact the school does not have.
  auto missing = d.call("DELETE", "/v1/schools/300031/contacts/chair_of_governors");
  CHECK(missing.status == 404);
  CHECK(missing.body.find("has no contact for chair_of_governors") != std::string::npos);
  // An officer may not redirect a school's letters; only an admin.
  auto officer = d.call("PUT", "/v1/schools/300031/contacts/headteacher", chair, sif::test::kOfficerToken);
  CHECK(officer.status == 403);

  CHECK(seq_of(d, "300031") == seq);
  CHECK(history_of(d, "300031", "school.contact.changed").empty());
  const json::value school = d.get_json("/v1/schools/300031");
  REQUIRE(contact_of(school, "headteacher"));
  CHECK(text(*contact_of(school, "headteacher"), "email") == "head@avon.sch.uk");
  CHECK(d.stop() == 0);
}
