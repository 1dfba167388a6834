// The school types sif knows: GIAS's "TypeOfEstablishment (name)" values for England and the
// maintained types of Welsh schools, as slugs ("Voluntary aided school" -> voluntary_aided; the
// shell's gias_slug() writes them). Registration refuses a type not listed, and the checker
// refuses a guard on school.type that names one, so a guard can never silently miss a school.
//
// Thread-safety: an immutable table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sif::workflows {

const std::vector<std::string>& known_school_types();
bool is_known_school_type(std::string_view slug);

}  // namespace sif::workflows
