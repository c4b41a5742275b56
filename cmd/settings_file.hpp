#pragma once
// The settings file of `--config FILE` (or ITEMCTL_CONFIG): CLI11's own
// config-file support, TOML (or INI) with the global settings at the top and
// serve's in a [serve] section. Keys are the flags without their dashes;
// only settings (options marked configurable) may appear, and an unknown or
// misspelt key is an error, like an unknown flag. CLI11 fills an option from
// the file only when no flag gave it, and from its variable only when
// neither did: flag, then file, then environment, then default.

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace itemctl::cmd {

// CLI11's TOML reader, which also hands the [serve] section to `config
// show` (whose copy of serve's settings must read the same keys as serve)
// and remembers what the file said, for `config show` to tell where a value
// came from. Single-threaded, like parsing.
class SettingsFileFormat : public CLI::ConfigTOML {
 public:
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;
  // The items of the file read last (none before a file was read).
  const std::vector<CLI::ConfigItem>& items_read() const { return items_read_; }

 private:
  mutable std::vector<CLI::ConfigItem> items_read_;
};

// Adds `--config FILE` to `app` and reads the file with SettingsFileFormat.
// Every option is made not configurable by default; settings opt in.
void AddSettingsFile(CLI::App& app);

// The file that was read: the --config value, else ITEMCTL_CONFIG; nullopt
// when neither names one. Call after parsing.
std::optional<std::string> SettingsFilePath(const CLI::App& app);

// Whether the file read set `option` of `owner` (the app that declares it:
// the root for a global setting, `config show` for serve's).
bool SetByFile(const CLI::App& root, const CLI::App& owner, const CLI::Option& option);

}  // namespace itemctl::cmd
