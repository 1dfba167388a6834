#include "notifications/routing.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace sif::notifications {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A cheap sanity check, not RFC 5321 validation: enough to stop a postal address or a name
// typed into the email field from reaching a mail server as a recipient.
bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= e.size()) return false;
  return std::none_of(e.begin(), e.end(), [](char c) {
    return c == ' ' || c == '<' || c == '>' || c == ',' || c == '\r' || c == '\n' ||
           static_cast<unsigned char>(c) < 0x20;
  });
}

const workflows::Contact* find_contact(const std::string& role, const workflows::School& school,
                                       const Contacts& defaults) {
  if (auto it = school.contacts.find(role); it != school.contacts.end() && !it->second.email.empty()) {
    return &it->second;
  }
  if (auto it = defaults.find(role); it != defaults.end() && !it->second.email.empty()) {
    return &it->second;
  }
  return nullptr;
}

}  // namespace

workflows::Result<Recipients> route(const std::vector<std::string>& to_roles,
                                    const std::vector<std::string>& cc_roles,
                                    const workflows::School& school, const Contacts& defaults) {
  Recipients out;
  std::vector<std::string> missing;
  std::vector<std::string> bad;
  std::set<std::string> seen;  // lower-cased emails already placed

  auto place = [&](const std::vector<std::string>& roles, std::vector<Address>& into) {
    for (const auto& role : roles) {
      const auto* c = find_contact(role, school, defaults);
      if (c == nullptr) {
        missing.push_back(role);
        continue;
      }
      if (!plausible_email(c->email)) {
        bad.push_back(role + " ('" + c->email + "')");
        continue;
      }
      if (seen.insert(lower(c->email)).second) into.push_back(Address{c->name, c->email, role});
    }
  };
  place(to_roles, out.to);
  place(cc_roles, out.cc);

  const std::string where = "school " + school.id + (school.name.empty() ? "" : " (" + school.name + ")");
  if (!missing.empty() || !bad.empty()) {
    std::string msg;
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    if (!missing.empty()) msg = "no email address for role " + join(missing) + " at " + where;
    if (!bad.empty()) msg += (msg.empty() ? "" : "; ") + std::string("invalid email for role ") + join(bad) + " at " + where;
    return workflows::Error::not_found(
        msg, "add the contact to the school (POST /v1/schools) or a default for the role in the "
             "daemon config (notifications.contacts), then retry the notice");
  }
  if (out.to.empty()) {
    return workflows::Error::invalid("notice has no 'to' recipient at " + where,
                                     "name at least one role in the notice's 'to'");
  }
  return out;
}

workflows::Result<Recipients> route_to_person(const workflows::Data& data) {
  auto value = [&](const char* key) {
    auto it = data.find(key);
    return it == data.end() ? std::string{} : it->second;
  };
  const std::string email = value("recipient.email");
  if (email.empty()) {
    return workflows::Error::invalid("notice addressed to a person has no recipient.email",
                                     "a notice without a school names its recipient in its data");
  }
  if (!plausible_email(email)) {
    return workflows::Error::invalid("notice addressed to a person has an invalid recipient.email '" + email + "'",
                                     "correct the officer's contact and retry the notice");
  }
  Recipients out;
  out.to.push_back(Address{value("recipient.name"), email, value("recipient.role")});
  return out;
}

}  // namespace sif::notifications
