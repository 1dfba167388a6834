#include "workflows/school_types.hpp"

#include <algorithm>

namespace sif::workflows {

const std::vector<std::string>& known_school_types() {
  // GIAS establishment types (England) and the maintained types of Welsh schools, slugged.
  static const std::vector<std::string> kTypes = {
      "community", "voluntary_aided", "voluntary_controlled", "foundation", "community_special",
      "foundation_special", "la_nursery", "pupil_referral_unit", "academy_converter", "academy_sponsor_led",
      "academy_special_converter", "academy_special_sponsor_led", "academy_alternative_provision_converter",
      "academy_alternative_provision_sponsor_led", "free_schools", "free_schools_special",
      "free_schools_alternative_provision", "free_schools_16_to_19", "academy_16_19_converter",
      "academy_16_to_19_sponsor_led", "studio_schools", "university_technical_college", "city_technology_college",
      "non_maintained_special", "other_independent", "other_independent_special", "secure_units",
      "service_children_s_education", "welsh_establishment", "further_education", "sixth_form_centres",
      "special_post_16_institution", "miscellaneous"};
  return kTypes;
}

bool is_known_school_type(std::string_view slug) {
  const auto& t = known_school_types();
  return std::find(t.begin(), t.end(), slug) != t.end();
}

}  // namespace sif::workflows
