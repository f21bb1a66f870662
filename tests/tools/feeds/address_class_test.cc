#include "tools/feeds/address_class.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

bool Internal(const char* text) {
  return IsInternalAddress(boost::asio::ip::make_address(text));
}

TEST(AddressClassTest, LoopbackPrivateAndLinkLocalAreInternal) {
  for (const char* address :
       {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::",
        "fe80::1", "fd12:3456::1", "fc00::2", "::ffff:127.0.0.1",
        "::ffff:10.0.0.8"}) {
    EXPECT_TRUE(Internal(address)) << address;
  }
}

TEST(AddressClassTest, PublicAddressesAreNot) {
  for (const char* address :
       {"8.8.8.8", "172.15.255.255", "172.32.0.1", "192.169.0.1",
        "100.128.0.1", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.4.4",
        "169.253.0.1"}) {
    EXPECT_FALSE(Internal(address)) << address;
  }
}

}  // namespace
}  // namespace newsdedup
