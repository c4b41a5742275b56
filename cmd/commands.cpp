#include "cmd/commands.hpp"

#include <charconv>
#include <limits>

#include "core/domain/validation.hpp"

namespace itemctl::cmd {

namespace {

// The CLI is run by whoever administers the file: no page-size cap beyond
// what a single listing can sensibly hold.
constexpr core::ListingConfig kCliListing{20, 1'000'000'000};

}  // namespace

CLI::Option* AddIdArgument(CLI::App* command, const std::string& name, const std::string& what,
                           core::Id& id) {
  CLI::Validator positive(
      [](std::string& text) -> std::string {
        core::Id parsed = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
        if (ec == std::errc() && end == text.data() + text.size() && parsed > 0) return {};
        return "'" + text + "' is not a positive whole number";
      },
      "ID");
  return command->add_option(name, id, "The " + what + " (a positive whole number)")
      ->required()
      ->check(positive);
}

void AddListOptions(CLI::App* command, ListOptions& options) {
  CLI::Option* page = command->add_option("--page", options.page, "Page to show, from 1");
  CLI::Option* limit = command->add_option("--limit", options.limit, "Rows per page (default 20)");
  command->add_flag("--all", options.all, "List every row in one page")
      ->excludes(page)
      ->excludes(limit);
}

void AddAfterIdOption(CLI::App* command, ListOptions& options) {
  command
      ->add_option("--after-id", options.after_id,
                   "Show the rows after this id (the last of the previous page) instead of a "
                   "--page: as fast however deep")
      ->excludes("--page")
      ->excludes("--all");
}

core::Result<core::PageRequest> ToPageRequest(const ListOptions& options) {
  if (options.all) return core::MakePageRequest(1, kCliListing.max_limit, kCliListing);
  return core::MakePageRequest(options.page, options.limit, kCliListing, options.after_id);
}

CLI::Option* AddBoolOption(CLI::App* command, const std::string& name, std::optional<bool>& value,
                           const std::string& help) {
  return command
      ->add_option_function<std::string>(
          name,
          [&value](const std::string& text) {
            value = text == "true" || text == "yes" || text == "1";
          },
          help)
      ->check(CLI::IsMember({"true", "false", "yes", "no", "1", "0"}))
      ->type_name("true|false");
}

}  // namespace itemctl::cmd
