// `itemctl config show`: every setting's effective value and where it came
// from (SPEC §10). It takes serve's flags and the global ones, and parses
// them, the --config file and the ITEMCTL_* variables exactly as `serve`
// would; then it reads CLI11's record of the parse: an option the command
// line gave is in its app's parse order, one the file gave is among the
// file's keys, else its variable or its default. It opens neither the
// database nor the key file. Secrets are never printed.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "cmd/serve_settings.hpp"
#include "cmd/settings_file.hpp"
#include "core/storage/open_backend.hpp"
#include "web/server.hpp"

namespace itemctl::cmd {

namespace {

// One row of the report. `value` is what the setting holds (nullopt: unset);
// `note` says, for people, what that means when it is not plain.
struct Setting {
  std::string name;
  std::optional<std::string> value;
  std::string source;
  std::optional<std::string> note;
};

// The variables read directly rather than through an option.
constexpr const char* kSecretKeyVariable = "ITEMCTL_SECRET_KEY";
constexpr const char* kAdminPasswordVariable = "ITEMCTL_ADMIN_PASSWORD";

std::optional<std::string> SetVariable(const std::string& name) {
  std::optional<std::string> value = EnvValue(name.c_str());
  // CLI11 ignores an empty variable; so does this report.
  if (value && value->empty()) return std::nullopt;
  return value;
}

bool GivenAsFlag(const CLI::App& owner, const CLI::Option* option) {
  const std::vector<CLI::Option*>& order = owner.parse_order();
  return std::find(order.begin(), order.end(), option) != order.end();
}

std::string SourceOf(const CLI::App& root, const CLI::App& owner, const CLI::Option& option) {
  if (GivenAsFlag(owner, &option)) return "flag";
  if (SetByFile(root, owner, option)) return "file " + SettingsFilePath(root).value_or("");
  const std::string variable = option.get_envname();
  if (!variable.empty() && SetVariable(variable)) return "env " + variable;
  return "default";
}

// What the option holds: its results (a list joined by commas), else its
// default; nullopt when it has neither.
std::optional<std::string> ValueOf(const CLI::Option& option) {
  const std::vector<std::string>& results = option.results();
  if (results.empty()) {
    if (option.get_default_str().empty()) return std::nullopt;
    return option.get_default_str();
  }
  std::string joined;
  for (const std::string& result : results) joined += (joined.empty() ? "" : ",") + result;
  return joined;
}

// The settings `owner` declares (configurable options), in declaration order.
void AddOptionRows(const CLI::App& root, const CLI::App& owner, std::vector<Setting>& rows) {
  for (const CLI::Option* option : owner.get_options()) {
    if (!option->get_configurable()) continue;
    rows.push_back({option->get_lnames().front(), ValueOf(*option),
                    SourceOf(root, owner, *option), std::nullopt});
  }
}

// A secret read from `variable`: whether it is set, never what it is.
Setting SecretRow(const std::string& name, const std::string& variable) {
  std::optional<std::string> value = SetVariable(variable);
  if (!value) return {name, std::nullopt, "default", "not set"};
  // Not even its length: that would narrow a password guess.
  return {name, "******** (set)", "env " + variable, std::nullopt};
}

Setting* Find(std::vector<Setting>& rows, const std::string& name) {
  auto found = std::find_if(rows.begin(), rows.end(),
                            [&name](const Setting& row) { return row.name == name; });
  return found != rows.end() ? &*found : nullptr;
}

// Masks the database URL's password and explains the values whose meaning
// is not the text itself.
void Explain(std::vector<Setting>& rows) {
  Setting* db = Find(rows, "db");
  if (db != nullptr && db->value) db->value = core::DisplayName(*db->value);
  if (Setting* key_file = Find(rows, "secret-key-file"); key_file != nullptr && !key_file->value) {
    if (SetVariable(kSecretKeyVariable)) {
      key_file->note = "unused: ITEMCTL_SECRET_KEY is set";
    } else if (db != nullptr && db->value && core::EngineOf(*db->value) == core::Engine::kSqlite) {
      key_file->note = "the key file beside the database: " + *db->value + ".key";
    } else {
      key_file->note = "none: PostgreSQL needs it or ITEMCTL_SECRET_KEY";
    }
  }
  if (Setting* config = Find(rows, "config"); config != nullptr && !config->value) {
    config->note = "no file";
  }
  if (Setting* threads = Find(rows, "threads"); threads != nullptr && threads->value == "0") {
    threads->note = "auto: " + std::to_string(web::DefaultThreads());
  }
  if (Setting* dir = Find(rows, "static-dir"); dir != nullptr && !dir->value) {
    dir->note = "the embedded files";
  }
  if (Setting* proxies = Find(rows, "trust-proxy"); proxies != nullptr && !proxies->value) {
    proxies->note = "none";
  }
  Setting* max_age = Find(rows, "session-max-age");
  Setting* refresh = Find(rows, "refresh-ttl");
  if (max_age != nullptr && !max_age->value && refresh != nullptr && refresh->value) {
    max_age->note = "as refresh-ttl: " + *refresh->value;
  }
}

std::vector<Setting> Settings(const CLI::App& root, const CLI::App& show) {
  std::vector<Setting> rows;
  const CLI::Option* config = root.get_config_ptr();
  std::string config_source = GivenAsFlag(root, config)              ? "flag"
                              : SettingsFilePath(root).has_value()  ? "env ITEMCTL_CONFIG"
                                                                    : "default";
  rows.push_back({"config", SettingsFilePath(root), config_source, std::nullopt});
  AddOptionRows(root, root, rows);
  rows.push_back(SecretRow("secret-key", kSecretKeyVariable));
  rows.push_back(SecretRow("admin-password", kAdminPasswordVariable));
  AddOptionRows(root, show, rows);
  Explain(rows);
  return rows;
}

core::Status RunShow(Context& ctx, const CLI::App& root, const CLI::App& show) {
  std::vector<Setting> rows = Settings(root, show);
  if (ctx.json()) {
    nlohmann::json settings = nlohmann::json::array();
    for (const Setting& row : rows) {
      settings.push_back({{"name", row.name},
                          {"value", row.value ? nlohmann::json(*row.value) : nlohmann::json()},
                          {"source", row.source}});
    }
    PrintJson(ctx.out(), nlohmann::json{{"settings", settings}});
    return core::Ok();
  }
  Table table({"NAME", "VALUE", "SOURCE"});
  for (const Setting& row : rows) {
    std::string value = row.value.value_or("-");
    if (row.note) value += " (" + *row.note + ")";
    table.AddRow({row.name, value, row.source});
  }
  table.Print(ctx.out());
  return core::Ok();
}

// CLI11 reads the variables of every subcommand, run or not, and checks
// what it read: with serve's settings declared on both `serve` and `config
// show`, a bad ITEMCTL_LISTEN would fail `serve --listen GOOD` through the
// other copy. So the copy of the command not run reads no variable.
void ReadVariablesOnlyWhenRun(CLI::App& serve, CLI::App& show) {
  auto forget_variables = [](CLI::App& app) {
    for (CLI::Option* option : app.get_options()) option->envname("");
  };
  serve.preparse_callback([&show, forget_variables](std::size_t) { forget_variables(show); });
  show.preparse_callback([&serve, forget_variables](std::size_t) { forget_variables(serve); });
}

}  // namespace

void AddConfigCommands(CLI::App& root, Action& chosen) {
  CLI::App* config = root.add_subcommand("config", "Inspect the settings");
  config->require_subcommand(1);
  CLI::App* show = config->add_subcommand(
      "show",
      "Every setting's effective value and its source (flag, file, env, default), secrets "
      "masked; takes serve's flags to show what serve would use. Opens no database");
  show->footer(
      "Precedence: flag, then the --config file, then the ITEMCTL_* variable, then the default.\n"
      "SOURCE is flag, file PATH, env VARIABLE or default. --json prints\n"
      "{\"settings\":[{\"name\",\"value\",\"source\"}]}, a value null when unset.");
  // Bound but unused: the report reads the options, as parsed, not the values.
  auto unused = std::make_shared<ServeOptions>();
  AddServeSettings(show, *unused);
  ReadVariablesOnlyWhenRun(*root.get_subcommand("serve"), *show);
  show->callback([&chosen, &root, show, unused] {
    chosen = [&root, show](Context& ctx) { return RunShow(ctx, root, *show); };
  });
}

}  // namespace itemctl::cmd
