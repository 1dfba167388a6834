#include "workflows/school_types.hpp"

#include <algorithm>

namespace sif::workflows {

const std::vector<std::string>& known_school_types() {
  // GIAS's TypeOfEstablishment (name) values, each exactly as gias_slug() writes it ("Local
  // authority nursery school" -> local_authority_nursery); Welsh maintained schools use the
  // same words (community, voluntary_aided, foundation, ...).
  static const std::vector<std::string> kTypes = {
      "community", "voluntary_aided", "voluntary_controlled", "foundation", "community_special",
      "foundation_special", "local_authority_nursery", "pupil_referral_unit", "academy_converter",
      "academy_sponsor_led", "academy_special_converter", "academy_special_sponsor_led",
      "academy_alternative_provision_converter", "academy_alternative_provision_sponsor_led", "academy_16_19_converter",
      "academy_16_to_19_sponsor_led", "academy_secure_16_to_19", "free_schools", "free_schools_special",
      "free_schools_alternative_provision", "free_schools_16_to_19", "studio_schools", "university_technical_college",
      "city_technology_college", "non_maintained_special", "other_independent", "other_independent_special",
      "secure_units", "service_children_s_education", "welsh_establishment", "further_education",
      "sixth_form_centres", "special_post_16_institution", "higher_education_institutions",
      "institution_funded_by_other_government_department", "british_schools_overseas", "offshore_schools",
      "online_provider", "miscellaneous"};
  return kTypes;
}

bool is_known_school_type(std::string_view slug) {
  const auto& t = known_school_types();
  return std::find(t.begin(), t.end(), slug) != t.end();
}

const std::vector<std::string>& known_school_phases() {
  // GIAS's PhaseOfEducation (name) values, slugged ("Middle deemed primary" -> middle_deemed_primary).
  static const std::vector<std::string> kPhases = {"not_applicable", "nursery",   "primary",
                                                   "middle_deemed_primary", "secondary", "middle_deemed_secondary",
                                                   "16_plus",              "all_through"};
  return kPhases;
}

bool is_known_school_phase(std::string_view slug) {
  const auto& p = known_school_phases();
  return std::find(p.begin(), p.end(), slug) != p.end();
}

}  // namespace sif::workflows
