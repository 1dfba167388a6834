// Building NoticeEffects: resolving recipients (roles, with `when` guards evaluated against this
// event and school) and flattening everything a template may use into string keys:
//
//   school.id, school.name, school.la, school.region, school.framework, school.category,
//   school.<fact>; contact.<role>.name|email|address; role.<role> (the framework's title);
//   event.type, event.actor, event.date, event.<field>; vars.<name>; params.<name>;
//   state, state.title, state.entered; workflow, workflow.title; instance;
//   framework, framework.title, framework.version, framework.document;
//   category, category.title; date, date.words (the event's date);
//   deadline.<timer>, deadline.<timer>.words, deadline.<timer>.title for every pending deadline;
//   overdue.<timer>, overdue.<timer>.words, overdue.<timer>.title for every overdue deadline;
//   the notice's own `data:` entries (and <key>.words when the value is a date).
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "workflows/definition.hpp"
#include "workflows/evaluator.hpp"
#include "workflows/state.hpp"

namespace sif::workflows {

// The data every template may use. REQUIRES: eval.school and eval.instance are set.
Data template_data(const Framework& framework, const WorkflowSpec& workflow, const EvalContext& eval);

NoticeEffect build_notice(const Framework& framework, const WorkflowSpec& workflow, const EvalContext& eval,
                          const NoticeSpec& spec, std::string reason);

// The notice a firing reminder sends (template default "deadline-reminder"); `deadline` is the
// pending deadline it reminds of, when still pending.
NoticeEffect build_reminder_notice(const Framework& framework, const WorkflowSpec& workflow,
                                   const EvalContext& eval, const Reminder& reminder, const TimerSpec& timer,
                                   const PendingTimer& fired);

// The notice a firing escalation sends (template default "deadline-overdue"): `fired` is the
// escalation, whose provenance.base is the due date of the deadline it follows;
// `working_days_overdue` is counted by the caller, which has the calendar. Adds
// escalation.timer, escalation.title, escalation.deadline(.words), escalation.fired(.words),
// escalation.working_days_overdue and escalation.overdue.words ("5 working days").
NoticeEffect build_escalation_notice(const Framework& framework, const WorkflowSpec& workflow,
                                     const EvalContext& eval, const Escalation& escalation, const TimerSpec& timer,
                                     const PendingTimer& fired, int working_days_overdue);

}  // namespace sif::workflows
