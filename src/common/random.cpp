#include "common/random.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

#include <sodium.h>

namespace paseo {
namespace {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no usable entropy source: nothing safe can run
  });
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

// Random bytes for identifiers and references, from libsodium's CSPRNG fetched ahead, 256 bytes
// at a time per thread. Each randombytes_buf call is a getrandom system call, and a booking
// draws a dozen small ids and references, most of them on the single SQLite writer thread
// (measured: ten system calls per booking write there). The bytes are the kernel's own, only
// fetched early, and erased from the buffer as they are handed out. Never for secrets (tokens,
// keys: random_token reads the CSPRNG directly, so no secret waits in memory before it exists),
// and not across fork(): a child would hand out its parent's unread bytes (Paseo never forks).
void fill_id_bytes(unsigned char* out, std::size_t n) {
  constexpr std::size_t kPool = 256;
  thread_local unsigned char pool[kPool];
  thread_local std::size_t left = 0;
  if (n > kPool / 4) {
    randombytes_buf(out, n);
    return;
  }
  if (left < n) {
    randombytes_buf(pool, kPool);
    left = kPool;
  }
  unsigned char* from = pool + (kPool - left);
  std::memcpy(out, from, n);
  sodium_memzero(from, n);
  left -= n;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buf(bytes);
  fill_id_bytes(buf.data(), buf.size());
  return to_hex(buf.data(), buf.size());
}

std::string random_uuid() {
  ensure_sodium();
  unsigned char b[16];
  fill_id_bytes(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  const std::string h = to_hex(b, 16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string time_ordered_uuid() {
  ensure_sodium();
  // 12-bit sub-millisecond sequence in rand_a (RFC 9562 §6.2 method 1): monotonic within this
  // process even when several ids share a millisecond or the wall clock steps back a little.
  static std::atomic<std::uint64_t> last{0};  // (ms << 12) | sequence
  const auto ms =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  std::uint64_t prev = last.load(std::memory_order_relaxed);
  std::uint64_t next = 0;
  do {
    next = std::max(ms << 12, prev + 1);
  } while (!last.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  const std::uint64_t stamp = next >> 12;
  const auto seq = static_cast<unsigned>(next & 0xFFF);
  unsigned char b[16];
  fill_id_bytes(b + 8, 8);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(stamp >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | (seq >> 8));
  b[7] = static_cast<unsigned char>(seq & 0xFF);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  const std::string h = to_hex(b, 16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(out, sizeof out);
}

std::string random_reference(std::size_t length) {
  ensure_sodium();
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  constexpr std::uint32_t kSize = sizeof(kAlphabet) - 1;
  // Uniform over the alphabet by rejection: a byte below 248 (8 × 31) picks byte % 31.
  constexpr unsigned kLimit = 256 - 256 % kSize;
  std::string out(length, '0');
  unsigned char bytes[32];
  std::size_t used = sizeof bytes;
  for (auto& c : out) {
    unsigned b = kLimit;
    while (b >= kLimit) {
      if (used == sizeof bytes) {
        fill_id_bytes(bytes, sizeof bytes);
        used = 0;
      }
      b = bytes[used++];
    }
    c = kAlphabet[b % kSize];
  }
  sodium_memzero(bytes, sizeof bytes);
  return out;
}

}  // namespace paseo
