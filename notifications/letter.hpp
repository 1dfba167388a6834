// A notice's letter as it is (or was) sent: the outbox row routed to addresses and rendered
// with its template. The dispatcher builds every message it sends from these; the API's
// GET /v1/notices/{id} shows the same letter, so what an officer reads is what went out.
//
// Data: the row's own data, then (when the row belongs to a school) school.id, school.name,
// school.la, then recipients.to / recipients.cc (display names, or the role where a contact has
// no name), today, today_words and today.words. A key the row's data already has is kept.
//
// Thread-safety: pure functions over values (render reads template files).
#pragma once

#include <optional>
#include <string>

#include "notifications/renderer.hpp"
#include "notifications/routing.hpp"
#include "storage/records.hpp"
#include "workflows/date.hpp"
#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::notifications {

// Who the row goes to: route_to_person for a row with no school, route() otherwise.
// REQUIRES: school is the row's school when row.school is not empty (else kNotFound).
workflows::Result<Recipients> recipients_of(const storage::OutboxRow& row, const workflows::School* school,
                                            const Contacts& default_contacts);

// The template data of the row's letter (see above). school may be null (a digest, or a school
// no longer registered); recipients may be empty (routing failed).
workflows::Data letter_data(const storage::OutboxRow& row, const workflows::School* school,
                            const Recipients& recipients, workflows::Date today);

// The row's letter rendered with letter_data.
workflows::Result<Rendered> render_letter(const Renderer& renderer, const storage::OutboxRow& row,
                                          const workflows::School* school, const Recipients& recipients,
                                          workflows::Date today);

// "A Head, B Chair": display names. An address with no name is called by its role's title in
// the notice's framework (`role.<id>` in the notice's data: "Headteacher", "HMCI (Ofsted)"),
// else by the role in words ("link adviser"); never by a role id.
std::string names_of(const std::vector<Address>& list, const workflows::Data& data);

}  // namespace sif::notifications
