// What the widgets show: plain values assembled by the routes (after every
// permission and visibility decision is made) and rendered by
// klus_widgets.h. A view never contains a value the viewer may not see; the
// renderer only escapes and lays out.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "klus/klus_model.h"

namespace klussen::widgets {

// How the glue wants links and forms to look, from the (signed) request:
//  link_base   pages:   <link_base>view/<id>, add/<group>, edit/<id>, group/<guid>
//  action_base forms:   <action_base><action name> (an Elgg action URL)
//  hidden      fields every form carries (Elgg's __elgg_ts / __elgg_token)
// Bases are absolute http(s) URLs or root-relative paths (checked by the
// route; the renderer still escapes them for the attribute).
struct RenderContext {
  std::string language = "nl";  // "nl" or "en"; anything else renders Dutch
  std::string link_base = "/klussen/";
  std::string action_base = "/action/klussen/";
  std::vector<std::pair<std::string, std::string>> hidden;
};

struct PersonRef {
  klus::Guid guid = 0;
  std::string name;  // display name from the host
};

// One klus in a list (group tab, "mine").
struct KlusListItem {
  klus::Klus klus;
  std::string group_name;  // empty when the viewer may not see the group
  bool show_counts = false;  // the viewer manages it: show response counts
};

struct GroupTabView {
  klus::Guid group_guid = 0;
  std::string group_name;
  bool can_post = false;        // "Klus plaatsen" button
  bool tool_enabled = true;     // false: explain that the group has not enabled klussen
  std::string state_filter;     // "open" (default) or "all" for managers
  std::vector<KlusListItem> items;
  int total = 0;                // items matching, for paging
  int offset = 0;
  int limit = 20;
};

// Why the viewer cannot apply (message key suffixes), or empty when they can.
struct KlusPageView {
  klus::Klus klus;
  std::string group_name;  // empty when hidden from the viewer
  PersonRef poster;
  bool can_manage = false;  // edit / transitions / responses link
  bool can_apply = false;
  std::string apply_blocked_reason;  // "deadline_passed", "full", "not_member", "poster",
                                     // "already_involved", "not_open" or ""
  std::optional<klus::Participant> own;  // the viewer's own participation, if any
  std::vector<klus::KlusState> allowed_transitions;  // for managers
  int64_t now = 0;
};

// field: "title", "deadline", ...; code: "required", "too_long", ... (messages "error.<code>")
using FieldError = klus::FieldError;

// The post/edit form, blank, filled from a klus, or redisplayed with the
// submitted values and the validation errors next to their fields.
struct KlusFormView {
  klus::Guid group_guid = 0;
  std::string group_name;
  klus::KlusId klus_id = 0;  // 0 = new
  int version = 0;
  klus::KlusFields values;
  // Raw submitted text for fields that failed to parse (shown back as typed).
  std::vector<std::pair<std::string, std::string>> raw_values;
  std::vector<FieldError> errors;
};

struct ResponseRow {
  klus::Participant participant;
  PersonRef person;
};

struct ResponsesView {
  klus::Klus klus;
  std::vector<ResponseRow> rows;
  int64_t now = 0;
};

}  // namespace klussen::widgets
