#include "notifications/letter.hpp"

namespace sif::notifications {

namespace {

std::string title_of(const Address& a, const workflows::Data& data) {
  if (!a.name.empty()) return a.name;
  if (auto it = data.find("role." + a.role); it != data.end() && !it->second.empty()) return it->second;
  std::string words = a.role;
  for (char& c : words) {
    if (c == '_') c = ' ';
  }
  return words.empty() ? a.email : words;
}

}  // namespace

std::string names_of(const std::vector<Address>& list, const workflows::Data& data) {
  std::string s;
  for (const auto& a : list) {
    if (!s.empty()) s += ", ";
    s += title_of(a, data);
  }
  return s;
}

workflows::Result<Recipients> recipients_of(const storage::OutboxRow& row, const workflows::School* school,
                                            const Contacts& default_contacts) {
  if (row.school.empty()) return route_to_person(row.data);
  if (!school) return workflows::Error::not_found("notice for unknown school " + row.school);
  return route(row.to, row.cc, *school, default_contacts);
}

workflows::Data letter_data(const storage::OutboxRow& row, const workflows::School* school,
                            const Recipients& recipients, workflows::Date today) {
  workflows::Data data = row.data;
  if (school) {
    data.emplace("school.id", school->id);
    data.emplace("school.name", school->name);
    data.emplace("school.la", school->la);
  }
  data.emplace("recipients.to", names_of(recipients.to, row.data));
  data.emplace("recipients.cc", names_of(recipients.cc, row.data));
  data.emplace("today", workflows::format_date(today));  // what the renderer adds, kept for
  data.emplace("today_words", workflows::format_date_words(today));  // webhook receivers
  data.emplace("today.words", workflows::format_date_words(today));
  return data;
}

workflows::Result<Rendered> render_letter(const Renderer& renderer, const storage::OutboxRow& row,
                                          const workflows::School* school, const Recipients& recipients,
                                          workflows::Date today) {
  return renderer.render(row.template_id, letter_data(row, school, recipients, today), today);
}

}  // namespace sif::notifications
