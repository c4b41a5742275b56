#pragma once
// Hashing and randomness primitives, all from Botan. Thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace itemctl::core {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// `length` characters of [A-Za-z0-9] drawn without bias from getrandom(2).
std::string RandomAlphanumeric(std::size_t length);

// The version of the Botan library loaded at run time, e.g. "2.19.3".
std::string CryptoLibraryVersion();

// Compares in time that depends only on the lengths, never on the contents.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace itemctl::core
