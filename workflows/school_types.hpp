// The school types and phases sif knows: GIAS's "TypeOfEstablishment (name)" and "PhaseOfEducation
// (name)" values (Welsh maintained schools use the same words), as slugs ("Voluntary aided school"
// -> voluntary_aided; the shell's gias_slug() writes them). Registration (POST /v1/schools and the
// CSV import) refuses a type or phase not listed, and the checker refuses a guard on school.type
// or school.phase that names one, so a guard can never silently miss a school.
//
// Thread-safety: an immutable table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sif::workflows {

const std::vector<std::string>& known_school_types();
bool is_known_school_type(std::string_view slug);
const std::vector<std::string>& known_school_phases();
bool is_known_school_phase(std::string_view slug);

}  // namespace sif::workflows
