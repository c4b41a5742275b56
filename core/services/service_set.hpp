#pragma once
// The composition root of core: one place that turns the database named by
// --db into services. A ServiceHub owns the Backend and what every service
// shares (clock, hasher, settings); a request or a command leases a
// ServiceSet from it, which builds services over one borrowed Store. Routes
// and subcommands receive services, never a connection.

#include <memory>
#include <utility>

#include "core/config.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/doctor.hpp"
#include "core/services/items.hpp"
#include "core/services/login_throttle.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/roles.hpp"
#include "core/services/session_events.hpp"
#include "core/services/sessions.hpp"
#include "core/services/throttled_login.hpp"
#include "core/services/user_reference.hpp"
#include "core/services/users.hpp"
#include "core/services/versions.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

// What services share besides a Store; referenced objects outlive the hub.
struct ServiceDeps {
  const Clock& clock;
  // Needed by users(), sessions() and throttled_login(); a CLI command that
  // calls none of them never builds one (the key file stays untouched).
  const PasswordHasher* hasher = nullptr;
  AuthConfig auth = {};
  ThrottleConfig throttle = {};
  // Told of refresh-token reuse (optional, not owned).
  SessionEvents* session_events = nullptr;
};

// The services over one Store. Cheap to build; each call returns a service
// bound to that Store, valid while the Store is.
class ServiceSet {
 public:
  ServiceSet(Store& store, const ServiceDeps& deps) : store_(&store), deps_(&deps) {}

  Items items() const { return Items(*store_, deps_->clock); }
  Users users() const { return Users(*store_, deps_->clock, *deps_->hasher); }
  Roles roles() const { return Roles(*store_, deps_->clock); }
  Versions versions() const { return Versions(*store_, deps_->clock); }
  AuditTrail audit() const { return AuditTrail(*store_, deps_->clock); }
  Sessions sessions() const {
    return Sessions(*store_, deps_->clock, *deps_->hasher, deps_->auth, deps_->session_events);
  }
  LoginThrottle login_throttle(ThrottleEvents events = {}) const {
    return LoginThrottle(*store_, deps_->clock, deps_->throttle, std::move(events));
  }
  ThrottledLogin throttled_login(ThrottleEvents events = {}) const {
    return ThrottledLogin(*store_, deps_->clock, *deps_->hasher, deps_->auth, deps_->throttle,
                          std::move(events), deps_->session_events);
  }
  // core::UsernamesById on this Store: the owners' names for a listing's
  // table. Needs no hasher, unlike users().
  Result<std::unordered_map<Id, std::string>> UsernamesById(const std::vector<Id>& ids) const {
    return core::UsernamesById(store_->users(), ids);
  }
  // `itemctl doctor`: works on any schema version.
  Doctor doctor(DoctorSettings settings) const {
    return Doctor(*store_, deps_->clock, std::move(settings));
  }
  // The schema of this database (migrate, readiness).
  SchemaMigrator& schema() const { return store_->schema(); }
  // Store::RunAlone: `work` unless another instance runs job `job_key` now.
  Result<bool> RunAlone(std::int64_t job_key, const std::function<Status()>& work) const {
    return store_->RunAlone(job_key, work);
  }
  const ServiceDeps& deps() const { return *deps_; }

 private:
  Store* store_;
  const ServiceDeps* deps_;
};

// A ServiceSet with the Store lease behind it; the Store goes back to the
// Backend when this dies.
class ServiceLease {
 public:
  ServiceLease(StoreLease lease, const ServiceDeps& deps)
      : lease_(std::move(lease)), services_(*lease_, deps) {}
  ServiceLease(ServiceLease&& other) noexcept
      : lease_(std::move(other.lease_)), services_(*lease_, other.services_.deps()) {}
  ServiceLease& operator=(ServiceLease&&) = delete;
  const ServiceSet& operator*() const { return services_; }
  const ServiceSet* operator->() const { return &services_; }

 private:
  StoreLease lease_;
  ServiceSet services_;
};

class ServiceHub {
 public:
  ServiceHub(std::unique_ptr<Backend> backend, ServiceDeps deps)
      : backend_(std::move(backend)), deps_(std::move(deps)) {}

  // Services over a Store of their own. kStorage when the database cannot
  // be reached.
  Result<ServiceLease> Acquire(LeaseUse use = LeaseUse::kWrite) {
    Result<StoreLease> lease = backend_->Acquire(use);
    if (!lease) return lease.error();
    return ServiceLease(std::move(*lease), deps_);
  }
  Backend& backend() const { return *backend_; }
  const ServiceDeps& deps() const { return deps_; }
  // Set before the hub is shared between threads (the server wires its
  // metrics after building the hub; the CLI builds a hasher on demand).
  // Leased ServiceSets see the change.
  void SetSessionEvents(SessionEvents* events) { deps_.session_events = events; }
  void SetHasher(const PasswordHasher* hasher) { deps_.hasher = hasher; }

 private:
  std::unique_ptr<Backend> backend_;
  ServiceDeps deps_;
};

}  // namespace itemctl::core
