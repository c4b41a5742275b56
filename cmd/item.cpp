// `itemctl item add|list|show|update|delete|import|export`.

#include <unistd.h>

#include <iostream>
#include <memory>

#include "cmd/commands.hpp"
#include "cmd/item_import.hpp"
#include "cmd/progress_bar.hpp"
#include "cmd/output.hpp"
#include "cmd/terminal_text.hpp"
#include "core/services/items.hpp"
#include "core/services/users.hpp"
#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

struct ItemOptions {
  core::Id id = 0;
  std::string name;
  std::optional<std::string> description;
  std::string owner = core::kAdminUsername;
  std::optional<std::string> new_name;
  std::optional<std::string> name_filter;
  std::optional<std::string> description_filter;
  std::string file;
  std::optional<std::string> format;
  ListOptions list;
};

core::Result<core::Id> OwnerId(Context& ctx, const std::string& username) {
  core::Result<const core::ServiceSet*> services = ctx.Services(Context::Hashing::kNeeded);
  if (!services) return services.error();
  core::Result<core::User> owner = (*services)->users().Find(username);
  if (!owner) return owner.error();
  return owner->id;
}

// The table of `items` with their owners' usernames, looked up in one call.
core::Status PrintItemTable(Context& ctx, const core::ServiceSet& services,
                            const std::vector<core::Item>& items) {
  std::vector<core::Id> owners;
  owners.reserve(items.size());
  for (const core::Item& item : items) owners.push_back(item.user_id);
  core::Result<Usernames> names = services.UsernamesById(owners);
  if (!names) return names.error();
  ItemTable(items, *names).Print(ctx.out());
  return core::Ok();
}

core::Status PrintItem(Context& ctx, const core::ServiceSet& services, const core::Item& item) {
  if (!ctx.json()) return PrintItemTable(ctx, services, {item});
  PrintJson(ctx.out(), web::ToJson(item));
  return core::Ok();
}

core::Status RunAdd(Context& ctx, const ItemOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::Id> owner = OwnerId(ctx, o.owner);
  if (!owner) return owner.error();
  core::Result<core::Item> item = (*services)->items()
                                      .Add(ctx.actor(), *owner, {o.name, o.description});
  if (!item) return item.error();
  return PrintItem(ctx, **services, *item);
}

// `--json --all`: streamed as the store reads the rows (JsonAllRowsPrinter).
core::Status PrintAllItemsJson(Context& ctx, const core::ServiceSet& services,
                               const core::ItemFilter& filter) {
  JsonAllRowsPrinter printer(ctx.out(), "items");
  nlohmann::json row;  // one object, refilled for every row
  core::Status read = services.items().ForEach(filter, [&](const core::Item& item) {
    web::AssignJson(row, item);
    printer.Add(row);
  });
  if (!read) return read;
  printer.Finish();
  return core::Ok();
}

core::Status RunList(Context& ctx, const ItemOptions& o) {
  if (o.list.all && ctx.json()) {
    core::Result<const core::ServiceSet*> services = ctx.Services();
    if (!services) return services.error();
    return PrintAllItemsJson(ctx, **services,
                             core::ItemFilter{o.name_filter, o.description_filter});
  }
  core::Result<core::PageRequest> request = ToPageRequest(o.list);
  if (!request) return request.error();
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::Page<core::Item>> page =
      (*services)->items()
          .List(core::ItemFilter{o.name_filter, o.description_filter}, *request);
  if (!page) return page.error();
  AdjustAllPage(o.list, *page);
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJson(*page, "items"));
    return core::Ok();
  }
  if (core::Status s = PrintItemTable(ctx, **services, page->rows); !s) return s;
  ctx.out() << (request->after_id
                    ? CursorFooter(static_cast<std::int64_t>(page->rows.size()),
                                   *request->after_id, page->total, "item")
                    : PageFooter(page->page, page->limit, page->total, "item"))
            << "\n";
  return core::Ok();
}

core::Status RunShow(Context& ctx, const ItemOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::Item> item = (*services)->items().Get(o.id);
  if (!item) return item.error();
  return PrintItem(ctx, **services, *item);
}

core::Status RunUpdate(Context& ctx, const ItemOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::Item> item =
      (*services)->items().Update(ctx.actor(), o.id, {o.new_name, o.description});
  if (!item) return item.error();
  return PrintItem(ctx, **services, *item);
}

core::Status RunDelete(Context& ctx, const ItemOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  if (core::Status s = (*services)->items().Delete(ctx.actor(), o.id); !s) return s;
  if (ctx.json()) {
    PrintJson(ctx.out(), web::Detail("Deleted Item " + std::to_string(o.id)));
  } else {
    ctx.out() << "Deleted item " << o.id << ".\n";
  }
  return core::Ok();
}

core::Status RunImport(Context& ctx, const ItemOptions& o) {
  core::Result<ItemFileFormat> format = ChooseItemFileFormat(o.file, o.format);
  if (!format) return format.error();
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::Id> owner = OwnerId(ctx, o.owner);
  if (!owner) return owner.error();
  core::Result<std::vector<core::ImportRow>> rows = ReadItemFile(o.file, *format);
  if (!rows) return rows.error();
  ProgressBar bar("Importing");
  core::ImportProgress progress;
  if (StderrIsTerminal()) {
    progress = [&bar](std::size_t done, std::size_t total) { bar.Update(done, total); };
  }
  core::Result<std::size_t> imported =
      (*services)->items().Import(ctx.actor(), *owner, *rows, progress);
  bar.Finish();
  if (!imported) return imported.error();
  if (ctx.json()) {
    PrintJson(ctx.out(), nlohmann::json{{"imported", *imported}});
  } else {
    ctx.out() << "Imported " << Count(static_cast<std::int64_t>(*imported), "item") << " from '"
              << TerminalSafe(o.file) << "' for '" << TerminalSafe(o.owner) << "'.\n";
  }
  return core::Ok();
}

core::Status RunExport(Context& ctx, const ItemOptions& o) {
  ItemFileFormat format = o.format == "csv" ? ItemFileFormat::kCsv : ItemFileFormat::kJsonLines;
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  if (format == ItemFileFormat::kCsv) ctx.out() << CsvHeader();
  std::ostream& out = ctx.out();
  return (*services)->items()
      .ForEach(core::ItemFilter{o.name_filter, o.description_filter},
               [&out, format](const core::Item& item) { out << ExportLine(format, item); });
}

void Choose(CLI::App* command, Action& chosen, std::shared_ptr<ItemOptions> o,
            core::Status (*run)(Context&, const ItemOptions&)) {
  command->callback([&chosen, o, run] {
    chosen = [o, run](Context& ctx) { return run(ctx, *o); };
  });
}

void AddFilters(CLI::App* command, ItemOptions& o) {
  command->add_option("--name", o.name_filter, "Case-insensitive substring of the name");
  command->add_option("--description", o.description_filter,
                      "Case-insensitive substring of the description");
}

}  // namespace

void AddItemCommands(CLI::App& root, Action& chosen) {
  CLI::App* item = root.add_subcommand("item", "Manage items");
  item->require_subcommand(1);
  auto o = std::make_shared<ItemOptions>();
  const char* owner_help = "Owner: username or id (#ID: the id, even past a username of digits)";

  CLI::App* add = item->add_subcommand("add", "Create an item");
  add->add_option("name", o->name, "Unique item name")->required();
  add->add_option("--description", o->description, "Free text");
  add->add_option("--owner", o->owner, owner_help)->capture_default_str();
  Choose(add, chosen, o, RunAdd);

  CLI::App* list = item->add_subcommand("list", "List items");
  AddFilters(list, *o);
  AddListOptions(list, o->list);
  AddAfterIdOption(list, o->list);
  Choose(list, chosen, o, RunList);

  CLI::App* show = item->add_subcommand("show", "Show one item");
  AddIdArgument(show, "item_id", "item's id", o->id);
  Choose(show, chosen, o, RunShow);

  CLI::App* update = item->add_subcommand("update", "Rename an item or change its description");
  AddIdArgument(update, "item_id", "item's id", o->id);
  CLI::Option* name = update->add_option("--name", o->new_name, "New unique name");
  CLI::Option* description = update->add_option("--description", o->description, "New text");
  update->callback([&chosen, o, name, description] {
    if (name->count() + description->count() == 0) {
      throw CLI::ValidationError("nothing to update: give --name or --description");
    }
    chosen = [o](Context& ctx) { return RunUpdate(ctx, *o); };
  });

  CLI::App* remove = item->add_subcommand("delete", "Delete an item");
  AddIdArgument(remove, "item_id", "item's id", o->id);
  Choose(remove, chosen, o, RunDelete);

  CLI::App* import = item->add_subcommand(
      "import", "Import items from CSV (name,description) or JSON lines: all rows or none");
  import->add_option("file", o->file, "File to import (.csv, .jsonl)")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--format", o->format, "File format (default: from the extension)")
      ->check(CLI::IsMember(ItemFileFormatNames()));
  import->add_option("--owner", o->owner, owner_help)->capture_default_str();
  Choose(import, chosen, o, RunImport);

  CLI::App* exp = item->add_subcommand(
      "export", "Write every item to stdout as JSON lines or CSV, ready for import");
  exp->add_option("--format", o->format, "jsonl (default) or csv")
      ->check(CLI::IsMember(ItemFileFormatNames()));
  AddFilters(exp, *o);
  Choose(exp, chosen, o, RunExport);
}

}  // namespace itemctl::cmd
