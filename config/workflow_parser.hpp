// The workflow part of the definition language: a workflow body (title, source, initial,
// params, states) and everything inside it — states, transitions, effects, conditions,
// recipients, notices and timers. Used by config/framework_loader for the workflows of a
// framework and for shared workflow files.
//
// Thread-safety: functions over the reader they are given.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "config/yaml_reader.hpp"
#include "workflows/definition.hpp"

namespace sif::config {

// Reads title, source, initial, params and states of `body` into *wf (the caller checks the
// keys, since a framework's workflows and shared files allow different ones).
// REQUIRES: body is a map.
void parse_workflow_body(const YAML::Node& body, YamlReader& r, workflows::WorkflowSpec* wf);

std::vector<workflows::ParamSpec> parse_params(const YAML::Node& node, YamlReader& r);
workflows::StateSpec parse_state(const YAML::Node& key, const YAML::Node& body, YamlReader& r);
workflows::Effects parse_effects(const YAML::Node& map, YamlReader& r);
// `key` names the guard in messages: "when", or a reminder's "unless".
workflows::Guard parse_guard(const YAML::Node& node, YamlReader& r, const char* key = "when");
workflows::TimerSpec parse_timer(const YAML::Node& node, YamlReader& r);

// Keys an effects map may hold.
const std::vector<std::string>& effect_keys();

}  // namespace sif::config
