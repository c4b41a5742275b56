#pragma once
// Caps the connections one client address holds at once, so that one
// client cannot occupy every worker (slowloris). Trusted proxies are exempt:
// every client behind them shares their address.

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "web/client_address.hpp"

namespace itemctl::web {

class ConnectionCap {
 public:
  // `per_address` 0 turns the cap off.
  ConnectionCap(std::size_t per_address, TrustedProxies exempt)
      : per_address_(per_address), exempt_(std::move(exempt)) {}
  ConnectionCap(const ConnectionCap&) = delete;
  ConnectionCap& operator=(const ConnectionCap&) = delete;

  // Held for a connection's life; !granted() when the address is at the cap.
  class Slot {
   public:
    Slot() = default;
    Slot(ConnectionCap* cap, std::string address) : cap_(cap), address_(std::move(address)) {}
    ~Slot();
    Slot(Slot&& other) noexcept
        : cap_(other.cap_), address_(std::move(other.address_)), granted_(other.granted_) {
      other.cap_ = nullptr;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    bool granted() const { return granted_; }

   private:
    friend class ConnectionCap;
    ConnectionCap* cap_ = nullptr;  // set when a count must be given back
    std::string address_;
    bool granted_ = true;
  };

  Slot Acquire(const std::string& address);

 private:
  void Release(const std::string& address);

  std::size_t per_address_;
  TrustedProxies exempt_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace itemctl::web
