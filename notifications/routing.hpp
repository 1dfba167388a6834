// Routing: turns a notice's roles (to, cc) into addresses.
//
// A role resolves to the school's own contact for it (workflows::School::contacts) when that
// contact has an email address, else to the authority's default contact for the role (from
// the daemon config: ofsted, director, la_lead... are usually defaults). A role that resolves
// to no email address fails the whole notice with an error naming the role and the school —
// a notice is never sent to fewer people than the framework says, and never silently dropped.
//
// Duplicates are removed: an address appears once, in `to` if it is named there, and cc drops
// what is already in to. An empty `to` after resolution (a notice naming only cc roles) is an
// error too, since a message must have a recipient.
//
// A notice addressed to one person rather than to a school's roles (an officer's daily digest:
// an outbox row with no school) names its recipient in its data instead:
//   recipient.email   required: the address
//   recipient.name    the display name (may be empty)
//   recipient.role    the canonical role the person was chosen for (may be empty)
// route_to_person() turns those into the single To address; it never consults contacts.
//
// Thread-safety: pure functions over values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "notifications/message.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::notifications {

using Contacts = std::map<std::string, workflows::Contact>;  // role -> contact

struct Recipients {
  std::vector<Address> to;
  std::vector<Address> cc;
};

// REQUIRES: nothing; every failure is an Error (code kNotFound) listing all unresolved roles.
workflows::Result<Recipients> route(const std::vector<std::string>& to_roles,
                                    const std::vector<std::string>& cc_roles,
                                    const workflows::School& school, const Contacts& defaults);

// The recipient of a notice addressed to one person (see above). Errors: kInvalidInput naming
// the key when recipient.email is missing or not a plausible address.
workflows::Result<Recipients> route_to_person(const workflows::Data& data);

}  // namespace sif::notifications
