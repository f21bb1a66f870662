#include "tools/feeds/address_class.h"

#include <cstdint>

namespace newsdedup {
namespace {

bool IsInternalV4(const boost::asio::ip::address_v4& address) {
  const uint32_t a = address.to_uint();
  auto in = [a](uint32_t network, int bits) {
    const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == network;
  };
  return in(0x00000000, 8) ||   // 0.0.0.0/8: "this network"
         in(0x0A000000, 8) ||   // 10.0.0.0/8
         in(0x64400000, 10) ||  // 100.64.0.0/10: carrier-grade NAT
         in(0x7F000000, 8) ||   // 127.0.0.0/8: loopback
         in(0xA9FE0000, 16) ||  // 169.254.0.0/16: link-local, metadata
         in(0xAC100000, 12) ||  // 172.16.0.0/12
         in(0xC0A80000, 16);    // 192.168.0.0/16
}

}  // namespace

bool IsInternalAddress(const boost::asio::ip::address& address) {
  if (address.is_v4()) return IsInternalV4(address.to_v4());
  const boost::asio::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) {
    return IsInternalV4(v6.to_v4());
  }
  const auto bytes = v6.to_bytes();
  return v6.is_loopback() || v6.is_unspecified() || v6.is_link_local() ||
         (bytes[0] & 0xFE) == 0xFC;  // fc00::/7: unique local
}

}  // namespace newsdedup
