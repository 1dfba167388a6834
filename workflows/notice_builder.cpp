#include "workflows/notice_builder.hpp"

namespace sif::workflows {

namespace {

std::vector<std::string> resolve(const EvalContext& eval, const std::vector<Recipient>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) {
    if (!check_guard(eval, r.when).ok) continue;
    bool dup = false;
    for (const auto& o : out) dup = dup || o == r.role;
    if (!dup) out.push_back(r.role);
  }
  return out;
}

void put_date(Data& d, const std::string& key, Date date) {
  d[key] = format_date(date);
  d[key + ".words"] = format_date_words(date);
}

}  // namespace

Data template_data(const Framework& framework, const WorkflowSpec& workflow, const EvalContext& eval) {
  Data d;
  const SchoolState& ss = *eval.school;
  const School& s = ss.school;
  const Instance& inst = *eval.instance;
  for (const auto& [k, v] : s.facts) d["school." + k] = v;
  d["school.id"] = s.id;
  d["school.name"] = s.name;
  d["school.la"] = s.la;
  d["school.region"] = to_string(s.region);
  d["school.framework"] = s.framework;
  d["school.category"] = ss.category;
  for (const auto& [role, c] : s.contacts) {
    d["contact." + role + ".name"] = c.name;
    d["contact." + role + ".email"] = c.email;
    d["contact." + role + ".address"] = c.address;
  }
  for (const auto& r : framework.roles) d["role." + r.id] = r.title;
  d["category"] = ss.category;
  if (const CategorySpec* c = framework.find_category(ss.category)) d["category.title"] = c->title;

  if (eval.event) {
    for (const auto& [k, v] : eval.event->data) d["event." + k] = v;
    d["event.type"] = eval.event->type;
    d["event.actor"] = eval.event->actor;
  }
  d["event.date"] = format_date(eval.event_date);
  put_date(d, "date", eval.event_date);

  for (const auto& [k, v] : inst.vars) d["vars." + k] = v;
  for (const auto& [k, v] : inst.params) d["params." + k] = v;
  d["instance"] = inst.id;
  d["state"] = inst.state;
  put_date(d, "state.entered", inst.entered);
  if (const StateSpec* st = workflow.find_state(inst.state)) d["state.title"] = st->title.empty() ? st->id : st->title;
  d["workflow"] = workflow.id;
  d["workflow.title"] = workflow.title.empty() ? workflow.id : workflow.title;
  d["framework"] = framework.id;
  d["framework.title"] = framework.title;
  d["framework.version"] = std::to_string(framework.version);
  d["framework.document"] = framework.document;
  for (const auto& t : inst.timers) {
    if (t.kind != TimerKind::kDeadline) continue;
    put_date(d, "deadline." + t.id, t.due);
    d["deadline." + t.id + ".title"] = t.title;
  }
  for (const auto& o : inst.overdue) {
    put_date(d, "overdue." + o.id, o.due);
    d["overdue." + o.id + ".title"] = o.title;
  }
  return d;
}

NoticeEffect build_notice(const Framework& framework, const WorkflowSpec& workflow, const EvalContext& eval,
                          const NoticeSpec& spec, std::string reason) {
  NoticeEffect n;
  n.instance = eval.instance->id;
  n.workflow = workflow.id;
  n.template_id = spec.template_id;
  n.to = resolve(eval, spec.to);
  n.cc = resolve(eval, spec.cc);
  n.data = template_data(framework, workflow, eval);
  for (const auto& [k, expr] : spec.data) {
    std::optional<std::string> v = evaluate(eval, expr);
    if (!v) continue;  // an absent value is left out; the template decides what to say
    n.data[k] = *v;
    if (Result<Date> d = parse_date(*v); d && v->size() == 10) n.data[k + ".words"] = format_date_words(*d);
  }
  if (!spec.source.empty()) n.data["source"] = spec.source;
  n.reason = std::move(reason);
  return n;
}

NoticeEffect build_reminder_notice(const Framework& framework, const WorkflowSpec& workflow,
                                   const EvalContext& eval, const Reminder& reminder, const TimerSpec& timer,
                                   const PendingTimer& fired) {
  NoticeEffect n;
  n.instance = eval.instance->id;
  n.workflow = workflow.id;
  n.template_id = reminder.template_id.empty() ? "deadline-reminder" : reminder.template_id;
  n.to = resolve(eval, reminder.to);
  n.data = template_data(framework, workflow, eval);
  n.data["reminder.timer"] = timer.id;
  n.data["reminder.title"] = timer.title.empty() ? timer.id : timer.title;
  // The deadline this reminds of: its due date is the reminder's base.
  n.data["reminder.deadline"] = format_date(fired.provenance.base);
  n.data["reminder.deadline.words"] = format_date_words(fired.provenance.base);
  if (!timer.source.empty()) n.data["source"] = timer.source;
  n.reason = "reminder for " + timer.id;
  return n;
}

NoticeEffect build_escalation_notice(const Framework& framework, const WorkflowSpec& workflow,
                                     const EvalContext& eval, const Escalation& escalation, const TimerSpec& timer,
                                     const PendingTimer& fired, int working_days_overdue) {
  NoticeEffect n;
  n.instance = eval.instance->id;
  n.workflow = workflow.id;
  n.template_id = escalation.template_id.empty() ? "deadline-overdue" : escalation.template_id;
  n.to = resolve(eval, escalation.to);
  n.data = template_data(framework, workflow, eval);
  n.data["escalation.timer"] = timer.id;
  n.data["escalation.title"] = timer.title.empty() ? timer.id : timer.title;
  put_date(n.data, "escalation.deadline", fired.provenance.base);
  put_date(n.data, "escalation.fired", fired.due);
  n.data["escalation.working_days_overdue"] = std::to_string(working_days_overdue);
  n.data["escalation.overdue.words"] =
      std::to_string(working_days_overdue) + (working_days_overdue == 1 ? " working day" : " working days");
  if (!timer.source.empty()) n.data["source"] = timer.source;
  n.reason = "escalation: " + timer.id + " overdue";
  return n;
}

}  // namespace sif::workflows
