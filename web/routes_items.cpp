// /items: any signed-in user creates and reads; owners and admins change.

#include <httplib.h>

#include "core/domain/validation.hpp"
#include "core/services/items.hpp"
#include "web/json_mapping.hpp"
#include "web/request_parsing.hpp"
#include "web/routes.hpp"

namespace itemctl::web {

namespace {

core::Result<Reply> CreateItem(RequestContext& ctx) {
  core::Result<nlohmann::json> body = ParseJsonObject(ctx.http().body);
  if (!body) return body.error();
  FieldReader reader(*body);
  core::NewItem input;
  input.name = reader.RequiredString("name");
  input.description = reader.OptionalString("description");
  if (!reader.ok()) return reader.error();

  core::Actor caller = ctx.actor();
  core::Result<core::Item> item =
      ctx.services().items().Add(caller, caller.user_id, input);
  if (!item) return item.error();
  return Reply::Json(201, ToJson(*item));
}

core::Result<Reply> ListItems(RequestContext& ctx, const AppContext& app) {
  QueryReader query(ctx.http());
  core::ItemFilter filter;
  filter.name = query.String("name");
  filter.description = query.String("description");
  std::optional<std::int64_t> page = query.Integer("page", 1);
  std::optional<std::int64_t> limit = query.Integer("limit", 1);
  std::optional<std::int64_t> after_id = query.Integer("after_id", 0);
  if (!query.ok()) return query.error();
  core::Result<core::PageRequest> request =
      core::MakePageRequest(page, limit, app.listing, after_id);
  if (!request) return request.error();

  core::Result<core::Page<core::Item>> items =
      ctx.services().items().List(filter, *request);
  if (!items) return items.error();
  return Reply::Json(200, ToJson(*items, "items"));
}

core::Result<Reply> GetItem(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("item_id");
  if (!id) return id.error();
  core::Result<core::Item> item = ctx.services().items().Get(*id);
  if (!item) return item.error();
  return Reply::Json(200, ToJson(*item));
}

core::Result<Reply> UpdateItem(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("item_id");
  if (!id) return id.error();
  core::Result<nlohmann::json> body = ParseJsonObject(ctx.http().body);
  if (!body) return body.error();
  FieldReader reader(*body);
  core::ItemPatch patch;
  patch.name = reader.OptionalString("name");
  patch.description = reader.OptionalString("description");
  if (!reader.ok()) return reader.error();

  core::Result<core::Item> item =
      ctx.services().items().Update(ctx.actor(), *id, patch);
  if (!item) return item.error();
  return Reply::Json(200, ToJson(*item));
}

core::Result<Reply> DeleteItem(RequestContext& ctx) {
  core::Result<core::Id> id = ctx.PathId("item_id");
  if (!id) return id.error();
  core::Status done = ctx.services().items().Delete(ctx.actor(), *id);
  if (!done) return done.error();
  return Reply::Json(200, Detail("Deleted Item " + std::to_string(*id)));
}

}  // namespace

void AddItemRoutes(Router& router, const AppContext& app) {
  router.Add({
      .method = "POST",
      .path = "/items",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return CreateItem(ctx); },
  });
  router.Add({
      .method = "GET",
      .path = "/items",
      .access = Access::kBearer,
      .handler = [&app](RequestContext& ctx) { return ListItems(ctx, app); },
  });
  router.Add({
      .method = "GET",
      .path = "/items/{item_id}",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return GetItem(ctx); },
  });
  router.Add({
      .method = "PATCH",
      .path = "/items/{item_id}",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return UpdateItem(ctx); },
  });
  router.Add({
      .method = "DELETE",
      .path = "/items/{item_id}",
      .access = Access::kBearer,
      .handler = [](RequestContext& ctx) { return DeleteItem(ctx); },
  });
}

}  // namespace itemctl::web
