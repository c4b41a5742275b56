#include "web/request_edge/connection_cap.hpp"

namespace itemctl::web {

ConnectionCap::Slot::~Slot() {
  if (cap_ != nullptr) cap_->Release(address_);
}

ConnectionCap::Slot ConnectionCap::Acquire(const std::string& address) {
  if (per_address_ == 0 || exempt_.Contains(address)) return Slot();
  std::lock_guard lock(mutex_);
  std::size_t& open = open_[address];
  if (open >= per_address_) {
    if (open == 0) open_.erase(address);
    Slot refused;
    refused.granted_ = false;
    return refused;
  }
  ++open;
  return Slot(this, address);
}

void ConnectionCap::Release(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto found = open_.find(address);
  if (found == open_.end()) return;
  if (--found->second == 0) open_.erase(found);
}

}  // namespace itemctl::web
