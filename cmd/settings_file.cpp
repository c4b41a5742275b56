#include "cmd/settings_file.hpp"

#include <algorithm>

#include "cmd/context.hpp"

namespace itemctl::cmd {

namespace {

constexpr const char* kConfigVariable = "ITEMCTL_CONFIG";

// Section markers CLI11 adds around a [section]: not settings.
bool IsSectionMarker(const CLI::ConfigItem& item) { return item.name == "++" || item.name == "--"; }

// The names from the root down to `app`, as a file item's parents.
std::vector<std::string> SectionOf(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* a = &app; a->get_parent() != nullptr; a = a->get_parent()) {
    names.insert(names.begin(), a->get_name());
  }
  return names;
}

}  // namespace

std::vector<CLI::ConfigItem> SettingsFileFormat::from_config(std::istream& input) const {
  std::vector<CLI::ConfigItem> parsed = CLI::ConfigTOML::from_config(input);
  const std::vector<std::string> serve{"serve"};
  std::vector<CLI::ConfigItem> for_show;
  for (const CLI::ConfigItem& item : parsed) {
    // `config show` has serve's settings only to read them as serve does;
    // a section of its own would let it report what serve never sees.
    if (!item.parents.empty() && item.parents.front() == "config" && !IsSectionMarker(item)) {
      throw CLI::ConfigError::Extras(item.fullname());
    }
    if (item.parents == serve && !IsSectionMarker(item)) {
      CLI::ConfigItem copy = item;
      copy.parents = {"config", "show"};
      for_show.push_back(std::move(copy));
    }
  }
  parsed.insert(parsed.end(), for_show.begin(), for_show.end());
  items_read_ = parsed;
  return parsed;
}

void AddSettingsFile(CLI::App& app) {
  // The file holds settings; options that are not (--json, an item's
  // --owner) say so when the file names them.
  app.option_defaults()->configurable(false);
  app.allow_config_extras(CLI::config_extras_mode::error);
  app.config_formatter(std::make_shared<SettingsFileFormat>());
  // CLI11 2.1 reads the file before it looks at any variable, so the option's
  // envname would come too late: the variable is the default file instead,
  // which must then exist like a --config file.
  std::optional<std::string> named = EnvValue(kConfigVariable);
  bool from_env = named && !named->empty();
  app.set_config("--config", from_env ? *named : "",
                 "Read settings from this TOML file: the global ones at the top, serve's under "
                 "[serve], named like the flags without the dashes (env ITEMCTL_CONFIG). Flags "
                 "win over the file, the file over ITEMCTL_* variables",
                 from_env)
      ->type_name("FILE");
}

std::optional<std::string> SettingsFilePath(const CLI::App& app) {
  const CLI::Option* config = app.get_config_ptr();
  if (config != nullptr && config->count() > 0) return config->as<std::string>();
  std::optional<std::string> named = EnvValue(kConfigVariable);
  if (named && !named->empty()) return named;
  return std::nullopt;
}

bool SetByFile(const CLI::App& root, const CLI::App& owner, const CLI::Option& option) {
  auto format = std::dynamic_pointer_cast<SettingsFileFormat>(root.get_config_formatter());
  if (!format) return false;
  const std::vector<std::string> section = SectionOf(owner);
  const std::vector<CLI::ConfigItem>& items = format->items_read();
  return std::any_of(items.begin(), items.end(), [&](const CLI::ConfigItem& item) {
    return item.parents == section && !IsSectionMarker(item) && option.check_lname(item.name);
  });
}

}  // namespace itemctl::cmd
