// `itemctl audit list [--actor U] [--action A] [--since T]`: the audit trail
// (SPEC §10), newest first, as GET /audit shows it.

#include <memory>
#include <string>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "core/domain/validation.hpp"
#include "core/services/audit_trail.hpp"
#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

struct AuditOptions {
  std::optional<std::string> actor;
  std::optional<std::string> action;
  std::optional<std::string> since;
  ListOptions list;
};

// "user bob (#7)", "database /var/lib/itemctl/itemctl.db".
std::string TargetText(const core::AuditTarget& target) {
  std::string text = target.type;
  if (target.name) text += " " + *target.name;
  if (target.id) text += " (#" + std::to_string(*target.id) + ")";
  return text;
}

// `role_id=1, activated=false, username="bob"`: values as JSON.
std::string ChangesText(const core::AuditEvent& event) {
  std::string text;
  const nlohmann::json json = web::ToJson(event);
  for (const auto& [field, value] : json["changes"].items()) {
    text += (text.empty() ? "" : ", ") + field + "=" + value.dump();
  }
  return text;
}

Table AuditTable(const std::vector<core::AuditEvent>& events) {
  Table table({"ID", "AT", "ACTOR", "SOURCE", "ACTION", "TARGET", "CHANGES"});
  for (const core::AuditEvent& e : events) {
    std::string source = e.source + (e.address ? " " + *e.address : "");
    table.AddRow({std::to_string(e.id), core::FormatIso8601(e.at), e.actor, source, e.action,
                  TargetText(e.target), ChangesText(e)});
  }
  return table;
}

core::Status RunList(Context& ctx, const AuditOptions& o) {
  core::Result<core::PageRequest> request = ToPageRequest(o.list);
  if (!request) return request.error();
  core::AuditFilter filter{o.actor, o.action, std::nullopt};
  if (o.since) {
    core::Result<core::UnixSeconds> since = core::ParseUtcTime("--since", *o.since);
    if (!since) return since.error();
    filter.since = *since;
  }
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::Page<core::AuditEvent>> page =
      (*services)->audit().List(ctx.actor(), filter, *request);
  if (!page) return page.error();
  AdjustAllPage(o.list, *page);
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJson(*page, "events"));
    return core::Ok();
  }
  AuditTable(page->rows).Print(ctx.out());
  ctx.out() << PageFooter(page->page, page->limit, page->total, "event") << "\n";
  return core::Ok();
}

}  // namespace

void AddAuditCommands(CLI::App& root, Action& chosen) {
  CLI::App* audit = root.add_subcommand(
      "audit", "Show who changed what: the audit trail of admin and CLI changes");
  audit->require_subcommand(1);
  auto o = std::make_shared<AuditOptions>();

  CLI::App* list = audit->add_subcommand("list", "List audit events, newest first");
  list->add_option("--actor", o->actor, "Only events by this actor: a username or cli:<os user>");
  list->add_option("--action", o->action, "Only events of this action, e.g. user.disable")
      ->check(CLI::IsMember(core::AuditActions()));
  list->add_option("--since", o->since,
                   "Only events at or after this UTC time: 2027-01-31 or 2027-01-31T12:00:00Z");
  AddListOptions(list, o->list);
  list->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return RunList(ctx, *o); };
  });
}

}  // namespace itemctl::cmd
